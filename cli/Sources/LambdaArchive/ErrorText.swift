import Foundation

/// What lambdactl prints for an error: its own errors as they describe themselves (each names
/// its fix), and Foundation's file errors in plain words with the path ("cannot write
/// /x/y.zip: Permission denied"), never "The operation could not be completed" or an
/// NSCocoaErrorDomain code, which say neither what failed nor what to do.
public enum ErrorText {
    /// The text after `error: ` for `error`.
    public static func describe(_ error: any Error) -> String {
        guard isFoundationError(error) else { return "\(error)" }
        let bridged = error as NSError
        guard let path = bridged.userInfo[NSFilePathErrorKey] as? String ?? (bridged.userInfo[NSURLErrorKey] as? URL)?.path else {
            return reason(error)
        }
        // Foundation's codes do not say whether a read or a write failed (a write into a missing
        // folder is "no such file" too), so the text names the path and the reason only.
        return "\(path): \(reason(error, path: path)). Check the path, that its folder exists, and its permissions."
    }

    /// Plain words for a Foundation error: the POSIX reason underneath it ("Permission denied")
    /// where there is one.
    public static func reason(_ error: any Error, path: String? = nil) -> String {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(bridged.code))) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            case .fileWriteFileExists: return "File exists"
            default: break
            }
        }
        // No reason underneath (reading a folder gives only "error 256"): ask the file itself.
        if let path {
            var info = stat()
            if stat(path, &info) != 0 { return String(cString: strerror(errno)) }
            if (info.st_mode & S_IFMT) == S_IFDIR { return "it is a folder, not a file" }
            return "the system gave no reason"
        }
        return bridged.localizedFailureReason ?? bridged.localizedDescription
    }

    /// Whether `error` is Foundation's (Cocoa or POSIX domain) rather than one of lambdactl's own
    /// enums, which bridge to NSError too but under their type's name.
    public static func isFoundationError(_ error: any Error) -> Bool {
        if error is CocoaError || error is POSIXError { return true }
        let domain = (error as NSError).domain
        return domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain
    }
}
