import Glibc

/// Opens a file that must be a regular file, for the readers that take a path anyone could have
/// swapped for a FIFO or a device: `O_NONBLOCK` keeps a FIFO from blocking the open itself (it has
/// no effect on a regular file), and `fstat` on the open descriptor then refuses anything else.
enum RegularFile {
    enum Failure: Error {
        /// `open` failed; the system's reason.
        case cannotOpen(String)
        case notRegular
    }

    /// A read-only descriptor (the caller closes it) and the file's size.
    static func open(_ path: String) -> Result<(descriptor: Int32, size: UInt64), Failure> {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.cannotOpen(String(cString: strerror(errno)))) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return .failure(.notRegular)
        }
        return .success((descriptor, UInt64(status.st_size)))
    }
}
