import Foundation
import LambdaTestSupport
import XCTest

/// Images the tests make locally, since no registry can be reached here: `docker import` of small
/// root file systems built from busybox-static and gcc output.
enum DockerImages {
    /// The stand-in for `public.ecr.aws/lambda/provided:al2023`, under a test tag: importing under
    /// the real name would replace a developer's real image with this stand-in. Tests pass it with
    /// `--image`; the arm64 test's fake docker checks that the default is the real name.
    static let al2023 = "lambdactl-test/al2023:full"
    static let noDynload = "lambdactl-test/al2023:no-dynload"
    static let brokenLibpython = "lambdactl-test/al2023:broken-libpython"
    /// A near-empty image that borrows this machine's /usr and toolchain through read-only mounts.
    static let hostRoot = "lambdactl-test/hostroot:latest"

    nonisolated(unsafe) private static var made = false
    private static let lock = NSLock()

    /// Imports every test image once per test run.
    static func ensure() throws {
        lock.lock(); defer { lock.unlock() }
        if made { return }
        let info = try runProcess("docker", ["info", "--format", "{{.ServerVersion}}"])
        guard info.status == 0 else {
            throw FixtureError(message: "the docker daemon is not running (scripts/deps/build-start.sh starts it): \(info.transcript)")
        }
        let dir = try TemporaryDirectory("images")
        defer { dir.remove() }
        try importImage(al2023, from: try pythonRoot(in: dir, name: "full", dynload: true, libpython: true))
        try importImage(noDynload, from: try pythonRoot(in: dir, name: "nodyn", dynload: false, libpython: true))
        try importImage(brokenLibpython, from: try pythonRoot(in: dir, name: "broken", dynload: true, libpython: false))
        try importImage(hostRoot, from: try hostRootFS(in: dir), changes: ["ENV PATH=/opt/swift/usr/bin:/usr/local/bin:/usr/bin:/bin"])
        made = true
    }

    static func importImage(_ tag: String, from root: String, changes: [String] = [], platform: String? = nil) throws {
        let tarball = root + ".tar"
        let tar = try runProcess("tar", ["-C", root, "-cf", tarball, "."])
        guard tar.status == 0 else { throw FixtureError(message: tar.transcript) }
        if let platform {
            // `docker import --platform` is ignored by older engines (20.10 records amd64), so an
            // image of another architecture is built FROM scratch, which records the platform.
            let context = root + ".context"
            try FileManager.default.createDirectory(atPath: context, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: tarball, toPath: context + "/root.tar")
            try (["FROM scratch", "ADD root.tar /"] + changes).joined(separator: "\n").write(toFile: context + "/Dockerfile", atomically: true, encoding: .utf8)
            let result = try runProcess("docker", ["build", "-q", "--platform", platform, "-t", tag, context])
            guard result.status == 0 else { throw FixtureError(message: "docker build \(tag): \(result.transcript)") }
            return
        }
        let result = try runProcess("docker", ["import"] + changes.flatMap { ["--change", $0] } + [tarball, tag])
        guard result.status == 0 else { throw FixtureError(message: "docker import \(tag): \(result.transcript)") }
    }

    /// An arm64 stand-in for the AL2023 image (`--platform linux/arm64`), made of Debian's real
    /// arm64 packages: busybox for the `sh -c` script (run by QEMU inside the container) and a
    /// `dnf` whose "install" lays Debian's Python 3.11 out where AL2023's packages put theirs
    /// (/usr/bin, /usr/lib64/python3.11, /usr/lib64/libpython3.11.so*). Imported once per run.
    static let al2023Arm64 = "lambdactl-test/al2023:arm64-debian-python"
    nonisolated(unsafe) private static var madeArm64 = false

    static func ensureArm64() throws {
        try ensure()
        lock.lock(); defer { lock.unlock() }
        if madeArm64 { return }
        let dir = try TemporaryDirectory("images-arm64")
        defer { dir.remove() }
        let debian = try DebianArm64.extract(in: dir)
        let root = dir.path + "/root"
        let manager = FileManager.default
        for folder in ["bin", "usr/bin", "usr/lib64", "tmp", "output", "etc", "stand-in/usr/bin", "stand-in/usr/lib64"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: debian + "/bin/busybox", toPath: root + "/bin/busybox")
        for applet in ["sh", "cp", "mkdir", "chown", "ls", "cat", "rm", "ln", "echo", "test", "[", "true"] {
            try manager.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
        }
        let stage = root + "/stand-in/usr"
        try manager.copyItem(atPath: debian + "/usr/bin/python3.11", toPath: stage + "/bin/python3.11")
        let copy = try runProcess("cp", ["-a", debian + "/usr/lib/python3.11", stage + "/lib64/python3.11"])
        guard copy.status == 0 else { throw FixtureError(message: copy.transcript) }
        try manager.copyItem(atPath: debian + "/usr/lib/aarch64-linux-gnu/libpython3.11.so.1.0", toPath: stage + "/lib64/libpython3.11.so.1.0")
        try manager.createSymbolicLink(atPath: stage + "/lib64/libpython3.11.so", withDestinationPath: "libpython3.11.so.1.0")
        let dnf = """
        #!/bin/sh
        # Stand-in for dnf in a locally made arm64 image: "installs" Debian's arm64 Python baked in at /stand-in.
        set -e
        echo "stand-in dnf (arm64): $*"
        cp -rP /stand-in/usr/. /usr/

        """
        try dnf.write(toFile: root + "/usr/bin/dnf", atomically: true, encoding: .utf8)
        chmod(root + "/usr/bin/dnf", 0o755)
        try importImage(al2023Arm64, from: root, platform: "linux/arm64")
        madeArm64 = true
    }

