import Dispatch
import Foundation

/// Removes `package`'s staging folder when SIGINT or SIGTERM arrives while it exists, then dies of
/// that signal as if no handler were installed (exit status 130/143 in a shell).
///
/// Everything unfinished lives in one folder beside the output, `.NAME.partial-PID/`: the partial
/// zip, libzip's own temporary (`NAME.XXXXXX`, created by `zip_close` and renamed over the zip when
/// done) and the deflate workers' zips (`NAME.wN`). The writing threads keep running while the
/// cleanup runs, and one of them may rename its temporary into place after the folder was listed.
/// Removing the files and then the folder, again until `rmdir` succeeds, closes that race: once the
/// folder is gone, nothing can be renamed into it. Nothing reaches the output path until the checks
/// have passed.
///
/// The signal is caught by a `sigaction` handler that only writes its number to a pipe (`write` is
/// async-signal-safe), and a dispatch source reading the pipe does the cleanup. A handler runs on
/// whichever thread the kernel picks. The former design (SIG_IGN plus a dispatch signal source)
/// lost the signal now and then: libdispatch reads signals through a signalfd, which only sees a
/// signal blocked in every thread, and an ignored signal that reached any other thread was dropped,
/// so `package` went on and wrote its zip.
final class PartialFileCleanup {
    private let source: DispatchSourceRead?
    private let pipe: (read: Int32, write: Int32)
    private var previous: [(Int32, sigaction)] = []

    /// Starts watching `staging`, the folder that holds every unfinished file.
    init(staging: String) {
        var ends: [Int32] = [-1, -1]
        guard Glibc.pipe(&ends) == 0 else {
            // Without a pipe there is no safe way to clean up from a signal; the default action
            // still ends the process, and the staging folder's name says what it was.
            pipe = (-1, -1)
            source = nil
            return
        }
        pipe = (ends[0], ends[1])
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: ends[0], queue: DispatchQueue(label: "lambdactl.package.partial-cleanup"))
        let readEnd = ends[0]
        source.setEventHandler {
            var number: UInt8 = 0
            guard read(readEnd, &number, 1) == 1 else { return }
            PartialFileCleanup.remove(staging: staging)
            PartialFileCleanup.die(of: Int32(number))
        }
        source.resume()
        self.source = source
        signalPipeWriteEnd = ends[1]
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = forwardSignalToPipe
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            var old = sigaction()
            if sigaction(number, &action, &old) == 0 { previous.append((number, old)) }
        }
    }

    /// Stops watching and puts the previous signal actions back.
    func end() {
        for (number, old) in previous {
            var old = old
            sigaction(number, &old, nil)
        }
        previous = []
        guard let source, !source.isCancelled else { return }
        signalPipeWriteEnd = -1
        source.cancel()
        close(pipe.read)
        close(pipe.write)
    }

    deinit { end() }

    /// Dies of `number` with the default action: the signal is unblocked in this thread and raised
    /// at it; `_exit(128 + n)`, what a shell reports for a signal, is the fallback.
    static func die(of number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }

    /// Removes the staging folder and its files (it holds no subfolders). A file renamed into it
    /// between the listing and `rmdir` makes `rmdir` fail with ENOTEMPTY, so it lists again; the
    /// bound only guards against a writer that never stops, which the caller's death then ends.
    static func remove(staging: String) {
        for _ in 0..<1000 {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: staging)) ?? [] {
                unlink(staging + "/" + name)
            }
            if rmdir(staging) == 0 || errno == ENOENT { return }
        }
    }
}

/// The pipe's write end while a cleanup is armed, else -1. A global with a literal initial value is
/// initialised statically, so the signal handler reads it without Swift's lazy initialisation.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// The C-level handler: one `write` of the signal number, nothing that allocates or locks.
private func forwardSignalToPipe(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    _ = write(signalPipeWriteEnd, &byte, 1)
}
