// The small expression language of the claims file: arithmetic over named figures, comparisons,
// `and` and `or`. A claim's verdict conditions and its derived figures are written in it, so that
// adding a claim needs no code.
//
//     expr    := or
//     or      := and ("or" and)*
//     and     := compare ("and" compare)*
//     compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
//     sum     := product (("+" | "-") product)*
//     product := unary (("*" | "/") unary)*
//     unary   := "-" unary | primary
//     primary := number | name | name "(" expr ("," expr)* ")" | "(" expr ")"
//
// A name is a figure of the claim (or, inside a row expression, a column of the row; `detail.x`
// reads key x of a growth row's detail). Functions: pow2, min, max, abs. A value can be missing
// (a workload that has no such row, a division by zero): arithmetic with a missing value is
// missing, and a comparison with a missing value is false.
import MapHeapModel

/// A parsed claims expression: a tree of nodes.
///
/// A struct with an array of operands rather than an indirect enum: an indirect enum keeps its case
/// in the spare bits of its box pointers, which LeakSanitizer cannot follow, so every parsed claims
/// file would be reported as leaked under `swift test --sanitize=address`.
struct _ClaimExpression: Equatable, Sendable {
    /// What a node is.
    enum Kind: Equatable, Sendable {
        /// `value`.
        case number
        /// A figure or column named `name`.
        case name
        /// `-operands[0]`.
        case negate
        /// `operands[0] name operands[1]`, where `name` is the operator.
        case binary
        /// The function `name` applied to `operands`.
        case call
    }

    var kind: Kind
    var value: Double = 0
    /// The name, operator or function.
    var name: String = ""
    var operands: [_ClaimExpression] = [] {
        didSet { height = 1 + (operands.map(\.height).max() ?? 0) }
    }
    /// Levels of nodes from this one down to its deepest leaf (1 for a leaf): evaluating and printing
    /// recurse this deep, so the parser bounds it (`maximumDepth`).
    private(set) var height = 1

    /// The deepest an expression may nest (parentheses, operators, calls and signs together): far
    /// beyond any claim, far within the stack (7,000 levels crashed the parser and the evaluator).
    static let maximumDepth = 100

    init(kind: Kind, value: Double = 0, name: String = "", operands: [_ClaimExpression] = []) {
        self.kind = kind
        self.value = value
        self.name = name
        self.operands = operands
        height = 1 + (operands.map(\.height).max() ?? 0)
    }

    static func number(_ value: Double) -> _ClaimExpression { _ClaimExpression(kind: .number, value: value) }
    static func name(_ name: String) -> _ClaimExpression { _ClaimExpression(kind: .name, name: name) }
    static func negate(_ inner: _ClaimExpression) -> _ClaimExpression {
        _ClaimExpression(kind: .negate, operands: [inner])
    }
    static func binary(_ op: String, _ lhs: _ClaimExpression, _ rhs: _ClaimExpression) -> _ClaimExpression {
        _ClaimExpression(kind: .binary, name: op, operands: [lhs, rhs])
    }
    static func call(_ function: String, _ arguments: [_ClaimExpression]) -> _ClaimExpression {
        _ClaimExpression(kind: .call, name: function, operands: arguments)
    }

    /// The functions an expression may call, with their argument counts.
    static let functions: [String: Int] = ["pow2": 1, "min": 2, "max": 2, "abs": 1]

    /// Whether the expression is a condition (true or false), not a number: a comparison, or `and` /
    /// `or` of conditions.
    var isCondition: Bool {
        guard kind == .binary else { return false }
        switch name {
        case "and", "or": return operands.allSatisfy(\.isCondition)
        case "<", "<=", ">", ">=", "==", "!=": return true
        default: return false
        }
    }

    /// Every name the expression reads.
    var names: [String] {
        kind == .name ? [name] : operands.flatMap(\.names)
    }

    /// Parses `text`; the error is a short phrase ("unexpected ')' at 7").
    static func parse(_ text: String) throws(_ClaimExpressionError) -> _ClaimExpression {
        var parser = _ClaimExpressionParser(text)
        let expression = try parser.parseOr()
        parser.skipSpaces()
        guard parser.atEnd else { throw parser.error("unexpected \(parser.peekDescription)") }
        return expression
    }

