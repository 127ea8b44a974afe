// A tiny JSON reader for the config files (suites and thresholds).
//
// Foundation's JSONSerialization hides what a strict validator needs: it turns `true` into a
// number, forgets whether `8` was written as `8` or `8.0`, drops duplicate keys silently and
// reports syntax errors without a usable position. This reader keeps all of that: every value
// knows its exact kind, numbers keep their source text, objects keep their key order, and a
// syntax error names the line and column. It reads RFC 8259 JSON, nothing more.

/// A JSON value as written in a config file.
package enum _JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's source text, e.g. `8`, `-3`, `1.5e3`.
    case number(String)
    case string(String)
    case array([_JSONValue])
    /// Members in file order (duplicates are rejected while reading).
    case object([(key: String, value: _JSONValue)])

    package static func == (lhs: _JSONValue, rhs: _JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The kind of value, as an error message names it ("a string", "an object", ...).
    package var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let text): return _JSONValue.isIntegerText(text) ? "an integer" : "a fractional number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// A short rendering of the value for error messages (strings quoted, long values cut).
    package var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            let cut = text.count > 40 ? String(text.prefix(40)) + "..." : text
            return "\"" + cut + "\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The value for "found ..." in a type error: its kind, and for a scalar its text (`a string "x"`).
    package var foundDescription: String {
        switch self {
        case .array, .object, .null: return kindDescription
        default: return kindDescription + " " + shortDescription
        }
    }

    /// Whether a number's source text is an integer literal (no fraction, no exponent).
    package static func isIntegerText(_ text: String) -> Bool {
        !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }
}

/// A JSON syntax error with its 1-based position.
struct _JSONSyntaxError: Error, Equatable {
    var line: Int
    var column: Int
    var message: String
}

/// Reads one JSON document from UTF-8 bytes.
struct _JSONReader {
    private let bytes: [UInt8]
    private var index = 0

    /// Deepest nesting accepted (config files are shallow; this only stops runaway input).
    private static let maximumDepth = 64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole input as one JSON value.
    static func parse(_ bytes: [UInt8]) throws(_JSONSyntaxError) -> _JSONValue {
        var reader = _JSONReader(bytes)
        // Skip a UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        if reader.index < bytes.count {
            throw reader.error("unexpected \(reader.describeCurrent()) after the end of the document")
        }
        return value
    }

    private func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var i = 0
        while i < offset && i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if bytes[i] & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return (line, column)
    }

    private func error(_ message: String, at offset: Int? = nil) -> _JSONSyntaxError {
        let (line, column) = position(of: offset ?? index)
        return _JSONSyntaxError(line: line, column: column, message: message)
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): index += 1
            default: return
            }
        }
    }

    private mutating func readValue(depth: Int) throws(_JSONSyntaxError) -> _JSONValue {
        guard depth < _JSONReader.maximumDepth else { throw error("nesting deeper than \(_JSONReader.maximumDepth)") }
        guard index < bytes.count else { throw error("unexpected end of file; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject(depth: depth)
        case UInt8(ascii: "["): return try readArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw error("unexpected \(describeCurrent()); expected a value")
        }
    }

    private mutating func readLiteral(_ literal: String) throws(_JSONSyntaxError) {
        let start = index
        for byte in literal.utf8 {
            guard index < bytes.count, bytes[index] == byte else {
                throw error("invalid literal; expected \(literal)", at: start)
            }
            index += 1
        }
    }

    private mutating func readNumber() throws(_JSONSyntaxError) -> String {
        let start = index
        func digits(_ reader: inout _JSONReader) -> Int {
            var count = 0
            while reader.index < reader.bytes.count,
                  reader.bytes[reader.index] >= UInt8(ascii: "0"), reader.bytes[reader.index] <= UInt8(ascii: "9") {
                reader.index += 1
                count += 1
            }
            return count
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let intStart = index
        let intDigits = digits(&self)
        if intDigits == 0 { throw error("invalid number; expected a digit", at: index) }
        if intDigits > 1 && bytes[intStart] == UInt8(ascii: "0") {
            throw error("invalid number; leading zeros are not allowed", at: intStart)
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw error("invalid number; expected a digit after '.'", at: index) }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            if digits(&self) == 0 { throw error("invalid number; expected a digit in the exponent", at: index) }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readHex4() throws(_JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else {
                throw error("invalid \\u escape; expected four hex digits")
            }
            value = value * 16 + UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func readString() throws(_JSONSyntaxError) -> String {
        let start = index
        index += 1  // opening quote
        var buffer: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string", at: start) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated string", at: start) }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): buffer.append(escape)
                case UInt8(ascii: "\\"): buffer.append(escape)
                case UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if scalar >= 0xD800 && scalar < 0xDC00,
                       index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                       bytes[index + 1] == UInt8(ascii: "u") {
                        index += 2
                        let low = try readHex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    let character = Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}"
                    buffer.append(contentsOf: String(character).utf8)
                default:
                    throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in string", at: index - 2)
                }
            case 0x00..<0x20:
                throw error("control character in string; escape it (e.g. \\n)")
            default:
                buffer.append(byte)
                index += 1
            }
        }
    }

    private mutating func readArray(depth: Int) throws(_JSONSyntaxError) -> _JSONValue {
        index += 1  // [
        var elements: [_JSONValue] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try readValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file; expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            } else {
                throw error("unexpected \(describeCurrent()); expected ',' or ']'")
            }
        }
    }

    private mutating func readObject(depth: Int) throws(_JSONSyntaxError) -> _JSONValue {
        index += 1  // {
        var members: [(key: String, value: _JSONValue)] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()); expected a member name in double quotes")
            }
            let keyStart = index
            let key = try readString()
            if members.contains(where: { $0.key == key }) {
                throw error("duplicate member \"\(key)\"", at: keyStart)
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()); expected ':' after member name")
            }
            index += 1
            skipWhitespace()
            members.append((key, try readValue(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file; expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            } else {
                throw error("unexpected \(describeCurrent()); expected ',' or '}'")
            }
        }
    }
}
