import Foundation
import TOMLKit

/// The project file `lambdactl.toml`, written by `lambdactl init` and read by every command so that
/// `lambdactl package`, `lambdactl deploy` and `lambdactl verify-url` need no flags once a project
/// exists. Flags override it. Every key is optional; unknown keys are errors that name their line,
/// since a typo (`timout = 30`) silently ignored would deploy the wrong settings.
public struct ProjectConfig: Sendable {
    /// What a key holds.
    public enum Kind: Sendable {
        case string, integer, strings, table
        var phrase: String {
            switch self {
            case .string: return "a string"
            case .integer: return "an integer"
            case .strings: return "an array of strings"
            case .table: return "a table of strings (KEY = \"value\")"
            }
        }
    }

    /// A value as read from the file.
    public enum Value: Equatable, Sendable, CustomStringConvertible {
        case string(String), integer(Int), strings([String]), table([String: String])

        public var description: String {
            switch self {
            case .string(let text): return text
            case .integer(let number): return String(number)
            case .strings(let items): return "[" + items.joined(separator: ", ") + "]"
            case .table(let pairs): return pairs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            }
        }
    }

    /// Tables and keys lambdactl reads, with their kinds.
    public static let schema: [String: [String: Kind]] = [
        "function": ["name": .string, "arch": .string, "runtime": .string, "memory": .integer, "timeout": .integer,
                     "role": .string, "layers": .strings, "env": .table, "env_file": .string, "tags": .table,
                     "description": .string, "tracing": .string, "ephemeral_storage": .integer, "log_retention_days": .integer],
        "build": ["product": .string, "dir": .string, "package_path": .string, "include": .strings, "exclude": .strings],
        "aws": ["region": .string, "profile": .string],
        "url": ["auth": .string, "invoke_mode": .string],
        "verify": ["data": .string, "expect_status": .integer, "expect_lines": .integer, "min_chunks": .integer],
    ]

    /// Values that must be one of a few words.
    static let allowed: [String: [String]] = [
        "function.arch": ["x86_64", "arm64"],
        "function.runtime": ["provided.al2023", "provided.al2"],
        "function.tracing": ["Active", "PassThrough"],
        "url.auth": ["NONE", "AWS_IAM"],
        "url.invoke_mode": ["RESPONSE_STREAM", "BUFFERED"],
    ]

    /// Integers Lambda (or lambdactl) accepts only within a range, with where the limit comes from.
    static let ranges: [String: (range: ClosedRange<Int>, unit: String)] = [
        "function.memory": (128...10240, "MB, Lambda's memory sizes"),
        "function.timeout": (1...900, "seconds, Lambda's longest timeout is 15 minutes"),
        "function.ephemeral_storage": (512...10240, "MB of /tmp, Lambda's range"),
        "verify.expect_status": (100...599, "an HTTP status"),
        "verify.expect_lines": (0...Int(Int32.max), "lines"),
        "verify.min_chunks": (1...Int(Int32.max), "reads"),
    ]

    /// Keys that cannot both be set, because each names the code to package.
    static let exclusive: [(String, String)] = [("build.dir", "build.product")]

    /// Keys whose values are paths: relative ones are taken from the file's folder, not from the
    /// folder lambdactl runs in (layer ARNs stay as they are).
    static let pathKeys: Set<String> = ["build.dir", "build.package_path", "build.include", "function.layers", "function.env_file"]

    public static let fileName = "lambdactl.toml"

    public let path: String
    /// `table.key` → value.
    public private(set) var values: [String: Value] = [:]
    /// `table.key` → line in the file (1-based).
    public private(set) var lines: [String: Int] = [:]

    /// An empty configuration (no file).
    public init(path: String = ProjectConfig.fileName) { self.path = path }

    /// Reads `path`; `nil` when there is no such file, unless `required` (a file the user named,
    /// as with `LAMBDACTL_CONFIG`, must exist).
    public static func load(path: String = ProjectConfig.fileName, required: Bool = false) throws -> ProjectConfig? {
        guard FileManager.default.fileExists(atPath: path) else {
            if required { throw ProjectConfigError.missing(path: path) }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ProjectConfigError.unreadable(path: path) }
        return try ProjectConfig(text: String(decoding: data, as: UTF8.self), path: path)
    }

