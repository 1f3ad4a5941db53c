import Foundation
import LambdaTestSupport
import XCTest

/// The shebang and `exec` checks against the programs provided.al2023 and provided.al2 really have:
/// zsh and perl are not in the base images, bash and sh are.
final class InterpreterCheckTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUpWithError() throws { dir = try TemporaryDirectory("interp") }
    override func tearDown() { dir.remove() }

    func doctor(_ script: String, runtime: String) throws -> ProcessResult {
        let zip = dir.file("\(abs(script.hashValue)).zip")
        try Fixtures.pythonZip(at: zip, [ZipFixtureEntry("bootstrap", script, mode: 0o100755)])
        return try runProcess(Paths.lambdactl, ["doctor", zip, "--runtime", runtime], currentDirectory: dir.path)
    }

    let runtimes = ["provided.al2023", "provided.al2"]

    func testProgramsTheImageLacksAreRefused() throws {
        for runtime in runtimes {
            for script in ["#!/bin/zsh\necho hi\n", "#!/usr/bin/perl\nprint 1;\n", "#!/usr/bin/zsh -f\necho hi\n",
                           "#!/bin/sh\nexec /usr/bin/zsh -c 'echo hi'\n", "#!/usr/bin/python3\nprint(1)\n"] {
                let result = try doctor(script, runtime: runtime)
                XCTAssertEqual(result.status, 1, "\(runtime) \(script): \(result.transcript)")
                XCTAssertTrue(result.stdout.contains("error[interpreter-missing]"), "\(runtime) \(script): \(result.transcript)")
                XCTAssertTrue(result.stdout.contains("fix: "), result.transcript)
            }
        }
        let zsh = try doctor("#!/bin/zsh\necho hi\n", runtime: "provided.al2023")
        XCTAssertTrue(zsh.stdout.contains("provided.al2023 has no /bin/zsh"), zsh.transcript)
        XCTAssertTrue(zsh.stdout.contains("/bin/sh or /bin/bash"), zsh.transcript)
    }

    func testShellsAndCoreutilsPass() throws {
        for runtime in runtimes {
            for script in ["#!/bin/sh\necho hi\n", "#!/bin/bash\necho hi\n", "#!/usr/bin/bash\necho hi\n", "#!/usr/bin/env bash\necho hi\n",
                           "#!/usr/bin/env sh\necho hi\n", "#!/bin/sh\nexec /usr/bin/env bash -c 'echo hi'\n", "#!/bin/sh\nexec /bin/cat /dev/null\n"] {
                let result = try doctor(script, runtime: runtime)
                XCTAssertEqual(result.status, 0, "\(runtime) \(script): \(result.transcript)")
                XCTAssertTrue(result.stdout.contains("ok: no problems found"), "\(runtime) \(script): \(result.transcript)")
            }
        }
    }
}
