/// The ELF files of one inspection, each parsed once (streamed from its zip, never inflated whole)
/// and shared by the checks that need it: the bootstrap's, the per-file checks of every binary, and
/// the loader's walk through the shared libraries the bootstrap loads.
final class ELFCatalog {
    /// One zip entry: `source` 0 is the function zip, 1... its layers in order.
    struct Key: Hashable {
        var source: Int
        var index: Int
    }

    let readers: [ZipReader]
    private var archives: [Int: ZipStreamArchive] = [:]
    private var parsed: [Key: Result<ELFFile, any Error>] = [:]
    private var magic: [Key: Bool] = [:]
    /// Entries the bootstrap's loader walk reached: their missing libraries are errors found there,
    /// not the per-file warning.
    var reached: Set<Key> = []
    /// Programs whose libraries were already followed (a script may exec the same one twice).
    var walked: Set<Key> = []

    init(readers: [ZipReader]) { self.readers = readers }

    /// The files Lambda will lay out, built on first use (it reads every symlink's target).
    lazy var tree = RuntimeFileTree(function: readers[0], layers: Array(readers.dropFirst()))

    /// Notes whether an entry starts with the ELF magic number, from its first bytes read elsewhere
    /// (the data check reads every entry anyway), so `hasMagic` does not open the entry again.
    func noteFirstBytes(source: Int, entry: ZipEntryInfo, _ bytes: [UInt8]) {
        guard bytes.count >= 4 else { return }
        magic[Key(source: source, index: entry.index)] = ELFFile.hasMagic(bytes)
    }

    /// True when the entry starts with the ELF magic number (reads 4 bytes).
    func hasMagic(source: Int, entry: ZipEntryInfo) -> Bool {
        let key = Key(source: source, index: entry.index)
        if let known = magic[key] { return known }
        let result = (try? readers[source].contents(of: entry, limit: 4)).map { ELFFile.hasMagic($0) } ?? false
        magic[key] = result
        return result
    }

    func elf(source: Int, entry: ZipEntryInfo) -> Result<ELFFile, any Error> {
        let key = Key(source: source, index: entry.index)
        if let known = parsed[key] { return known }
        let result = Result<ELFFile, any Error> {
            if archives[source] == nil { archives[source] = try ZipStreamArchive(path: readers[source].path) }
            guard let archive = archives[source] else { throw ArchiveError.cannotOpen(path: readers[source].path, reason: "not opened") }
            return try ELFFile(source: ZipEntryByteSource(archive: archive, entry: entry))
        }
        parsed[key] = result
        return result
    }
}
