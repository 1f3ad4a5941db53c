import Foundation

/// Small artefacts tests build on the spot, so no binary is committed.
public enum Fixtures {
    /// A minimal ELF64 header (no sections) for `machine` (62 x86_64, 183 aarch64): enough for an
    /// architecture check, as `file` would report it.
    public static func elfHeader(machine: UInt16) -> Data {
        var bytes = [UInt8](repeating: 0, count: 64)
        bytes[0...3] = [0x7F, 0x45, 0x4C, 0x46]
        bytes[4] = 2  // ELFCLASS64
        bytes[5] = 1  // little endian
        bytes[6] = 1  // EV_CURRENT
        bytes[16] = 2  // ET_EXEC
        bytes[18] = UInt8(machine & 0xff)
        bytes[19] = UInt8(machine >> 8)
        bytes[20] = 1
        bytes[52] = 64  // e_ehsize
        return Data(bytes)
    }

    /// Compiles C source with the system gcc and returns the executable's path.
    public static func compileC(_ source: String, in directory: TemporaryDirectory, name: String, flags: [String] = []) throws -> String {
        let sourcePath = try directory.write(name + ".c", source)
        let output = directory.file(name)
        let result = try runProcess("gcc", ["-O1", sourcePath, "-o", output] + flags)
        guard result.status == 0 else { throw FixtureError(message: "gcc failed: \(result.transcript)") }
        return output
    }

    /// Cross-compiles C source for aarch64 with Debian's `aarch64-linux-gnu-gcc` (scripts/deps/arm64.sh
    /// installs it, with QEMU to run the result) and returns the executable's path.
    public static func compileAarch64(_ source: String, in directory: TemporaryDirectory, name: String, flags: [String] = []) throws -> String {
        let sourcePath = try directory.write(name + ".c", source)
        let output = directory.file(name)
        let result = try runProcess("aarch64-linux-gnu-gcc", ["-O1", sourcePath, "-o", output] + flags)
        guard result.status == 0 else {
            throw FixtureError(message: "aarch64-linux-gnu-gcc failed (bash scripts/deps/arm64.sh installs it): \(result.transcript)")
        }
        return output
    }

    /// A C program that calls `hypotf`, which glibc 2.35 re-versioned: linked on Debian 12 it needs
    /// `GLIBC_2.35`, like a Swift binary with Foundation or SwiftNIO.
    public static let hypotfProgram = """
    #include <math.h>
    #include <stdio.h>
    int main(int argc, char **argv) { printf("%f\\n", hypotf((float)argc, 2.0f)); return 0; }
    """

    public static let trivialProgram = "int main(void) { return 0; }\n"
}

public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// One entry of a zip written by Python's zipfile, the way other tools write them: `system` is the
/// "made by" host (3 Unix, 0 MS-DOS/Windows) and `mode` the Unix mode (`nil`: no attributes).
public struct ZipFixtureEntry: Sendable {
    public var name: String
    public var data: [UInt8]
    public var system: Int
    public var mode: Int?

    public init(_ name: String, _ data: [UInt8], system: Int = 3, mode: Int? = 0o100644) {
        self.name = name
        self.data = data
        self.system = system
        self.mode = mode
    }

    public init(_ name: String, _ text: String, system: Int = 3, mode: Int? = 0o100644) {
        self.init(name, Array(text.utf8), system: system, mode: mode)
    }
}

extension Fixtures {
    /// Writes a deflated zip with Python's zipfile (an independent writer), names and modes as given,
    /// even unsafe ones (`../x`, absolute paths), which lambdactl's own writer refuses to produce.
    public static func pythonZip(at path: String, _ entries: [ZipFixtureEntry]) throws {
        let spec = entries.map { entry -> [String: Any] in
            ["name": entry.name, "data": Data(entry.data).base64EncodedString(), "system": entry.system, "mode": entry.mode ?? -1]
        }
        let json = try JSONSerialization.data(withJSONObject: spec)
        let script = """
        import base64, json, sys, zipfile
        with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
            for e in json.load(sys.stdin):
                info = zipfile.ZipInfo(e["name"], (2020, 1, 1, 0, 0, 0))
                info.create_system = e["system"]
                if e["mode"] >= 0: info.external_attr = e["mode"] << 16
                z.writestr(info, base64.b64decode(e["data"]))
        """
        let result = try runProcess("python3", ["-c", script, path], input: json)
        guard result.status == 0 else { throw FixtureError(message: "python zipfile: \(result.transcript)") }
    }
}
