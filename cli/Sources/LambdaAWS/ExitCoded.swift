/// An error that knows the exit status it stands for, so that every command maps failures the
/// same way (README "Exit status"): 1 a check, the function or an expectation failed; 2 bad input
/// or configuration (a missing zip, an aws CLI that is too old, a bad --since, no credentials);
/// 3 the network (AWS or the URL could not be reached). Errors that are not `ExitCoded` exit 1.
public protocol ExitCoded: Error {
    var exitCode: Int32 { get }
}
