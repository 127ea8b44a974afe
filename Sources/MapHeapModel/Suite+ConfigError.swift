import Foundation

/// A problem with a config file (a suite or a thresholds file), as one line of text.
///
/// The line names the file, the field with its path (e.g. `workloads[3].keys`), what is wrong and
/// how to fix it: `bench-configs/x.json: workloads[2].impl: unknown impl "gomapp"; use one of gomap,
/// dictionary, set`. The CLI prints `description` to stderr and exits with status 2 (bad input;
/// `exitStatus(for:)` in Sources/mapheap/ErrorPath.swift).
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem is in, as the user named it.
    public var file: String
    /// The field path (`workloads[2].impl`), or nil when the problem is with the whole file.
    public var field: String?
    /// What is wrong.
    public var problem: String
    /// What to do about it.
    public var fix: String

    /// Creates an error; `problem` and `fix` should not end with a period.
    public init(file: String, field: String?, problem: String, fix: String) {
        self.file = file
        self.field = field
        self.problem = problem
        self.fix = fix
    }

    /// The one-line message: `file: field: problem; fix`.
    public var description: String {
        var line = file + ": "
        if let field { line += field + ": " }
        line += problem
        if !fix.isEmpty { line += "; " + fix }
        return line.replacingOccurrences(of: "\n", with: " ")
    }
}

/// Reads a config file as JSON, turning every failure into a one-line `ConfigError`.
package func _readConfigJSON(path: String) throws(ConfigError) -> _JSONValue {
    guard let data = FileManager.default.contents(atPath: path) else {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            let what = isDirectory.boolValue ? "is a directory, not a file" : "cannot be read"
            throw ConfigError(file: path, field: nil, problem: what, fix: "pass the path of a JSON file")
        }
        throw ConfigError(file: path, field: nil, problem: "no such file", fix: "check the path")
    }
    return try _parseConfigJSON(bytes: [UInt8](data), file: path)
}

/// Parses config bytes as JSON, turning a syntax error into a one-line `ConfigError`.
package func _parseConfigJSON(bytes: [UInt8], file: String) throws(ConfigError) -> _JSONValue {
    do {
        return try _JSONReader.parse(bytes)
    } catch {
        throw ConfigError(
            file: file, field: nil,
            problem: "malformed JSON at line \(error.line), column \(error.column): \(error.message)",
            fix: "fix the JSON syntax"
        )
    }
}

/// Typed, strict access to one JSON object of a config file.
///
/// Every accessor names the field's full path in its errors; `finish()` rejects members that no
/// accessor asked for, listing the allowed ones.
package struct _ConfigObject {
    package let file: String
    /// The object's own path (`""` for the document, `workloads[2]` for a workload).
    package let path: String
    private let members: [(key: String, value: _JSONValue)]
    private let allowed: [String]

    /// Wraps `value`, which must be an object whose member names are all in `allowed`.
    package init(_ value: _JSONValue, file: String, path: String, allowed: [String]) throws(ConfigError) {
        self.file = file
        self.path = path
        self.allowed = allowed
        guard case .object(let members) = value else {
            throw ConfigError(
                file: file, field: path.isEmpty ? nil : path,
                problem: "expected an object, found \(value.kindDescription)",
                fix: "write it as { ... } with fields " + allowed.joined(separator: ", ")
            )
        }
        self.members = members
        for member in members where !allowed.contains(member.key) {
            throw ConfigError(
                file: file, field: fieldPath(member.key),
                problem: "unknown field \"\(member.key)\"",
                fix: "allowed fields here are " + allowed.joined(separator: ", ")
            )
        }
    }

    /// The full path of a member.
    package func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }

    /// A config error about member `key`.
    package func error(_ key: String, _ problem: String, _ fix: String) -> ConfigError {
        ConfigError(file: file, field: fieldPath(key), problem: problem, fix: fix)
    }

    /// The raw member, or nil when absent (JSON `null` is present, and then a type error).
    package func raw(_ key: String) -> _JSONValue? {
        members.first(where: { $0.key == key })?.value
    }

    /// Whether the member is present.
    package func has(_ key: String) -> Bool { raw(key) != nil }

    /// The members' names, in file order.
    package var memberNames: [String] { members.map(\.key) }

    private func missing(_ key: String, _ what: String) -> ConfigError {
        error(key, "missing required field", "add \"\(key)\": \(what)")
    }

    private func wrongType(_ key: String, _ value: _JSONValue, expected: String) -> ConfigError {
        error(key, "expected \(expected), found \(value.foundDescription)", "write \(expected)")
    }

    /// A required or optional string member.
    package func string(_ key: String, required example: String? = nil) throws(ConfigError) -> String? {
        guard let value = raw(key) else {
            if let example { throw missing(key, example) }
            return nil
        }
        guard case .string(let text) = value else { throw wrongType(key, value, expected: "a string") }
        return text
    }

    /// A string member that must be one of `choices`.
    package func choice(_ key: String, _ choices: [String], kind: String, required: Bool) throws(ConfigError)
        -> String? {
        let list = choices.joined(separator: ", ")
        guard let text = try string(key, required: required ? "one of \(list)" : nil) else { return nil }
        guard choices.contains(text) else {
            throw error(key, "unknown \(kind) \"\(text)\"", "use one of \(list)")
        }
        return text
    }

    /// A required or optional integer member, checked against `range`.
    package func integer(
        _ key: String, required example: String? = nil, in range: ClosedRange<Int>, rangeFix: String
    ) throws(ConfigError) -> Int? {
        guard let value = raw(key) else {
            if let example { throw missing(key, example) }
            return nil
        }
        guard case .number(let text) = value, _JSONValue.isIntegerText(text) else {
            throw wrongType(key, value, expected: "an integer")
        }
        guard let number = Int(text) else {
            throw error(key, "\(text) is out of range \(range.lowerBound)...\(range.upperBound)", rangeFix)
        }
        guard range.contains(number) else {
            throw error(key, "\(number) is out of range \(range.lowerBound)...\(range.upperBound)", rangeFix)
        }
        return number
    }

    /// An optional non-negative number member (integer or fractional).
    package func nonNegativeNumber(_ key: String) throws(ConfigError) -> Double? {
        guard let value = raw(key) else { return nil }
        guard case .number(let text) = value, let number = Double(text), number.isFinite else {
            throw wrongType(key, value, expected: "a number")
        }
        guard number >= 0 else {
            throw error(key, "\(text) is negative", "use a number >= 0")
        }
        return number
    }

    /// A required array member.
    package func array(_ key: String, required example: String) throws(ConfigError) -> [_JSONValue] {
        guard let value = raw(key) else { throw missing(key, example) }
        guard case .array(let elements) = value else { throw wrongType(key, value, expected: "an array") }
        return elements
    }
}
