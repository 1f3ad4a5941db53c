import CLibzip

/// An `ELFByteSource` over one entry of a zip, without inflating the entry into memory.
///
/// A deflated entry can only be read front to back, so each `read` streams the entry from its
/// start through 64 KiB buffers, copies out the bytes of the wanted ranges and stops after the last
/// one (the headers and `.dynamic` of a binary sit in its first kilobytes; only the section header
/// table, at the end, costs a full pass). Memory is the buffer plus the ranges, whatever the entry's
/// size. It uses its own libzip handle (`ZipStreamArchive`), independent of `ZipReader`'s.
final class ZipEntryByteSource: ELFByteSource {
    let archive: ZipStreamArchive
    let entry: ZipEntryInfo
    private static let chunkBytes = 64 << 10

    init(archive: ZipStreamArchive, entry: ZipEntryInfo) {
        self.archive = archive
        self.entry = entry
    }

    /// The entry's declared size; a stream that ends sooner makes `read` throw.
    var size: UInt64 { entry.uncompressedSize }

    func read(_ ranges: [ByteRange]) throws -> [[UInt8]] {
        var buffers = ranges.map { [UInt8](repeating: 0, count: max($0.length, 0)) }
        var stop: UInt64 = 0
        for range in ranges {
            guard let end = range.end else { throw ELFError.malformed("\(range) ends past 2^64") }
            stop = max(stop, end)
        }
        if stop == 0 { return buffers }
        guard let file = zip_fopen_index(archive.handle, zip_uint64_t(entry.index), 0) else {
            throw ArchiveError.cannotRead(path: "\(archive.path):\(entry.name)", reason: String(cString: zip_strerror(archive.handle)))
        }
        defer { zip_fclose(file) }
        var chunk = [UInt8](repeating: 0, count: ZipEntryByteSource.chunkBytes)
        var position: UInt64 = 0
        while position < stop {
            let wanted = min(UInt64(chunk.count), stop - position)
            let count = chunk.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t(wanted)) }
            if count < 0 {
                throw ArchiveError.cannotRead(path: "\(archive.path):\(entry.name)", reason: String(cString: zip_file_strerror(file)))
            }
            if count == 0 { break }
            let chunkEnd = position + UInt64(count)
            for (slot, range) in ranges.enumerated() {
                guard let end = range.end else { continue }
                let from = max(position, range.offset), to = min(chunkEnd, end)
                guard from < to else { continue }
                let source = Int(from - position), target = Int(from - range.offset), length = Int(to - from)
                buffers[slot].replaceSubrange(target..<(target + length), with: chunk[source..<(source + length)])
            }
            position = chunkEnd
        }
        if position < stop {
            throw ELFError.malformed("'\(entry.name)' inflates to \(position) bytes, but its headers refer to bytes up to offset \(stop) (the zip declares \(entry.uncompressedSize))")
        }
        return buffers
    }
}
