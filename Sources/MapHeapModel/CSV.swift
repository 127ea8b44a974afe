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

    /// Parses CSV given as UTF-8 bytes; see `parse(_:file:)`. A last record without a line break
    /// is a record like any other; one whose quoted field never closes is an error.
    public static func parse(bytes: [UInt8], file: String) throws(CSVError) -> [CSVRecord] {
        var parser = CSVStreamParser(file: file)
        var records: [CSVRecord] = []
        try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) in
            try parser.feed(buffer) { (record) throws(CSVError) in records.append(record) }
        }
        let end = parser.finish()
        if end.unclosedQuote {
            throw CSVError(file: file, line: end.tail?.line, message: "quoted field is never closed")
        }
        if let tail = end.tail { records.append(tail) }
        return records
    }
}

/// The CSV reader as a state machine over chunks of bytes, so that a file is read a piece at a time
/// and never held whole (a 2 GB CSV cost twice its size when read at once). Rules as in `CSV.parse`.
public struct CSVStreamParser {
    private enum State {
        case fieldStart, unquoted, pendingCR, quoted, quotedQuote, afterQuote, afterQuoteCR
    }

    /// How the input ended: the last record when no line break ended it (nil when one did), and
    /// whether it ended inside a quoted field.
    public struct End {
        /// The record the end of the input cut off, if any.
        public var tail: CSVRecord?
        /// Whether the input ended inside a quoted field (the tail is then certainly cut short).
        public var unclosedQuote: Bool
    }

    private let file: String
    private var state = State.fieldStart
    private var fields: [String] = []
    private var field: [UInt8] = []
    private var line = 1
    private var recordLine = 1
    private var bomChecked = false
    private var pendingBOM: [UInt8] = []

    /// A parser for `file` (the name used in errors).
    public init(file: String) { self.file = file }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    /// Ends the record; returns it unless it is a blank line (one empty field).
    private mutating func endRecord() -> CSVRecord? {
        endField()
        defer { fields.removeAll(keepingCapacity: true) }
        if fields.count == 1 && fields[0].isEmpty { return nil }
        return CSVRecord(line: recordLine, fields: fields)
    }

    /// Consumes `bytes`, handing every record a line break ends to `emit`, in order.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>,
                              emit: (CSVRecord) throws(CSVError) -> Void) throws(CSVError) {
        var index = 0
        // Skip a UTF-8 byte order mark, even one split across chunks.
        while !bomChecked && index < bytes.count {
            pendingBOM.append(bytes[index])
            index += 1
            if !([0xEF, 0xBB, 0xBF] as [UInt8]).starts(with: pendingBOM) {
                bomChecked = true
                let held = pendingBOM
                pendingBOM = []
                try held.withUnsafeBufferPointer { (buffer) throws(CSVError) in try feed(buffer, emit: emit) }
            } else if pendingBOM.count == 3 {
                bomChecked = true
                pendingBOM = []
            }
        }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case quote where state == .fieldStart:
                    state = .quoted
                case comma:
                    endField()
                    state = .fieldStart
                case lf:
                    if let record = endRecord() { try emit(record) }
                    line += 1
                    recordLine = line
                    state = .fieldStart
                case cr:
                    state = .pendingCR
                case quote:
                    throw CSVError(
                        file: file, line: recordLine,
                        message: "quote inside an unquoted field \(fields.count + 1); quote the whole field")
                default:
                    field.append(byte)
                    state = .unquoted
                }
                index += 1
            case .pendingCR:
                if byte == lf {
                    state = .unquoted  // the LF ends the record
                } else {
                    field.append(cr)  // a lone CR is text
                    state = .unquoted
                }
            case .quoted:
                if byte == quote {
                    state = .quotedQuote
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                index += 1
            case .quotedQuote:
                if byte == quote {
                    field.append(quote)
                    state = .quoted
                    index += 1
                } else {
                    state = .afterQuote
                }
            case .afterQuote:
                switch byte {
                case comma, lf:
                    state = .unquoted  // handled there
                case cr:
                    state = .afterQuoteCR
                    index += 1
                default:
                    throw afterQuoteError()
                }
            case .afterQuoteCR:
                guard byte == lf else { throw afterQuoteError() }
                state = .unquoted
            }
        }
    }

    private func afterQuoteError() -> CSVError {
        CSVError(file: file, line: recordLine,
                 message: "unexpected text after a closing quote in field \(fields.count + 1);"
                     + " a quote inside a quoted field must be doubled")
    }

    /// The end of the input: the record it cut off, if any (a CR at the very end is dropped).
    public mutating func finish() -> End {
        if !bomChecked {
            // A file shorter than a byte order mark that began like one: its bytes are text.
            field += pendingBOM
            pendingBOM = []
            bomChecked = true
            if !field.isEmpty && state == .fieldStart { state = .unquoted }
        }
        let unclosed = state == .quoted
        let open = !field.isEmpty || !fields.isEmpty || state != .fieldStart
        guard open else { return End(tail: nil, unclosedQuote: false) }
        let tail = endRecord()
        state = .fieldStart
        return End(tail: unclosed ? CSVRecord(line: recordLine, fields: tail?.fields ?? []) : tail,
                   unclosedQuote: unclosed)
    }
}
