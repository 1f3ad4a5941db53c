#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOConcurrencyHelpers

/// Watches a function's source folders for `serve --watch` and reports each burst of edits once.
///
/// An editor's save is several events (a temp file, a rename, a chmod) and a `git checkout` is
/// hundreds, so changes are debounced: they are collected until `quiet` seconds pass without
/// another, then the handler runs once with all of them. The handler runs on the watcher's own
/// thread and events that arrive while it runs are kept for the next burst, so a reload never
/// misses an edit made during the previous one.
///
/// On Linux the kernel tells (inotify): one watch per folder, added recursively and again for
/// every folder created later, whose early contents are counted as changed because they may
/// predate the watch. Where inotify is unavailable (another OS, `fs.inotify.max_user_watches`
/// exhausted, a file system without it) or `LAMBDACTL_WATCH_POLL=1`, the folders are scanned every
/// `pollInterval` seconds and compared by mtime, size, mode and inode: slower to notice, but it
/// sees the same edits, a `chmod` included.
///
/// Sendable without a lock of its own: the fields are constants, the one mutable flag is in a
/// `NIOLockedValueBox`, and everything the loop learns (watch descriptors, scan stamps) lives in
/// the loop's locals on its thread.
public final class SourceWatcher: Sendable {
    /// How changes are noticed.
    public enum Method: String, Sendable {
        case inotify
        case polling
    }

    /// One debounced burst of changes.
    public struct Change: Sendable, Equatable {
        /// Paths that changed (created, written, removed, renamed, chmod-ed), relative to their
        /// root, sorted. Empty when the kernel dropped events (queue overflow): something changed.
        public var paths: [String]
    }

    public let roots: [String]
    public let method: Method
    /// Seconds without an event before a burst is reported.
    public let quiet: Double
    /// Seconds between scans when polling.
    public let pollInterval: Double
    private let inotifyFD: Int32
    /// Written by `stop()` to wake the loop out of `poll`.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let finished = DispatchSemaphore(value: 0)
    private let running = NIOLockedValueBox(false)

