import LambdaArchive
@testable import LambdaLocal
import LambdaTestSupport
import XCTest

/// `Emulation.plan`'s decisions on stand-in binfmt_misc tables, for the cases the end-to-end tests
/// in `EmulatedServeTests` cannot set up on this machine (its real table must stay as it is).
final class EmulationPlanTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory("emulation-plan") }
    override func tearDown() { dir?.remove() }

    func registry(flags: String) throws -> BinfmtRegistry {
        try dir.write("binfmt/status", "enabled\n")
        try dir.write("binfmt/qemu-aarch64", """
            enabled
            interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
            flags: \(flags)
            offset 0
            magic 7f454c460201010000000000000000000200b700
            mask ffffffffffffff00fffffffffffffffffeffffff

            """)
        return BinfmtRegistry(root: dir.file("binfmt"))
    }

    let staticArm64 = ProgramArchitecture(architecture: .arm64, file: "/f/bootstrap", loader: nil)
    let dynamicArm64 = ProgramArchitecture(architecture: .arm64, file: "/f/bootstrap", loader: "/lib/ld-linux-aarch64.so.1")

    func testWithoutTheFFlagOnlyIsolationNoneRuns() throws {
        let table = try registry(flags: "P")
        XCTAssertThrowsError(try Emulation.plan(program: staticArm64, requested: nil, host: .x86_64, registry: table, isolation: .mountNamespace)) { error in
            XCTAssertTrue("\(error)".contains("lacks the F (fix binary) flag"), "\(error)")
        }
        let plan = try Emulation.plan(program: staticArm64, requested: nil, host: .x86_64, registry: table, isolation: .none)
        XCTAssertEqual(plan?.guest, .arm64)
        XCTAssertEqual(plan?.handler.name, "qemu-aarch64")
    }

    func testNativeProgramsAndScriptsOfNoArchitectureNeedNoEmulation() throws {
        let table = try registry(flags: "PF")
        XCTAssertNil(try Emulation.plan(program: nil, requested: nil, host: .x86_64, registry: table, isolation: .mountNamespace))
        XCTAssertNil(try Emulation.plan(program: ProgramArchitecture(architecture: .x86_64, file: "b", loader: nil), requested: .x86_64,
                                        host: .x86_64, registry: table, isolation: .mountNamespace))
        // A script that runs only this machine's programs, served as arm64 because the project says so.
        XCTAssertEqual(try Emulation.plan(program: nil, requested: .arm64, host: .x86_64, registry: table, isolation: .mountNamespace)?.guest, .arm64)
    }

    func testDynamicProgramsGetTheCrossSysrootOrAnErrorNamingIt() throws {
        let table = try registry(flags: "PF")
        let withSysroot: Set = ["/usr/aarch64-linux-gnu/lib", "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1"]
        let plan = try Emulation.plan(program: dynamicArm64, requested: nil, host: .x86_64, registry: table, isolation: .mountNamespace,
                                      fileExists: { withSysroot.contains($0) })
        XCTAssertEqual(plan?.sysroot, "/usr/aarch64-linux-gnu")

        XCTAssertThrowsError(try Emulation.plan(program: dynamicArm64, requested: nil, host: .x86_64, registry: table, isolation: .mountNamespace,
                                                fileExists: { _ in false })) { error in
            XCTAssertTrue("\(error)".contains("needs /lib/ld-linux-aarch64.so.1"), "\(error)")
            XCTAssertTrue("\(error)".contains("apt-get install libc6-arm64-cross"), "\(error)")
        }
        // A static program runs without a sysroot.
        let bare = try Emulation.plan(program: staticArm64, requested: nil, host: .x86_64, registry: table, isolation: .mountNamespace, fileExists: { _ in false })
        XCTAssertNil(bare?.sysroot)
    }

    func testTheSysrootReachesQEMUAndTheFunctionsOwnSettingWins() throws {
        let table = try registry(flags: "PF")
        var config = FunctionConfiguration(taskRoot: dir.path, optRoot: dir.path)
        config.emulation = Emulation(guest: .arm64, host: .x86_64, handler: try XCTUnwrap(table.handler(for: .arm64)), sysroot: "/usr/aarch64-linux-gnu")
        XCTAssertEqual(config.processEnvironment(runtimeAPI: "127.0.0.1:1", instance: 0)["QEMU_LD_PREFIX"], "/usr/aarch64-linux-gnu")
        config.environment["QEMU_LD_PREFIX"] = "/srv/arm64-root"
        XCTAssertEqual(config.processEnvironment(runtimeAPI: "127.0.0.1:1", instance: 0)["QEMU_LD_PREFIX"], "/srv/arm64-root")
        config.emulation = nil
        config.environment = [:]
        XCTAssertNil(config.processEnvironment(runtimeAPI: "127.0.0.1:1", instance: 0)["QEMU_LD_PREFIX"])
    }

    /// What detect reads is the package's own: a `..` that leads out of it is not followed, and a
    /// FIFO named bootstrap is not opened for a read that would never end.
    func testDetectionReadsOnlyThePackagesOwnRegularFiles() throws {
        let elf = try Fixtures.compileC(Fixtures.trivialProgram, in: dir, name: "native")
        try FileManager.default.createDirectory(atPath: dir.file("task"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir.file("opt/bin"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: elf, toPath: dir.file("opt/bin/tool"))
        let script = try dir.write("task/bootstrap", "#!/bin/sh\nexec /opt/bin/tool\n", mode: 0o755)
        XCTAssertEqual(ProgramArchitecture.detect(bootstrap: script, taskRoot: dir.file("task"), optRoot: dir.file("opt"))?.architecture, .host)

        try dir.write("task/bootstrap", "#!/bin/sh\nexec /opt/../native\n", mode: 0o755)
        XCTAssertNil(ProgramArchitecture.detect(bootstrap: script, taskRoot: dir.file("task"), optRoot: dir.file("opt")))

        let fifo = dir.file("task/fifo")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertNil(ProgramArchitecture.detect(bootstrap: fifo, taskRoot: dir.file("task"), optRoot: dir.file("opt")))
    }
}
