// Go type expressions as text: a small recursive-descent parser for the subset of Go's type grammar a
// map's key or value needs (see GoType.swift), and the table of named types a suite defines.
// Every error names the column (1-based, in characters) and the problem, so that the suite layer can
// say "workload w, field key: at column 9: ...".

/// Why a Go type expression was refused: where (1-based column, in characters) and what.
public struct GoTypeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based column of the problem in the text (in characters); 0 when it concerns the whole text.
    public var column: Int
    /// What is wrong, and where it helps, what to write instead.
    public var message: String

    /// Creates an error.
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    /// "at column N: message", or the message alone for column 0.
    public var description: String { column > 0 ? "at column \(column): \(message)" : message }
}

extension GoType {
    /// The deepest nesting the parser accepts, so that hostile input cannot exhaust the stack.
    public static let maximumDepth = 64

    /// The largest size in bytes a type may have here (1 TiB): Go's compiler goes higher on amd64,
    /// but a map of such values could never be allocated on a machine that runs the harness.
    public static let maximumSize = 1 << 40

    /// Parses a Go type expression. `named` holds the types a name stands for (a suite's "types");
    /// the predeclared names (`int`, `byte`, `any`, `error`, ...) and `unsafe.Pointer` need no entry.
    public static func parse(_ text: String, named: [String: GoType] = [:]) throws -> GoType {
        var parser = GoTypeParser(text: text, lookup: { named[$0] })
        return try parser.parseWhole()
    }

    /// Resolves a suite's table of named types (`"Session": "struct{id int64; name string}"`): each
    /// definition may use the others. Refuses predeclared names, cycles and unknown names; the error's
    /// key is the name whose definition is at fault.
    public static func resolve(named definitions: [String: String]) -> Result<[String: GoType], NamedTypeError> {
        var resolved: [String: GoType] = [:]
        var inProgress: [String] = []

        func resolve(_ name: String) throws -> GoType {
            if let done = resolved[name] { return done }
            if inProgress.contains(name) {
                throw NamedTypeError(name: inProgress[0], error: GoTypeError(
                    column: 0, message: "the named types "
                        + (inProgress + [name]).joined(separator: " -> ") + " refer to themselves"))
            }
            guard let text = definitions[name] else { return .emptyInterface }  // unreachable: callers check
            inProgress.append(name)
            defer { inProgress.removeLast() }
            var parser = GoTypeParser(text: text, lookup: { other in
                definitions[other] == nil ? nil : try resolve(other)
            })
            let type: GoType
            do {
                type = try parser.parseWhole()
            } catch let error as GoTypeError {
                throw NamedTypeError(name: name, error: error)
            }
            resolved[name] = type
            return type
        }

        for name in definitions.keys.sorted() {
            if GoTypeParser.predeclared(name) || name == "unsafe" || !GoTypeParser.isIdentifier(name) {
                return .failure(NamedTypeError(name: name, error: GoTypeError(
                    column: 0, message: "\"\(name)\" cannot name a type here: use a Go identifier that is not "
                        + "predeclared (not int, string, any, error, ...)")))
            }
        }
        do {
            for name in definitions.keys.sorted() { _ = try resolve(name) }
        } catch let error as NamedTypeError {
            return .failure(error)
        } catch {
            preconditionFailure("GoType.resolve(named:): unexpected error \(error)")
        }
        return .success(resolved)
    }
}

/// A named type's definition that does not resolve: which name, and why.
public struct NamedTypeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The name whose definition is at fault.
    public var name: String
    /// The problem in that definition.
    public var error: GoTypeError

    /// Creates an error.
    public init(name: String, error: GoTypeError) {
        self.name = name
        self.error = error
    }

    /// "type Name: at column N: message".
    public var description: String { "type \(name): \(error)" }
}

/// The parser's state: the text as characters and a cursor.
struct GoTypeParser {
    let chars: [Character]
    var index = 0
    var depth = 0
    /// The type a name stands for, nil when unknown; throws when the name's own definition is at fault.
    let lookup: (String) throws -> GoType?

    init(text: String, lookup: @escaping (String) throws -> GoType?) {
        chars = Array(text)
        self.lookup = lookup
    }

    static let basicNames: [String: GoBasicType] = {
        var names = Dictionary(uniqueKeysWithValues: GoBasicType.allCases.map { ($0.rawValue, $0) })
        names["byte"] = .uint8
        names["rune"] = .int32
        return names
    }()

    static let keywords: Set<String> = ["chan", "map", "func", "struct", "interface"]

