// Benchmark probe on LambdaRuntime: `{"stamps": N, "gap_ms": G}` streams N chunks, each holding the
// CLOCK_MONOTONIC time (ns) taken just before `write`, so the harness can measure write → arrival;
// `{"bytes": B, "chunk": C}` streams B bytes in C-byte chunks (throughput).
import LambdaRuntime

func monotonicNanoseconds() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
}

LambdaRuntime { event, writer, context in
    let json = try JSONValue.parse(event)
    if let total = json["bytes"]?.intValue, let size = json["chunk"]?.intValue, size > 0 {
        // A large stream in fixed-size chunks, all from one buffer.
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: size)
        for _ in 0..<(total / size) { try await writer.write(chunk) }
        return
    }
    let count = json["stamps"]?.intValue ?? 1
    let gap = json["gap_ms"]?.intValue ?? 0
    for index in 0..<count {
        if index > 0, gap > 0 { try await Task.sleep(for: .milliseconds(gap)) }
        try await writer.write("\(monotonicNanoseconds())\n")
    }
}.start()
