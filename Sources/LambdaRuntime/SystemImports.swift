// The runtime core talks to the kernel through the C library only: no Foundation, no SwiftNIO.
// Keeping this to Glibc (or Musl for a static Linux SDK build) is what keeps a stripped `bootstrap`
// small and free of glibc symbol versions newer than provided.al2023 ships (2.34).
//
// On glibc the C module `SwiftGlibc` is imported rather than the `Glibc` overlay: the overlay's
// object file in the static stdlib references `hypotf@GLIBC_2.35`, so merely using one of its Swift
// helpers (`errno`, `SIG_IGN`) makes the binary unloadable on provided.al2023. Do not import `Glibc`
// (or Foundation) in a bootstrap that must stay at GLIBC_2.34.
#if canImport(SwiftGlibc)
@_exported import SwiftGlibc
#elseif canImport(Glibc)
@_exported import Glibc
#elseif canImport(Musl)
@_exported import Musl
#else
#error("LambdaRuntime targets Linux (Glibc or Musl) only")
#endif

// Musl (the Static Linux SDK) differs from glibc in a few imported C shapes; the runtime uses the
// names below instead, so every other file compiles unchanged against either C library:
// - glibc declares SOCK_STREAM and SOCK_CLOEXEC in an enum (`__socket_type`, used via `.rawValue`),
//   musl as plain `#define`s (Int32);
// - `msghdr.msg_iovlen` is `size_t` on glibc but `int` on musl (see `HTTPConnection.send`);
// - `pthread_t` is an integer on glibc but a pointer on musl (see `BlockingIOThread`);
// - the Musl overlay, unlike the Glibc one, brings no symbol-version cost, so its own `errno` and
//   `SIG_IGN` are used as they are.
#if canImport(Glibc)
let socketStream = Int32(SOCK_STREAM.rawValue)
let socketCloseOnExec = Int32(SOCK_CLOEXEC.rawValue)
#else
let socketStream: Int32 = SOCK_STREAM
let socketCloseOnExec: Int32 = SOCK_CLOEXEC
#endif

// `close(2)`, `connect(2)` and `write(2)` for the types whose own `close()` or `write(_:)` method
// hides the C function inside them. At file scope the unqualified names are the C library's, so
// these need no module name (`SwiftGlibc.close` does not exist in a musl build).
func systemClose(_ fd: Int32) -> Int32 { close(fd) }

func systemConnect(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 {
    connect(fd, address, length)
}

func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

#if canImport(SwiftGlibc)
/// The calling thread's `errno` (the `Glibc` overlay's helper is avoided, see above).
var errno: Int32 {
    get { __errno_location().pointee }
    set { __errno_location().pointee = newValue }
}

/// `SIG_IGN` as glibc defines it (`(sighandler_t) 1`).
let SIG_IGN = unsafeBitCast(1 as Int, to: __sighandler_t.self)
#endif
