import Foundation
import LambdaFuzzing

/// One binary for every harness, two ways to run it.
///
/// Built with `--sanitize fuzzer -Xswiftc -DFUZZING` (what `scripts/fuzz` does) it is a libFuzzer
/// binary: libFuzzer brings `main`, and the harness is chosen by `LAMBDACTL_FUZZ_TARGET`, an
/// environment variable because libFuzzer owns the command line and passes the environment on to
/// the processes it forks (`-fork`, `-jobs`, `-merge`).
///
/// In a normal build it replays files: `lambdactl-fuzz TARGET FILE|FOLDER...` runs each file
/// through the harness without libFuzzer, to reproduce a crash under a debugger.
#if FUZZING
let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["LAMBDACTL_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("lambdactl-fuzz: set LAMBDACTL_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutableRawPointer?) -> Int32 {
    _ = selectedTarget
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget.run(bytes)
    return 0
}
#else
@main
struct FuzzReplay {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            fail("usage: lambdactl-fuzz TARGET FILE|FOLDER... (TARGET: \(names)); build with scripts/fuzz to fuzz")
        }
        arguments.removeFirst()
        var count = 0
        for path in arguments {
            for file in files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { fail("cannot read \(file)") }
                print("\(target.rawValue): \(file)")
                if let violation = target.check(Array(data)) { fail("\(file): \(violation)") }
                count += 1
            }
        }
        print("\(target.rawValue): \(count) inputs replayed, no invariant violated")
    }

    static func files(at path: String) -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { fail("\(path) does not exist") }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            var folder: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &folder) && !folder.boolValue
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("lambdactl-fuzz: \(message)\n".utf8))
        exit(1)
    }
}
#endif
