import Foundation

/// An `ELFByteSource` over a file on disk, read with `pread`: `serve` looks at a bootstrap's header
/// without reading a 40 MB binary whole.
public final class FileByteSource: ELFByteSource {
    private let descriptor: Int32
    public let size: UInt64

    /// Opens `path` for reading; throws when it cannot be opened or is not a regular file
    /// (`RegularFile`: a FIFO does not block the open).
    public init(path: String) throws {
        switch RegularFile.open(path) {
        case .success(let file):
            descriptor = file.descriptor
            size = file.size
        case .failure(.cannotOpen(let reason)):
            throw ELFError.malformed("cannot open \(path): \(reason)")
        case .failure(.notRegular):
            throw ELFError.malformed("\(path) is not a regular file")
        }
    }

    deinit { close(descriptor) }

    public func read(_ ranges: [ByteRange]) throws -> [[UInt8]] {
        try ranges.map { range in
            guard range.length >= 0, let end = range.end, end <= size, let offset = off_t(exactly: range.offset) else {
                throw ELFError.malformed("\(range) lies past the end of the \(size)-byte file")
            }
            var bytes = [UInt8](repeating: 0, count: range.length)
            var done = 0
            while done < range.length {
                let count = bytes.withUnsafeMutableBytes { buffer in
                    pread(descriptor, buffer.baseAddress! + done, range.length - done, offset + off_t(done))
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { throw ELFError.malformed("the file ends before \(range)") }
                done += count
            }
            return bytes
        }
    }
}