    static func predeclared(_ name: String) -> Bool {
        basicNames[name] != nil || name == "any" || name == "error" || keywords.contains(name)
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    // MARK: - Tokens

    var column: Int { index + 1 }
    var atEnd: Bool { index >= chars.count }
    var current: Character? { atEnd ? nil : chars[index] }

    func error(_ message: String, at column: Int? = nil) -> GoTypeError {
        GoTypeError(column: column ?? self.column, message: message)
    }

    /// Skips spaces and tabs, and newlines too when `newlines`; says whether a newline was crossed.
    @discardableResult
    mutating func skipSpace(newlines: Bool = true) -> Bool {
        var crossed = false
        while let c = current, c == " " || c == "\t" || (newlines && (c == "\n" || c == "\r")) {
            if c == "\n" || c == "\r" { crossed = true }
            index += 1
        }
        return crossed
    }

    func peek(_ text: String) -> Bool {
        let wanted = Array(text)
        guard index + wanted.count <= chars.count else { return false }
        return Array(chars[index..<index + wanted.count]) == wanted
    }

    mutating func accept(_ text: String) -> Bool {
        guard peek(text) else { return false }
        index += text.count
        return true
    }

    mutating func expect(_ text: String, _ context: String) throws {
        skipSpace()
        guard accept(text) else { throw error("expected \"\(text)\" \(context), found \(found)") }
    }

    var found: String {
        guard let c = current else { return "the end of the text" }
        if c == "\n" || c == "\r" { return "a line break" }
        return "\"\(c)\""
    }

    func identifierAhead() -> String? {
        guard let c = current, c.isLetter || c == "_" else { return nil }
        var end = index
        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
        return String(chars[index..<end])
    }

    mutating func identifier() -> String? {
        guard let name = identifierAhead() else { return nil }
        index += name.count
        return name
    }

    /// Whether the next character can start a type (used after `func(...)` to find a result).
    func startsType() -> Bool {
        guard let c = current else { return false }
        return c.isLetter || c == "_" || c == "*" || c == "[" || c == "(" || (c == "<" && peek("<-"))
    }

    // MARK: - Grammar

    mutating func parseWhole() throws -> GoType {
        skipSpace()
        if atEnd { throw error("empty type: write a Go type such as int64, string or struct{a int8; b int64}") }
        let type = try parseType()
        skipSpace()
        if !atEnd { throw error("unexpected \(found) after the type \(type)") }
        return type
    }

    mutating func parseType() throws -> GoType {
        skipSpace()
        depth += 1
        defer { depth -= 1 }
        if depth > GoType.maximumDepth { throw error("the type nests deeper than \(GoType.maximumDepth) levels") }
        let start = column
        if accept("*") { return .pointer(try parseType()) }
        if accept("(") {
            let inner = try parseType()
            try expect(")", "to close the parenthesis")
            return inner
        }
        if accept("<-") {
            skipSpace()
            guard identifier() == "chan" else { throw error("expected \"chan\" after \"<-\", found \(found)") }
            return .chan(.receive, try parseType())
        }
        if accept("[") { return try parseArrayOrSlice(start: start) }
        guard let name = identifier() else {
            throw error("expected a type, found \(found)")
        }
        switch name {
        case "chan":
            skipSpace()
            if accept("<-") { return .chan(.send, try parseType()) }
            return .chan(.both, try parseType())
        case "map":
            try expect("[", "after \"map\"")
            let key = try parseType()
            try expect("]", "to close the map's key type")
            return .map(key: key, value: try parseType())
        case "func": return try parseSignature()
        case "struct": return try parseStruct()
        case "interface":
            try expect("{", "after \"interface\"")
            skipSpace()
            guard accept("}") else {
                throw error("interfaces with methods are not supported: use interface{}, any or error")
            }
            return .emptyInterface
        case "unsafe":
            skipSpace()
            guard accept("."), identifier() == "Pointer" else {
                throw error("only unsafe.Pointer is known from package unsafe", at: start)
            }
            return .unsafePointer
        default:
            skipSpace(newlines: false)
            if current == "." {
                index += 1
                throw error("unknown type \"\(name).\(identifierAhead() ?? "")\": qualified names other than "
                                + "unsafe.Pointer are not known; define the type in the suite's \"types\"",
                            at: start)
            }
            return try namedType(name, at: start)
        }
    }

    /// A predeclared or suite-defined name (not a keyword, not `unsafe`).
    func namedType(_ name: String, at start: Int) throws -> GoType {
        if let basic = GoTypeParser.basicNames[name] { return .basic(basic) }
        if name == "any" { return .emptyInterface }
        if name == "error" { return .error }
        if let type = try lookup(name) { return type }
        throw error("unknown type \"\(name)\": define it in the suite's \"types\"", at: start)
    }

    mutating func parseArrayOrSlice(start: Int) throws -> GoType {
        skipSpace()
        if accept("]") { return .slice(try parseType()) }
        if peek("...") { throw error("[...]T needs a literal length here: write [N]T") }
        let numberStart = index
        while let c = current, c.isASCII, c.isNumber { index += 1 }
        guard index > numberStart else {
            throw error("an array length must be a decimal integer, found \(found)")
        }
        let digits = String(chars[numberStart..<index])
        if digits.count > 1, digits.hasPrefix("0") {
            throw error("array length \(digits): write it in decimal without a leading zero", at: numberStart + 1)
        }
        guard let count = Int(digits), count <= GoType.maximumSize else {
            throw error("array length \(digits) is too large", at: numberStart + 1)
        }
        try expect("]", "to close the array length")
        let element = try parseType()
        let (product, overflow) = count.multipliedReportingOverflow(by: element.layout.size)
        if overflow || product > GoType.maximumSize {
            throw error("[\(count)]\(element) is larger than \(GoType.maximumSize) bytes", at: start)
        }
        return .array(count: count, element: element)
    }

    mutating func parseStruct() throws -> GoType {
        try expect("{", "after \"struct\"")
        var fields: [GoField] = []
        var names: Set<String> = []
        while true {
            skipSpace()
            if accept("}") { break }
            let fieldStart = column
            guard let first = identifier() else {
                if current == "*" {
                    throw error("embedded fields are not supported: give the field a name")
                }
                throw error("expected a field name or \"}\", found \(found)")
            }
            if GoTypeParser.keywords.contains(first) {
                throw error("expected a field name, found the keyword \(first) (embedded fields are not supported: "
                                + "give the field a name)", at: fieldStart)
            }
            var fieldNames = [(first, fieldStart)]
            skipSpace(newlines: false)
            while accept(",") {
                skipSpace()
                let at = column
                guard let next = identifier() else { throw error("expected a field name after \",\", found \(found)") }
                fieldNames.append((next, at))
                skipSpace(newlines: false)
            }
            if fieldNames.count == 1, atEnd || current == ";" || current == "}" || current == "\n" || current == "."
                || current == "\"" || current == "`" {
                throw error("embedded field \(first) is not supported: give it a name, e.g. "
                                + "struct{\(first.lowercased()) \(first)}", at: fieldStart)
            }
            let type = try parseType()
            for (name, at) in fieldNames {
                if GoTypeParser.keywords.contains(name) {
                    throw error("\(name) is a keyword, not a field name", at: at)
                }
                if name != "_" {
                    guard names.insert(name).inserted else {
                        throw error("duplicate field \(name)", at: at)
                    }
                }
                fields.append(GoField(name: name, type: type))
            }
            let crossed = skipSpace(newlines: true)
            if current == "\"" || current == "`" {
                throw error("field tags are not supported (they do not change the layout): remove the tag")
            }
            if accept(";") { continue }
            if current == "}" { continue }
            if crossed { continue }
            throw error("expected \";\" or \"}\" after field \(fieldNames.map(\.0).joined(separator: ", ")), "
                            + "found \(found)")
        }
        return .structure(fields)
    }

    /// One entry of a parameter list before names are sorted out: a bare identifier (a type or a
    /// name), or an optional name with a type.
    enum ParamEntry {
        case bare(String, column: Int)
        case typed(name: String?, type: GoType, variadic: Bool)
    }

    mutating func parseSignature() throws -> GoType {
        try expect("(", "after \"func\"")
        let (params, variadic) = try parseParameterList(results: false)
        var results: [GoType] = []
        skipSpace(newlines: false)
        if accept("(") {
            results = try parseParameterList(results: true).types
        } else if startsType() {
            results = [try parseType()]
        }
        return .function(params: params, results: results, variadic: variadic)
    }

    /// Parses after "(" up to and including ")": `(int, string)`, `(a, b int, c string)`, `(xs ...int)`.
    mutating func parseParameterList(results: Bool) throws -> (types: [GoType], variadic: Bool) {
        var entries: [ParamEntry] = []
        skipSpace()
        if accept(")") { return ([], false) }
        while true {
            skipSpace()
            let start = column
            if let name = identifierAhead(), !GoTypeParser.keywords.contains(name), name != "unsafe" {
                index += name.count
                skipSpace()
                if current == "," || current == ")" {
                    entries.append(.bare(name, column: start))
                } else {
                    let variadic = accept("...")
                    entries.append(.typed(name: name, type: try parseType(), variadic: variadic))
                }
            } else {
                let variadic = accept("...")
                entries.append(.typed(name: nil, type: try parseType(), variadic: variadic))
            }
            skipSpace()
            if accept(")") { break }
            try expect(",", "between parameters")
        }
        let named = entries.contains { entry in
            if case .typed(.some, _, _) = entry { return true }
            return false
        }
        var types: [GoType] = []
        var pending = 0
        var variadic = false
        for (position, entry) in entries.enumerated() {
            switch entry {
            case .bare(let name, let at):
                if named {
                    pending += 1
                } else {
                    types.append(try namedType(name, at: at))
                }
            case .typed(let name, let type, let isVariadic):
                if named && name == nil { throw error("mixed named and unnamed parameters") }
                if isVariadic && (results || position != entries.count - 1) {
                    throw error("\"...\" is allowed only on the last parameter")
                }
                variadic = isVariadic
                types.append(contentsOf: Array(repeating: type, count: pending + 1))
                pending = 0
            }
        }
        if pending > 0 { throw error("mixed named and unnamed parameters") }
        return (types, variadic)
    }
}