    public init(text: String, path: String = ProjectConfig.fileName) throws {
        self.path = path
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ProjectConfigError.syntax(path: path, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
        }
        let locator = KeyLocator(text: text)
        for table in root.keys.sorted() {
            guard let keys = Self.schema[table] else {
                throw ProjectConfigError.unknownTable(path: path, line: locator.line(ofTable: table), table: table,
                                                      suggestion: Self.closest(table, among: Array(Self.schema.keys)))
            }
            guard let contents = root[table]?.table else {
                throw ProjectConfigError.wrongType(path: path, line: locator.line(ofKey: table, in: nil), key: table, expected: "a table ([\(table)])")
            }
            for key in contents.keys.sorted() {
                let name = "\(table).\(key)"
                let line = locator.line(ofKey: key, in: table)
                guard let kind = keys[key] else {
                    throw ProjectConfigError.unknownKey(path: path, line: line, key: name, suggestion: Self.closest(key, among: Array(keys.keys)).map { "\(table).\($0)" })
                }
                guard let raw = contents[key], let value = Self.convert(raw, kind) else {
                    throw ProjectConfigError.wrongType(path: path, line: line, key: name, expected: kind.phrase)
                }
                if let words = Self.allowed[name], case .string(let text) = value, !words.contains(text) {
                    throw ProjectConfigError.invalidValue(path: path, line: line, key: name, value: text, allowed: words.joined(separator: ", "))
                }
                if let limit = Self.ranges[name], case .integer(let number) = value, !limit.range.contains(number) {
                    throw ProjectConfigError.outOfRange(path: path, line: line, key: name, value: number, range: limit.range, unit: limit.unit)
                }
                if name == "function.name", case .string(let text) = value, !Self.isFunctionName(text) {
                    throw ProjectConfigError.invalidName(path: path, line: line, value: text)
                }
                values[name] = Self.pathKeys.contains(name) ? Self.resolving(value, from: path) : value
                lines[name] = line
            }
        }
        for (first, second) in Self.exclusive where values[first] != nil && values[second] != nil {
            throw ProjectConfigError.conflict(path: path, line: max(lines[first] ?? 0, lines[second] ?? 0), keys: [first, second])
        }
    }

    /// Lambda's rule for a function name: 1 to 64 letters, digits, hyphens and underscores.
    public static func isFunctionName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
        }
    }

    /// `value` with relative paths joined to the folder of the file at `file`.
    static func resolving(_ value: Value, from file: String) -> Value {
        // Text, not NSString's deletingLastPathComponent, which traps on some paths (see
        // LambdaArchive's PathText; this target does not depend on that one).
        let folder = file.lastIndex(of: "/").map { $0 == file.startIndex ? "/" : String(file[..<$0]) } ?? ""
        guard !folder.isEmpty, folder != "." else { return value }
        func resolve(_ item: String) -> String {
            item.hasPrefix("/") || item.hasPrefix("arn:") || item.hasPrefix("~") ? item : folder + "/" + item
        }
        switch value {
        case .string(let text): return .string(resolve(text))
        case .strings(let items): return .strings(items.map(resolve))
        default: return value
        }
    }

    static func convert(_ raw: TOMLValueConvertible, _ kind: Kind) -> Value? {
        switch kind {
        case .string: return raw.string.map(Value.string)
        case .integer: return raw.int.map(Value.integer)
        case .strings:
            guard let array = raw.array else { return nil }
            var items: [String] = []
            for element in array {
                guard let text = element.string else { return nil }
                items.append(text)
            }
            return .strings(items)
        case .table:
            guard let table = raw.table else { return nil }
            var pairs: [String: String] = [:]
            for key in table.keys {
                guard let text = table[key]?.string else { return nil }
                pairs[key] = text
            }
            return .table(pairs)
        }
    }

    // MARK: typed access

    public func string(_ key: String) -> String? { if case .string(let v) = values[key] { return v }; return nil }
    public func integer(_ key: String) -> Int? { if case .integer(let v) = values[key] { return v }; return nil }
    public func strings(_ key: String) -> [String]? { if case .strings(let v) = values[key] { return v }; return nil }
    public func table(_ key: String) -> [String: String]? { if case .table(let v) = values[key] { return v }; return nil }

    /// `lambdactl.toml:7`, for messages and `lambdactl config`.
    public func source(of key: String) -> String? { lines[key].map { "\(path):\($0)" } }

    /// The known name nearest to `word` (edit distance ≤ 2), for "did you mean".
    static func closest(_ word: String, among candidates: [String]) -> String? {
        SpellingSuggestion.closest(to: word, among: candidates.sorted())
    }
}

/// Finds the line of a table header or a key in TOML text. TOMLKit reports positions only for
/// syntax errors, so the lines of valid keys are found by reading the text.
struct KeyLocator {
    let lines: [Substring]

    /// Lines end at "\n" or "\r\n" (one Character in Swift, which "\n" alone does not match).
    init(text: String) { lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) }

    func line(ofTable table: String) -> Int {
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") && trimmed.dropFirst().drop(while: { $0 == "[" || $0 == " " }).hasPrefix(table) { return index + 1 }
            if keyName(trimmed)?.hasPrefix(table + ".") == true || keyName(trimmed) == table { return index + 1 }
        }
        return 1
    }

    func line(ofKey key: String, in table: String?) -> Int {
        var current: String?
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                current = trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")).split(separator: "#").first
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[] ")) }
                continue
            }
            guard let name = keyName(trimmed) else { continue }
            if table == nil, current == nil, name == key || name.hasPrefix(key + ".") { return index + 1 }
            if let table {
                if current == table && name == key { return index + 1 }
                if current == nil && name == "\(table).\(key)" { return index + 1 }
            }
        }
        return 1
    }

    /// The key of a `key = value` line (quotes removed), if it is one.
    func keyName(_ line: String) -> String? {
        guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
        let name = line[..<equals].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: "")
        return name.isEmpty ? nil : name
    }
}
