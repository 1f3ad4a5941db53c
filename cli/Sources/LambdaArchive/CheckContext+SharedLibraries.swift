import Foundation

/// Follows `DT_NEEDED` from a program the way glibc's loader will on Lambda: breadth first, each name
/// searched in the object's `DT_RPATH` (and its loaders', when it has no `DT_RUNPATH`), then the
/// runtime's `LD_LIBRARY_PATH`, then its `DT_RUNPATH`, then the base image's libraries, with
/// `$ORIGIN` expanded relative to the object. A name found nowhere is the exit 127 (`error while
/// loading shared libraries`), reported with the chain that leads to it.
extension CheckContext {
    /// One object the loader has mapped: where it was found (its `$ORIGIN` is that folder) and the
    /// objects that led to it, root first.
    private struct LoadedObject {
        var file: RuntimeFileTree.File
        var loadPath: String
        var elf: ELFFile
        var chain: [Int]
    }

    private enum Lookup {
        case system
        case shipped(RuntimeFileTree.File, loadPath: String, ELFFile)
        case unusable(RuntimeFileTree.File, any Error)
        case missing
    }

    mutating func checkLoadedLibraries(of root: ZipEntryInfo, elf: ELFFile) {
        let rootKey = ELFCatalog.Key(source: 0, index: root.index)
        guard elves.walked.insert(rootKey).inserted, let rootParts = ZipReader.safeComponents(of: root.name) else { return }
        elves.reached.insert(rootKey)
        let rootPath = "/var/task/" + rootParts.joined(separator: "/")
        var loaded = [LoadedObject(file: RuntimeFileTree.File(path: rootPath, source: 0, entry: root), loadPath: rootPath, elf: elf, chain: [0])]
        var loadedPaths: Set<String> = [rootPath]
        // The loader reuses an object already mapped under a name (the DT_NEEDED it was loaded for,
        // or its soname) instead of searching again.
        var loadedNames = Set(elf.soname.map { [$0] } ?? [])
        var cursor = 0
        while cursor < loaded.count {
            let object = loaded[cursor]
            cursor += 1
            for name in object.elf.neededLibraries where !loadedNames.contains(name) {
                loadedNames.insert(name)
                let chain = (object.chain.map { display(loaded[$0].file) } + [name]).joined(separator: " -> ")
                switch lookUp(name, for: object, loaders: object.chain.map { loaded[$0] }, root: elf) {
                case .system:
                    continue
                case .shipped(let file, let loadPath, let library):
                    elves.reached.insert(ELFCatalog.Key(source: file.source, index: file.entry.index))
                    if let soname = library.soname { loadedNames.insert(soname) }
                    if loadedPaths.insert(file.path).inserted {
                        loaded.append(LoadedObject(file: file, loadPath: loadPath, elf: library, chain: object.chain + [loaded.count]))
                    }
                case .unusable(let file, let error):
                    elves.reached.insert(ELFCatalog.Key(source: file.source, index: file.entry.index))
                    add("elf-malformed", .error,
                        "\(chain): the loader finds \(name) at \(file.path), which cannot be loaded (\(error)); bootstrap fails with 'error while loading shared libraries' (exit 127).",
                        fix: "Rebuild or copy \(display(file)) again (cp -P keeps library links intact).", entry: entryName(file))
                case .missing:
                    add("missing-shared-library", .error, missingMessage(name, chain: chain, needer: object), fix: missingFix(name, needer: object),
                        entry: entryName(object.file))
                }
            }
        }
    }

    private func missingMessage(_ name: String, chain: String, needer: LoadedObject) -> String {
        var text = "\(chain): '\(display(needer.file))' needs \(name), which \(options.runtime) does not provide and the loader finds in no folder it searches"
            + " (\(searchDescription(needer))); bootstrap exits 127 with 'error while loading shared libraries: \(name): cannot open shared object file'."
        let elsewhere = shippedPaths(named: name)
        if !elsewhere.isEmpty {
            text += " The package or a layer has \(elsewhere.prefix(3).joined(separator: ", ")), but not on that search path."
        }
        return text
    }

    private func missingFix(_ name: String, needer: LoadedObject) -> String {
        if CheckContext.isSwiftRuntimeLibrary(name) { return CheckContext.sharedLibraryFix(name) }
        let folder = PathText.parent(needer.loadPath)
        return "Ship \(name) in the package's lib/ folder or a layer's lib/ (on LD_LIBRARY_PATH as /var/task/lib and /opt/lib), "
            + "or next to \(display(needer.file)) (\(folder)) and link that with -Wl,-rpath,'$ORIGIN', or link \(name) statically."
    }

