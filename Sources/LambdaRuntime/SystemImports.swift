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

#if canImport(SwiftGlibc)
/// The calling thread's `errno` (the `Glibc` overlay's helper is avoided, see above).
var errno: Int32 {
    get { __errno_location().pointee }
    set { __errno_location().pointee = newValue }
}

/// `SIG_IGN` as glibc defines it (`(sighandler_t) 1`).
let SIG_IGN = unsafeBitCast(1 as Int, to: __sighandler_t.self)
#endif
