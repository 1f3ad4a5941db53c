import Foundation
import LambdaFuzzing
import LambdaTestSupport
import XCTest

/// Replays the seed corpus and every regression file through each harness, without libFuzzer, so a
/// crash found once stays fixed: a trap fails the suite, a broken invariant fails the assertion.
/// `Fuzz/pending/` (crashes of parsers whose fixes have not landed yet) is not replayed.
final class CorpusReplayTests: XCTestCase {
    static let fuzzFolder = Paths.repositoryRoot.appendingPathComponent("Fuzz")

    static func files(_ folder: String, _ target: FuzzTarget) -> [URL] {
        let url = fuzzFolder.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { url.appendingPathComponent($0) }
    }

    func testEveryTargetHasASeedCorpus() {
        for target in FuzzTarget.allCases {
            XCTAssertGreaterThanOrEqual(Self.files("corpus", target).count, 5,
                                        "Fuzz/corpus/\(target.rawValue) needs seeds: run python3 Fuzz/make-seeds.py")
        }
    }

    func testCorpusAndRegressionsReplayWithoutViolation() throws {
        var replayed = 0
        for target in FuzzTarget.allCases {
            for file in Self.files("corpus", target) + Self.files("regressions", target) {
                let bytes = try [UInt8](Data(contentsOf: file))
                XCTAssertNil(target.check(bytes), "\(target.rawValue): \(file.lastPathComponent)")
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 50)
    }

    /// The seeds are what make-seeds.py writes: a stale or hand-edited seed would make the corpus
    /// differ from its reviewable source.
    func testSeedsMatchTheirGenerator() throws {
        let copy = try TemporaryDirectory("lambdactl-seeds")
        defer { copy.remove() }
        let root = URL(fileURLWithPath: copy.path)
        let generated = root.appendingPathComponent("make-seeds.py")
        try FileManager.default.copyItem(at: Self.fuzzFolder.appendingPathComponent("make-seeds.py"), to: generated)
        let result = try LambdaTestSupport.run("python3", [generated.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        for target in FuzzTarget.allCases {
            let fresh = root.appendingPathComponent("corpus").appendingPathComponent(target.rawValue)
            let names = try FileManager.default.contentsOfDirectory(atPath: fresh.path).sorted()
            XCTAssertFalse(names.isEmpty, target.rawValue)
            for name in names {
                let committed = Self.fuzzFolder.appendingPathComponent("corpus/\(target.rawValue)/\(name)")
                XCTAssertEqual(try? Data(contentsOf: committed), try Data(contentsOf: fresh.appendingPathComponent(name)),
                               "Fuzz/corpus/\(target.rawValue)/\(name) differs from make-seeds.py's output: rerun it")
            }
        }
    }
}
