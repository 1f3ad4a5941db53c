import LambdaArchive
import LambdaTestSupport
import XCTest

/// binfmt_misc entries as the kernel prints them, matched by the bytes an ELF of each architecture
/// starts with (the real entry names vary between qemu-user-static, docker's binfmt image and
/// systemd).
final class BinfmtRegistryTests: XCTestCase {
    static let aarch64 = """
        enabled
        interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
        flags: PF
        offset 0
        magic 7f454c460201010000000000000000000200b700
        mask ffffffffffffff00fffffffffffffffffeffffff

        """
    static let x86_64 = """
        enabled
        interpreter /usr/bin/qemu-x86_64-static
        flags: F
        offset 0
        magic 7f454c4602010100000000000000000002003e00
        mask fffffffffffefefcfffffffffffffffffeffffff

        """

    func testParsesTheKernelsText() throws {
        let handler = try XCTUnwrap(BinfmtHandler(name: "qemu-aarch64", text: Self.aarch64))
        XCTAssertTrue(handler.enabled)
        XCTAssertEqual(handler.interpreter, "/usr/libexec/qemu-binfmt/aarch64-binfmt-P")
        XCTAssertEqual(handler.flags, ["P", "F"])
        XCTAssertTrue(handler.fixesBinary)
        XCTAssertEqual(handler.offset, 0)
        XCTAssertEqual(handler.magic.count, 20)
        XCTAssertEqual(handler.mask.count, 20)
        XCTAssertFalse(try XCTUnwrap(BinfmtHandler(name: "x", text: Self.aarch64.replacingOccurrences(of: "flags: PF", with: "flags: "))).fixesBinary)
        XCTAssertFalse(try XCTUnwrap(BinfmtHandler(name: "x", text: Self.aarch64.replacingOccurrences(of: "enabled", with: "disabled"))).enabled)
    }

    func testWhatIsNotAMagicEntryIsNil() {
        XCTAssertNil(BinfmtHandler(name: "status", text: "enabled\n"))
        XCTAssertNil(BinfmtHandler(name: "exe", text: "enabled\ninterpreter /usr/bin/wine\nflags: \nextension .exe\n"))
        XCTAssertNil(BinfmtHandler(name: "odd", text: Self.aarch64.replacingOccurrences(of: "magic 7f45", with: "magic 7f4")))
        XCTAssertNil(BinfmtHandler(name: "bad", text: Self.aarch64.replacingOccurrences(of: "magic 7f45", with: "magic zz45")))
        XCTAssertNil(BinfmtHandler(name: "short", text: Self.aarch64.replacingOccurrences(of: "mask ffffffffffffff00", with: "mask ff")))
        XCTAssertNil(BinfmtHandler(name: "far", text: Self.aarch64.replacingOccurrences(of: "offset 0", with: "offset 99999999999999999999")))
        XCTAssertNil(BinfmtHandler(name: "empty", text: ""))
    }

    func testMatchesByTheELFHeaderNotTheName() throws {
        let arm = try XCTUnwrap(BinfmtHandler(name: "arm-by-another-name", text: Self.aarch64))
        let x86 = try XCTUnwrap(BinfmtHandler(name: "qemu-aarch64-but-really-x86", text: Self.x86_64))
        let armHeader = [UInt8](Fixtures.elfHeader(machine: 183))
        let x86Header = [UInt8](Fixtures.elfHeader(machine: 62))
        XCTAssertTrue(arm.matches(armHeader))
        XCTAssertFalse(arm.matches(x86Header))
        XCTAssertTrue(x86.matches(x86Header))
        XCTAssertFalse(x86.matches(armHeader))
        XCTAssertFalse(arm.matches(Array(armHeader.prefix(10))), "a header shorter than the magic never matches")
    }

    func testRegistryFindsTheEntryForAnArchitecture() throws {
        let dir = try TemporaryDirectory("binfmt")
        defer { dir.remove() }
        let registry = BinfmtRegistry(root: dir.path)
        XCTAssertFalse(registry.isAvailable, "no status file: not mounted")
        XCTAssertNil(registry.handler(for: .arm64))
        try dir.write("status", "enabled\n")
        try dir.write("register", "")
        try dir.write("zz-arm-disabled", Self.aarch64.replacingOccurrences(of: "enabled", with: "disabled"))
        try dir.write("x86", Self.x86_64)
        XCTAssertTrue(registry.isAvailable)
        XCTAssertEqual(registry.handler(for: .arm64)?.name, "zz-arm-disabled", "a disabled entry is still reported, so the error can name it")
        try dir.write("arm", Self.aarch64)
        XCTAssertEqual(registry.handler(for: .arm64)?.name, "arm", "an enabled entry with F wins")
        XCTAssertEqual(registry.handler(for: .x86_64)?.name, "x86")
        try dir.write("status", "disabled\n")
        XCTAssertFalse(registry.isAvailable)
        XCTAssertEqual(BinfmtRegistry.system(environment: ["LAMBDACTL_BINFMT_MISC": dir.path]).root, dir.path)
        XCTAssertEqual(BinfmtRegistry.system(environment: [:]).root, "/proc/sys/fs/binfmt_misc")
    }

    /// This machine's own table, when scripts/deps/arm64.sh has registered QEMU.
    func testThisMachinesQEMUEntryIsFound() throws {
        #if !arch(x86_64)
        throw XCTSkip("the deps script registers qemu-aarch64 on x86_64 machines only")
        #else
        let handler = try XCTUnwrap(BinfmtRegistry().handler(for: .arm64), "no binfmt_misc entry for aarch64: run bash scripts/deps/arm64.sh")
        XCTAssertTrue(handler.enabled)
        XCTAssertTrue(handler.fixesBinary)
        #endif
    }
}
