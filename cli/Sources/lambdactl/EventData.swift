import ArgumentParser
import Foundation

/// `--data` / `--data-file` as bytes, checked to be JSON (Lambda only takes JSON events);
/// nil when neither was given. Shared by `invoke` and `events show`.
enum EventData {
    static func read(data: String?, dataFile: String?) throws -> [UInt8]? {
        let bytes: [UInt8]
        if let dataFile {
            guard let read = dataFile == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: dataFile) else {
                printError("error: cannot read --data-file '\(dataFile)'.")
                throw ExitCode(2)
            }
            bytes = Array(read)
        } else if let data {
            bytes = Array(data.utf8)
        } else {
            return nil
        }
        if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) == nil {
            printError("error: the event is not valid JSON; Lambda only accepts JSON payloads.")
            throw ExitCode(2)
        }
        return bytes
    }
}
