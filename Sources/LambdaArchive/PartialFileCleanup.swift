import Dispatch
import Foundation

/// Removes `package`'s temporary zip when SIGINT or SIGTERM arrives while it exists, then dies of
/// that signal as if no handler were installed (exit status 130/143 in a shell).
///
/// The files to remove are `.NAME.partial-PID` and libzip's own temporary beside it
/// (`.NAME.partial-PID.XXXXXX`, created by `zip_close`), whose random suffix only a directory
/// listing finds. Listing a folder is not async-signal-safe, so the signals are received through
/// dispatch sources on a queue of their own instead of in a C handler; the writing thread keeps
/// running meanwhile, which is harmless because nothing is renamed to the output path until the
/// checks pass.
final class PartialFileCleanup {
    private let sources: [DispatchSourceSignal]
    private var previous: [(Int32, sighandler_t?)] = []

    /// Starts watching; `temporary` is the path of the partial zip (its name is also the prefix of libzip's).
    init(temporary: String) {
        let folder = (temporary as NSString).deletingLastPathComponent
        let prefix = (temporary as NSString).lastPathComponent
        let queue = DispatchQueue(label: "lambdactl.package.partial-cleanup")
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            // Ignored at the C level so the default action (death) does not race the cleanup.
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                PartialFileCleanup.remove(prefix: prefix, in: folder)
                PartialFileCleanup.die(of: number)
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    /// Stops watching and puts the previous signal dispositions back.
    func end() {
        for source in sources { source.cancel() }
        for (number, handler) in previous { signal(number, handler) }
        previous = []
    }

    deinit { end() }

    /// Dies of `number` with the default action. libdispatch receives signals through a signalfd
    /// and blocks them in the threads it sees them on, so the signal is unblocked in this thread and
    /// raised at it; `_exit(128 + n)`, what a shell reports for a signal, is the fallback.
    static func die(of number: Int32) -> Never {
        signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }

    static func remove(prefix: String, in folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(prefix) {
            unlink(folder + "/" + name)
        }
    }
}