    /// busybox with the applets a `sh -c` script of cp/mkdir/chown needs.
    static func busyboxRoot(_ root: String) throws {
        let manager = FileManager.default
        for folder in ["bin", "usr/bin", "usr/lib64", "tmp", "output", "etc"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        for applet in ["sh", "cp", "mkdir", "chown", "ls", "cat", "rm", "ln", "echo", "test", "[", "true"] {
            try manager.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
        }
    }

    /// A stand-in for the AL2023 image whose `dnf install` lays out a Python 3.11 tree where the real
    /// packages put it: /usr/bin/python3.11 (an ELF of this machine's architecture that needs
    /// libpython3.11.so.1.0), /usr/lib64/libpython3.11.so* and /usr/lib64/python3.11 with
    /// encodings/ and lib-dynload/.
    static func pythonRoot(in dir: TemporaryDirectory, name: String, dynload: Bool, libpython: Bool) throws -> String {
        let root = dir.path + "/" + name
        try busyboxRoot(root)
        let stage = root + "/stand-in/usr"
        let lib = stage + "/lib64"
        try FileManager.default.createDirectory(atPath: lib + "/python3.11/encodings", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: stage + "/bin", withIntermediateDirectories: true)
        try "# stand-in\n".write(toFile: lib + "/python3.11/encodings/__init__.py", atomically: true, encoding: .utf8)
        try "# stand-in\n".write(toFile: lib + "/python3.11/os.py", atomically: true, encoding: .utf8)
        let sources = try TemporaryDirectory("pysrc")
        defer { sources.remove() }
        let soSource = try sources.write("lib.c", "int py_version(void) { return 311; }\n")
        let shared = try runProcess("gcc", ["-shared", "-fPIC", "-Wl,-soname,libpython3.11.so.1.0", soSource, "-o", lib + "/libpython3.11.so.1.0"])
        guard shared.status == 0 else { throw FixtureError(message: shared.transcript) }
        try FileManager.default.createSymbolicLink(atPath: lib + "/libpython3.11.so", withDestinationPath: "libpython3.11.so.1.0")
        let mainSource = try sources.write("main.c", "int py_version(void);\nint main(void) { return py_version() == 311 ? 0 : 1; }\n")
        let exe = try runProcess("gcc", [mainSource, "-L" + lib, "-l:libpython3.11.so.1.0", "-o", stage + "/bin/python3.11"])
        guard exe.status == 0 else { throw FixtureError(message: exe.transcript) }
        if dynload {
            try FileManager.default.createDirectory(atPath: lib + "/python3.11/lib-dynload", withIntermediateDirectories: true)
            let module = try runProcess("gcc", ["-shared", "-fPIC", soSource, "-o", lib + "/python3.11/lib-dynload/binascii.cpython-311-x86_64-linux-gnu.so"])
            guard module.status == 0 else { throw FixtureError(message: module.transcript) }
        }
        if !libpython { try FileManager.default.removeItem(atPath: lib + "/libpython3.11.so.1.0") }
        let dnf = """
        #!/bin/sh
        # Stand-in for dnf in a locally made image: "installs" the Python tree baked in at /stand-in.
        set -e
        echo "stand-in dnf: $*"
        cp -rP /stand-in/usr/. /usr/

        """
        try dnf.write(toFile: root + "/usr/bin/dnf", atomically: true, encoding: .utf8)
        chmod(root + "/usr/bin/dnf", 0o755)
        return root
    }

    /// Debian's merged-/usr skeleton: the container sees this machine's /usr, /etc and /opt/swift
    /// through read-only mounts, so the local toolchain builds inside docker.
    static func hostRootFS(in dir: TemporaryDirectory) throws -> String {
        let root = dir.path + "/hostroot"
        let manager = FileManager.default
        for folder in ["usr", "etc", "opt/swift", "tmp", "workspace", "proc", "sys", "dev"] {
            try manager.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        chmod(root + "/tmp", 0o1777)
        for (link, target) in [("bin", "usr/bin"), ("lib", "usr/lib"), ("lib64", "usr/lib64"), ("sbin", "usr/sbin")] {
            try manager.createSymbolicLink(atPath: root + "/" + link, withDestinationPath: target)
        }
        return root
    }

    /// The mounts that make `hostRoot` a build machine.
    static let hostRootVolumes = ["/usr:/usr:ro", "/etc:/etc:ro", "/opt/swift:/opt/swift:ro"]
}