    /// Evaluates the expression; `lookup` gives a name's value (nil: missing).
    func evaluate(_ lookup: (String) -> Double?) -> _ClaimValue {
        switch kind {
        case .number: return .number(value)
        case .name: return lookup(name).map(_ClaimValue.number) ?? .missing
        case .negate:
            guard let value = operands[0].evaluate(lookup).number else { return .missing }
            return .number(-value)
        case .call:
            var values: [Double] = []
            for argument in operands {
                guard let value = argument.evaluate(lookup).number else { return .missing }
                values.append(value)
            }
            switch name {
            case "pow2":
                // The exponent comes from the rows (detail.old_b): a NaN or a huge one must not trap in Int().
                guard values[0].isFinite else { return .missing }
                let exponent = Int(Swift.max(-2000, Swift.min(2000, values[0])))
                return .number(Double(sign: .plus, exponent: exponent, significand: 1))
            case "min": return .number(Swift.min(values[0], values[1]))
            case "max": return .number(Swift.max(values[0], values[1]))
            default: return .number(Swift.abs(values[0]))
            }
        case .binary:
            let left = operands[0].evaluate(lookup)
            if name == "and" || name == "or" {
                let a = left.isTrue
                let b = operands[1].evaluate(lookup).isTrue
                return .truth(name == "and" ? a && b : a || b)
            }
            guard let a = left.number, let b = operands[1].evaluate(lookup).number else {
                return ["+", "-", "*", "/"].contains(name) ? .missing : .truth(false)
            }
            switch name {
            case "+": return .number(a + b)
            case "-": return .number(a - b)
            case "*": return .number(a * b)
            case "/": return b == 0 ? .missing : .number(a / b)
            case "<": return .truth(a < b)
            case "<=": return .truth(a <= b)
            case ">": return .truth(a > b)
            case ">=": return .truth(a >= b)
            case "==": return .truth(a == b)
            default: return .truth(a != b)
            }
        }
    }

    /// The expression written back, normalized (for the rule a report states).
    var text: String {
        switch kind {
        case .number:
            return value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int(value)) : String(value)
        case .name: return name
        case .negate: return "-" + operands[0].text
        case .call: return name + "(" + operands.map(\.text).joined(separator: ", ") + ")"
        case .binary:
            return operands[0].operandText(inside: name) + " " + name + " " + operands[1].operandText(inside: name)
        }
    }

    private static let precedence: [String: Int] = [
        "or": 1, "and": 2, "<": 3, "<=": 3, ">": 3, ">=": 3, "==": 3, "!=": 3, "+": 4, "-": 4, "*": 5, "/": 5,
    ]

    private func operandText(inside op: String) -> String {
        guard kind == .binary, let mine = Self.precedence[name], let outer = Self.precedence[op], mine < outer else {
            return text
        }
        return "(" + text + ")"
    }
}

/// The value of an expression: a number, a truth value, or missing.
enum _ClaimValue: Equatable, Sendable {
    case number(Double)
    case truth(Bool)
    case missing

    /// The value as a number: a truth value counts as 1 or 0; missing is nil.
    var number: Double? {
        switch self {
        case .number(let value): return value
        case .truth(let value): return value ? 1 : 0
        case .missing: return nil
        }
    }

    /// Whether the value counts as true in a condition (a missing value does not).
    var isTrue: Bool {
        switch self {
        case .truth(let value): return value
        case .number(let value): return value != 0
        case .missing: return false
        }
    }
}

/// Why an expression does not parse.
struct _ClaimExpressionError: Error, Equatable {
    var message: String
}

/// A recursive-descent parser over the expression's characters.
struct _ClaimExpressionParser {
    private let characters: [Character]
    private var index = 0
    /// Parentheses, calls and signs open around the current position.
    private var nesting = 0

    init(_ text: String) { characters = Array(text) }

    var atEnd: Bool { index >= characters.count }

    var peekDescription: String {
        atEnd ? "end of expression" : "'\(characters[index])' at \(index + 1)"
    }

    func error(_ message: String) -> _ClaimExpressionError { _ClaimExpressionError(message: message) }

    /// A node, refused when it nests deeper than `_ClaimExpression.maximumDepth`.
    private func checked(_ node: _ClaimExpression) throws(_ClaimExpressionError) -> _ClaimExpression {
        guard node.height <= _ClaimExpression.maximumDepth else { throw tooDeep() }
        return node
    }

    private func tooDeep() -> _ClaimExpressionError {
        error("nested more than \(_ClaimExpression.maximumDepth) levels deep at \(index + 1); write it flatter")
    }