    /// The folders searched for a name `object` needs, in the loader's order.
    private func searchFolders(for object: LoadedObject, loaders: [LoadedObject], root: ELFFile) -> [String] {
        var folders: [String] = []
        // DT_RPATH counts only when the object has no DT_RUNPATH; then the RPATHs of the objects
        // that loaded it are searched too, up to the program (an object with a RUNPATH has its
        // RPATH ignored: glibc elf/get-dynamic-info.h).
        if object.elf.runpath.isEmpty {
            for loader in loaders.reversed() where loader.elf.runpath.isEmpty {
                folders += expand(loader.elf.rpath, origin: loader.loadPath, root: root)
            }
        }
        folders += options.runtime.libraryPath
        folders += expand(object.elf.runpath, origin: object.loadPath, root: root)
        folders += ["/lib64", "/usr/lib64"]  // the loader's defaults (and ld.so.cache) on Amazon Linux
        return folders
    }

    private func searchDescription(_ object: LoadedObject) -> String {
        var parts: [String] = []
        if object.elf.runpath.isEmpty, !object.elf.rpath.isEmpty { parts.append("its RPATH \(object.elf.rpath.joined(separator: ":"))") }
        parts.append("LD_LIBRARY_PATH \(options.runtime.libraryPath.joined(separator: ":"))")
        if !object.elf.runpath.isEmpty { parts.append("its RUNPATH \(object.elf.runpath.joined(separator: ":"))") }
        return parts.joined(separator: ", ")
    }

    /// `DT_RPATH`/`DT_RUNPATH` entries with `$ORIGIN` (the object's folder), `$LIB` and `$PLATFORM`
    /// replaced; an entry with any other `$` token is dropped, as the loader drops it.
    private func expand(_ entries: [String], origin loadPath: String, root: ELFFile) -> [String] {
        let origin = PathText.parent(loadPath)
        let platform = root.architecture == .arm64 ? "aarch64" : "x86_64"
        return entries.compactMap { entry in
            var folder = entry
            for (token, value) in [("ORIGIN", origin), ("LIB", "lib64"), ("PLATFORM", platform)] {
                folder = folder.replacingOccurrences(of: "${\(token)}", with: value).replacingOccurrences(of: "$\(token)", with: value)
            }
            return folder.contains("$") ? nil : folder
        }
    }

    private func lookUp(_ name: String, for object: LoadedObject, loaders: [LoadedObject], root: ELFFile) -> Lookup {
        let candidates = PathText.hasSlash(name) ? [name] : searchFolders(for: object, loaders: loaders, root: root).map { $0 + "/" + name }
        for candidate in candidates {
            let path = RuntimeFileTree.normalized(candidate)
            let folder = PathText.parent(path)
            if options.runtime.systemLibraryFolders.contains(folder) {
                if options.runtime.baseLibraries.contains(name) { return .system }
                continue
            }
            let (found, resolved) = elves.tree.file(at: path)
            guard let file = found else {
                // A shipped link into the base image (lib/libstdc++.so.6 -> /usr/lib64/libstdc++.so.6).
                if options.runtime.systemLibraryFolders.contains(PathText.parent(resolved)),
                   options.runtime.baseLibraries.contains(PathText.lastComponent(resolved)) {
                    return .system
                }
                continue
            }
            switch elves.elf(source: file.source, entry: file.entry) {
            case .success(let library):
                // The loader skips a library of another class or machine and keeps searching.
                if library.machine != root.machine || library.elfClass != root.elfClass { continue }
                return .shipped(file, loadPath: path, library)
            case .failure(let error):
                return .unusable(file, error)
            }
        }
        return .missing
    }

    /// How a file is named in findings: its zip path in the function, its `/opt` path in a layer.
    private func display(_ file: RuntimeFileTree.File) -> String {
        file.source == 0 ? file.entry.name : file.path
    }

    private func entryName(_ file: RuntimeFileTree.File) -> String {
        file.source == 0 ? file.entry.name : URL(fileURLWithPath: options.layers[file.source - 1]).lastPathComponent + ":" + file.entry.name
    }

    /// Where the package and its layers hold a file called `name`, whatever its folder.
    private func shippedPaths(named name: String) -> [String] {
        var paths: [String] = []
        for (source, reader) in elves.readers.enumerated() {
            for entry in reader.entries where !entry.isDirectory && PathText.lastComponent(entry.name) == name {
                paths.append(source == 0 ? entry.name : "/opt/" + entry.name)
            }
        }
        return paths
    }
}
