// RFC 4180 CSV: the writer quotes a field that holds a comma, a double quote, CR or LF (and doubles
// the quotes inside it); the reader accepts exactly that, including line breaks inside quoted
// fields, and reports errors as `file:line: what is wrong`, with the line where the bad record
// starts. Records end with LF when written (the RFC's CRLF is accepted when read).

/// A problem with a result file, as one line: `file:line: what is wrong` (or `file: ...`). The CLI
/// exits 2 when it was reading the file (bad input) and 1 when it was writing it (a failed run):
/// `exitStatus(for:writing:)` in Sources/mapheap/ErrorPath.swift.
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file, as the user named it.
    public var file: String
    /// The 1-based line where the bad record starts; nil when the problem is with the whole file.
    public var line: Int?
    /// What is wrong (and, where it helps, what to do).
    public var message: String

    /// Creates an error for `file`, at `line` if known.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// The one-line message: `file:line: message`.
    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return (place + ": " + message).replacingOccurrences(of: "\n", with: " ")
    }
}

/// One parsed CSV record and the line it starts on.
public struct CSVRecord: Equatable, Sendable {
    /// 1-based line number in the file where the record starts.
    public var line: Int
    /// The record's fields, unquoted.
    public var fields: [String]

    /// Creates a record.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// RFC 4180 encoding and decoding.
public enum CSV {
    /// The field as it appears in a file: quoted (quotes doubled) when it holds `,`, `"`, CR or LF.
    public static func encodeField(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
        }
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One record: the encoded fields joined by commas, ending with LF.
    public static func encodeRecord(_ fields: [String]) -> String {
        fields.map(encodeField).joined(separator: ",") + "\n"
    }

    /// Parses CSV text into records; `file` is the name used in errors.
    ///
    /// A record is one line unless a quoted field spans lines. Blank lines are skipped (a blank
    /// line is not a record with one empty field). Errors: a quote inside an unquoted field,
    /// text after a closing quote, a quoted field never closed.
    public static func parse(_ text: String, file: String) throws(CSVError) -> [CSVRecord] {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses CSV given as UTF-8 bytes; see `parse(_:file:)`.
    public static func parse(bytes: [UInt8], file: String) throws(CSVError) -> [CSVRecord] {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf: UInt8 = 0x0A
        let cr: UInt8 = 0x0D

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = 0
        // Skip a UTF-8 byte order mark.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        var atFieldStart = true
        while index < bytes.count {
            let byte = bytes[index]
            if atFieldStart && byte == quote {
                // A quoted field: runs to the next lone quote; doubled quotes stand for one.
                index += 1
                var closed = false
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == lf { line += 1 }
                    field.append(inner)
                    index += 1
                }
                guard closed else {
                    throw CSVError(file: file, line: recordLine, message: "quoted field is never closed")
                }
                // After the closing quote: a comma, a line break or the end of the file.
                if index < bytes.count {
                    let next = bytes[index]
                    let crlf = next == cr && index + 1 < bytes.count && bytes[index + 1] == lf
                    guard next == comma || next == lf || crlf || (next == cr && index + 1 == bytes.count) else {
                        throw CSVError(
                            file: file, line: recordLine,
                            message: "unexpected text after a closing quote in field \(fields.count + 1);"
                                + " a quote inside a quoted field must be doubled"
                        )
                    }
                }
                atFieldStart = false
                continue
            }
            switch byte {
            case comma:
                endField()
                atFieldStart = true
                index += 1
            case lf:
                endRecord()
                line += 1
                recordLine = line
                atFieldStart = true
                index += 1
            case cr where index + 1 < bytes.count && bytes[index + 1] == lf:
                index += 1  // the LF ends the record
            case cr where index + 1 == bytes.count:
                index += 1
            case quote:
                throw CSVError(
                    file: file, line: recordLine,
                    message: "quote inside an unquoted field \(fields.count + 1); quote the whole field"
                )
            default:
                field.append(byte)
                atFieldStart = false
                index += 1
            }
        }
        if !field.isEmpty || !fields.isEmpty || !atFieldStart {
            endRecord()
        }
        return records
    }
}