    /// Enters one more level of parentheses, call or sign; refused beyond the limit.
    private mutating func enter() throws(_ClaimExpressionError) {
        nesting += 1
        guard nesting <= _ClaimExpression.maximumDepth else { throw tooDeep() }
    }

    mutating func skipSpaces() {
        while !atEnd && characters[index].isWhitespace { index += 1 }
    }

    /// Consumes `token` if it comes next; a word token must not run on into a name.
    private mutating func accept(_ token: String) -> Bool {
        skipSpaces()
        let tokenCharacters = Array(token)
        guard index + tokenCharacters.count <= characters.count,
              Array(characters[index..<(index + tokenCharacters.count)]) == tokenCharacters else { return false }
        let end = index + tokenCharacters.count
        if token.first?.isLetter == true, end < characters.count, Self.isNameCharacter(characters[end]) {
            return false
        }
        index = end
        return true
    }

    private static func isNameCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "."
    }

    mutating func parseOr() throws(_ClaimExpressionError) -> _ClaimExpression {
        var lhs = try parseAnd()
        while accept("or") {
            let rhs = try parseAnd()
            lhs = try checked(.binary("or", lhs, rhs))
        }
        return lhs
    }

    private mutating func parseAnd() throws(_ClaimExpressionError) -> _ClaimExpression {
        var lhs = try parseCompare()
        while accept("and") {
            let rhs = try parseCompare()
            lhs = try checked(.binary("and", lhs, rhs))
        }
        return lhs
    }

    private mutating func parseCompare() throws(_ClaimExpressionError) -> _ClaimExpression {
        let lhs = try parseSum()
        // Two-character operators first, so that "<=" is not read as "<".
        for op in ["<=", ">=", "==", "!=", "<", ">"] where accept(op) {
            let rhs = try parseSum()
            return try checked(.binary(op, lhs, rhs))
        }
        return lhs
    }

    private mutating func parseSum() throws(_ClaimExpressionError) -> _ClaimExpression {
        var lhs = try parseProduct()
        while true {
            guard let op = accept("+") ? "+" : accept("-") ? "-" : nil else { return lhs }
            let rhs = try parseProduct()
            lhs = try checked(.binary(op, lhs, rhs))
        }
    }

    private mutating func parseProduct() throws(_ClaimExpressionError) -> _ClaimExpression {
        var lhs = try parseUnary()
        while true {
            guard let op = accept("*") ? "*" : accept("/") ? "/" : nil else { return lhs }
            let rhs = try parseUnary()
            lhs = try checked(.binary(op, lhs, rhs))
        }
    }

    private mutating func parseUnary() throws(_ClaimExpressionError) -> _ClaimExpression {
        if accept("-") {
            try enter()
            defer { nesting -= 1 }
            let inner = try parseUnary()
            return try checked(.negate(inner))
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(_ClaimExpressionError) -> _ClaimExpression {
        skipSpaces()
        guard !atEnd else { throw error("expression ends too early") }
        if accept("(") {
            try enter()
            defer { nesting -= 1 }
            let inner = try parseOr()
            guard accept(")") else { throw error("expected ')' but found \(peekDescription)") }
            return inner
        }
        let start = index
        if characters[index].isNumber {
            while !atEnd && (characters[index].isNumber || characters[index] == "." || characters[index] == "_") {
                index += 1
            }
            let text = String(characters[start..<index].filter { $0 != "_" })
            guard let value = Double(text) else { throw error("bad number \"\(text)\"") }
            return .number(value)
        }
        guard characters[index].isLetter || characters[index] == "_" else {
            throw error("unexpected \(peekDescription)")
        }
        while !atEnd && Self.isNameCharacter(characters[index]) { index += 1 }
        let name = String(characters[start..<index])
        if ["and", "or"].contains(name) { throw error("\"\(name)\" needs a value before it") }
        guard accept("(") else { return .name(name) }
        guard let arity = _ClaimExpression.functions[name] else {
            let known = _ClaimExpression.functions.keys.sorted().joined(separator: ", ")
            throw error("unknown function \"\(name)\" (known: \(known))")
        }
        try enter()
        defer { nesting -= 1 }
        var arguments = [try parseOr()]
        while accept(",") { arguments.append(try parseOr()) }
        guard accept(")") else { throw error("expected ')' but found \(peekDescription)") }
        guard arguments.count == arity else {
            throw error("\(name) takes \(arity) argument\(arity == 1 ? "" : "s"), found \(arguments.count)")
        }
        return try checked(.call(name, arguments))
    }
}