    /// Names skipped at any depth: build output and lambdactl's own (which a reload writes, so
    /// watching them would reload forever), version control, and the files editors write next to
    /// the one being saved (vim's `.swp` and its `4913` probe, `~` backups, emacs's `.#` locks).
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".build") || name == ".lambdactl" || name == ".git" || name == "4913"
            || name.hasSuffix(".swp") || name.hasSuffix(".swx") || name.hasSuffix("~") || name.hasPrefix(".#")
    }

    /// A file by device and inode, whatever path names it.
    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
        init(_ info: stat) { device = UInt64(info.st_dev); inode = UInt64(info.st_ino) }
    }

    /// Files never reported: serve's own standard output and error when they are redirected into
    /// a watched folder (`serve --watch > serve.log`). Each line serve writes there would be an
    /// edit, and each reload writes a line: it would reload forever.
    let ignoredFiles: Set<FileID>

    /// Whether `path` is one of `ignoredFiles`.
    private func isIgnoredFile(_ path: String) -> Bool {
        guard !ignoredFiles.isEmpty else { return false }
        var info = stat()
        return lstat(path, &info) == 0 && ignoredFiles.contains(FileID(info))
    }

    /// Whether `LAMBDACTL_WATCH_POLL=1` asks for polling.
    public static var pollingRequested: Bool {
        ProcessInfo.processInfo.environment["LAMBDACTL_WATCH_POLL"] == "1"
    }

    /// Opens the watch (nothing is reported before `start`). Throws when a root is not a folder.
    /// The regular files open as `ignoringFilesOpenOn` (file descriptors, e.g. 1 and 2) are not
    /// watched wherever they are.
    public init(roots: [String], polling: Bool = SourceWatcher.pollingRequested, quiet: Double = 0.2, pollInterval: Double = 0.5,
                ignoringFilesOpenOn descriptors: [Int32] = []) throws {
        ignoredFiles = Set(descriptors.compactMap { fd -> FileID? in
            var info = stat()
            return fstat(fd, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? FileID(info) : nil
        })
        for root in roots {
            var info = stat()
            guard stat(root, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw LocalError.notFound(path: root, what: "folder to watch")
            }
        }
        self.roots = roots
        self.quiet = quiet
        self.pollInterval = pollInterval
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw LocalError.spawnFailed(command: "pipe", errno: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        #if os(Linux)
        let fd = polling ? -1 : inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        #else
        let fd: Int32 = -1
        #endif
        inotifyFD = fd
        method = fd >= 0 ? .inotify : .polling
    }

    deinit {
        if inotifyFD >= 0 { close(inotifyFD) }
        close(wakeRead)
        close(wakeWrite)
    }

    /// Starts watching: every folder is watched (or scanned once) before this returns, so an edit
    /// made right after is reported; `handler` runs on the watcher's thread once per burst.
    public func start(_ handler: @escaping @Sendable (Change) -> Void) {
        let already = running.withLockedValue { running -> Bool in
            defer { running = true }
            return running
        }
        guard !already else { return }
        let thread: Thread
        #if os(Linux)
        if method == .inotify {
            var watches = Watches(), burst = Burst()
            for root in roots { watchTree(root: root, relative: "", isNew: false, watches: &watches, burst: &burst) }
            thread = Thread { [self, watches] in
                watchWithInotify(watches, handler)
                finished.signal()
            }
        } else {
            let known = scan()
            thread = Thread { [self] in
                watchByPolling(known, handler)
                finished.signal()
            }
        }
        #else
        let known = scan()
        thread = Thread { [self] in
            watchByPolling(known, handler)
            finished.signal()
        }
        #endif
        thread.name = "lambdactl-watch"
        thread.start()
    }

    /// Ends the thread and waits for it (a reload in progress finishes first).
    public func stop() {
        let wasRunning = running.withLockedValue { running -> Bool in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        finished.wait()
    }

    // MARK: - The loop (on the watcher's thread)

    /// Collects changes until `quiet` passes without one, then reports them.
    private struct Burst {
        var paths = Set<String>()
        var overflowed = false
        var last = Date.distantPast
        var isEmpty: Bool { paths.isEmpty && !overflowed }

        mutating func add(_ path: String) {
            paths.insert(path)
            last = Date()
        }

        mutating func take() -> Change {
            defer { self = Burst() }
            return Change(paths: overflowed ? [] : paths.sorted())
        }
    }

    /// Waits for `fd` (or the wake pipe) up to `seconds` (nil: forever); false once stopped.
    private func wait(for fd: Int32?, seconds: Double?) -> Bool {
        var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        if let fd { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        let timeout = seconds.map { Int32(max(0, min($0 * 1000, 60_000)).rounded(.up)) } ?? -1
        var result: Int32
        repeat { result = poll(&fds, nfds_t(fds.count), timeout) } while result < 0 && errno == EINTR
        return fds[0].revents == 0
    }

    private func quietRemaining(_ burst: Burst) -> Double? {
        burst.isEmpty ? nil : quiet - Date().timeIntervalSince(burst.last)
    }

    #if os(Linux)
    private static let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO
                                     | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

    /// Watch descriptor → the folder it watches: its root and its path relative to that root.
    private typealias Watches = [Int32: WatchedFolder]

    private struct WatchedFolder: Sendable {
        var root: String
        var relative: String
    }

    /// Watches a folder and every folder in it (never following links).
    private func watchTree(root: String, relative: String, isNew: Bool, watches: inout Watches, burst: inout Burst) {
        let path = relative.isEmpty ? root : root + "/" + relative
        let descriptor = inotify_add_watch(inotifyFD, path, Self.mask | UInt32(IN_ONLYDIR) | UInt32(IN_DONT_FOLLOW))
        if descriptor >= 0 { watches[descriptor] = WatchedFolder(root: root, relative: relative) }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !Self.isIgnored(name) {
            let child = relative.isEmpty ? name : relative + "/" + name
            // A folder made by `mkdir -p a/b; echo > a/b/f` may hold files before its watch exists.
            if isNew { burst.add(child) }
            var info = stat()
            if lstat(root + "/" + child, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                watchTree(root: root, relative: child, isNew: isNew, watches: &watches, burst: &burst)
            }
        }
    }

    private func watchWithInotify(_ initial: Watches, _ handler: @Sendable (Change) -> Void) {
        var watches = initial
        var burst = Burst()

        let size = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: MemoryLayout<inotify_event>.alignment)
        defer { buffer.deallocate() }
        while true {
            guard wait(for: inotifyFD, seconds: quietRemaining(burst)) else { return }
            while true {
                let count = read(inotifyFD, buffer, size)
                guard count > 0 else { break }
                var offset = 0
                while offset + MemoryLayout<inotify_event>.size <= count {
                    let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let name = event.len > 0 ? String(cString: buffer.advanced(by: nameStart).assumingMemoryBound(to: CChar.self)) : ""
                    offset = nameStart + Int(event.len)
                    if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        // Events were dropped: report a change, and watch any folder that appeared.
                        burst.overflowed = true
                        burst.last = Date()
                        for root in roots { watchTree(root: root, relative: "", isNew: false, watches: &watches, burst: &burst) }
                        continue
                    }
                    guard let watched = watches[event.wd] else { continue }
                    let (root, folder) = (watched.root, watched.relative)
                    if event.mask & UInt32(IN_IGNORED) != 0 { watches[event.wd] = nil; continue }
                    if name.isEmpty {
                        // The folder itself was removed or moved away (its parent reports it too).
                        if event.mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 { burst.add(folder) }
                        continue
                    }
                    guard !Self.isIgnored(name) else { continue }
                    let relative = folder.isEmpty ? name : folder + "/" + name
                    guard !isIgnoredFile(root + "/" + relative) else { continue }
                    burst.add(relative)
                    if event.mask & UInt32(IN_ISDIR) != 0, event.mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                        watchTree(root: root, relative: relative, isNew: true, watches: &watches, burst: &burst)
                    }
                }
            }
            if let remaining = quietRemaining(burst), remaining <= 0 { handler(burst.take()) }
        }
    }
    #endif

    /// What a scan compares; a folder's own times are left out (its files tell what changed). The
    /// change time is there because a chmod or a same-size rewrite within one tick of the clock
    /// may leave the modification time as it was.
    private struct Stamp: Equatable, Sendable {
        var seconds: Int
        var nanoseconds: Int
        var changed: Int
        var size: Int64
        var mode: UInt32
        var inode: UInt64
    }

    private func scan() -> [String: Stamp] {
        var stamps: [String: Stamp] = [:]
        func walk(root: String, relative: String) {
            let path = relative.isEmpty ? root : root + "/" + relative
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] where !Self.isIgnored(name) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(root + "/" + child, &info) == 0, !ignoredFiles.contains(FileID(info)) else { continue }
                let key = roots.count == 1 ? child : root + "/" + child
                if info.st_mode & S_IFMT == S_IFDIR {
                    stamps[key] = Stamp(seconds: 0, nanoseconds: 0, changed: 0, size: 0, mode: UInt32(info.st_mode), inode: UInt64(info.st_ino))
                    walk(root: root, relative: child)
                } else {
                    stamps[key] = Stamp(seconds: Int(info.st_mtim.tv_sec), nanoseconds: Int(info.st_mtim.tv_nsec),
                                        changed: Int(info.st_ctim.tv_sec) * 1_000_000_000 + Int(info.st_ctim.tv_nsec),
                                        size: Int64(info.st_size), mode: UInt32(info.st_mode), inode: UInt64(info.st_ino))
                }
            }
        }
        for root in roots { walk(root: root, relative: "") }
        return stamps
    }

    private func watchByPolling(_ initial: [String: Stamp], _ handler: @Sendable (Change) -> Void) {
        var known = initial
        var burst = Burst()
        var nextScan = Date().addingTimeInterval(pollInterval)
        while true {
            let untilScan = nextScan.timeIntervalSinceNow
            guard wait(for: nil, seconds: min(untilScan, quietRemaining(burst) ?? untilScan)) else { return }
            if Date() >= nextScan {
                let now = scan()
                for (path, stamp) in now where known[path] != stamp { burst.add(path) }
                for path in known.keys where now[path] == nil { burst.add(path) }
                known = now
                nextScan = Date().addingTimeInterval(pollInterval)
            }
            if let remaining = quietRemaining(burst), remaining <= 0 { handler(burst.take()) }
        }
    }
}
