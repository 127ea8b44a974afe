// A Go type, as a suite writes it for a map's key or value: the syntax tree of a Go type expression
// with every named type already expanded. Three files build on it: GoType+Parse.swift (text to tree,
// errors that name the position), GoType+Layout.swift (size, alignment and pointers on amd64, as the
// compiler computes them) and GoType+Leaves.swift (the key recipe's leaves, shared with the Go peer).
//
// The canonical printer (`description`) is the form the child spec carries in "key_type" and
// "value_type" (Sources/PROTOCOL.md): named types expanded, `byte` as `uint8`, `rune` as `int32`,
// `any` as `interface{}`, struct fields as `name type` joined by "; ", parameter names dropped.
// It is valid Go: the layout test compiles it.

/// One of Go's predeclared basic types (`byte` and `rune` are `uint8` and `int32`).
public enum GoBasicType: String, CaseIterable, Hashable, Sendable {
    /// `bool`: 1 byte.
    case bool
    /// `int`: 8 bytes on amd64.
    case int
    /// `int8`.
    case int8
    /// `int16`.
    case int16
    /// `int32` (also written `rune`).
    case int32
    /// `int64`.
    case int64
    /// `uint`: 8 bytes on amd64.
    case uint
    /// `uint8` (also written `byte`).
    case uint8
    /// `uint16`.
    case uint16
    /// `uint32`.
    case uint32
    /// `uint64`.
    case uint64
    /// `uintptr`: an integer, not a pointer the collector scans.
    case uintptr
    /// `float32`.
    case float32
    /// `float64`.
    case float64
    /// `complex64`: two float32.
    case complex64
    /// `complex128`: two float64.
    case complex128
    /// `string`: a pointer and a length.
    case string
}

/// A channel's direction, as written: `chan T`, `<-chan T` (receive only), `chan<- T` (send only).
public enum GoChanDirection: Hashable, Sendable {
    /// `chan T`
    case both
    /// `<-chan T`
    case receive
    /// `chan<- T`
    case send
}

/// One field of a Go struct type: its name (`_` allowed) and its type.
public struct GoField: Hashable, Sendable {
    /// The field's name as written.
    public var name: String
    /// The field's type, named types expanded.
    public var type: GoType

    /// Creates a field.
    public init(name: String, type: GoType) {
        self.name = name
        self.type = type
    }
}

/// A Go type expression with named types expanded: what a map's key or value is made of. Only the
/// cases that hold a GoType itself are indirect (boxed): a basic type or `struct{}` is stored inline, so
/// the aliases' static types (`Workload.ValueType.empty`) allocate nothing, which LeakSanitizer would
/// otherwise report (it cannot see a box pointer packed into an enum's spare bits).
public enum GoType: Hashable, Sendable {
    /// A predeclared basic type.
    case basic(GoBasicType)
    /// `*T`.
    indirect case pointer(GoType)
    /// `unsafe.Pointer`.
    case unsafePointer
    /// `[]T`.
    indirect case slice(GoType)
    /// `[N]T`.
    indirect case array(count: Int, element: GoType)
    /// `map[K]V`.
    indirect case map(key: GoType, value: GoType)
    /// `chan T`, `<-chan T`, `chan<- T`.
    indirect case chan(GoChanDirection, GoType)
    /// `func(params) results`; parameter names are not kept, `variadic` marks a final `...T`.
    case function(params: [GoType], results: [GoType], variadic: Bool)
    /// `any` / `interface{}`: the empty interface.
    case emptyInterface
    /// `error`: the predeclared interface with one method.
    case error
    /// `struct{...}`, fields in order (`struct{}` has none).
    case structure([GoField])
}

extension GoType: CustomStringConvertible {
    /// The canonical Go text of the type (the spec's "key_type" / "value_type" form).
    public var description: String {
        switch self {
        case .basic(let basic): return basic.rawValue
        case .pointer(let pointee): return "*" + pointee.description
        case .unsafePointer: return "unsafe.Pointer"
        case .slice(let element): return "[]" + element.description
        case .array(let count, let element): return "[\(count)]" + element.description
        case .map(let key, let value): return "map[\(key)]\(value)"
        case .chan(let direction, let element):
            // `chan (<-chan T)`: Go reads `chan <-chan T` as `chan<- (chan T)`, so parenthesize.
            let inner: String
            if direction == .both, case .chan(.receive, _) = element {
                inner = "(\(element))"
            } else {
                inner = element.description
            }
            switch direction {
            case .both: return "chan " + inner
            case .receive: return "<-chan " + inner
            case .send: return "chan<- " + inner
            }
        case .function(let params, let results, let variadic):
            var parts = params.map(\.description)
            if variadic, let last = params.last { parts[parts.count - 1] = "..." + last.description }
            let head = "func(" + parts.joined(separator: ", ") + ")"
            switch results.count {
            case 0: return head
            case 1: return head + " " + results[0].description
            default: return head + " (" + results.map(\.description).joined(separator: ", ") + ")"
            }
        case .emptyInterface: return "interface{}"
        case .error: return "error"
        case .structure(let fields):
            return "struct{" + fields.map { "\($0.name) \($0.type)" }.joined(separator: "; ") + "}"
        }
    }
}

extension GoType {
    /// Whether `==` is defined on the type, so that it can be a map key (Go spec, "Comparison
    /// operators"): not slices, maps or funcs, nor arrays or structs holding one.
    public var isComparable: Bool {
        switch self {
        case .basic, .pointer, .unsafePointer, .chan, .emptyInterface, .error: return true
        case .slice, .map, .function: return false
        case .array(_, let element): return element.isComparable
        case .structure(let fields): return fields.allSatisfy { $0.type.isComparable }
        }
    }

    /// Why the type cannot be a key of the harness's maps, or nil when it can: non-comparable types
    /// (Go refuses them), interface and channel types (comparable, but their hash depends on a
    /// dynamic type or a channel's identity, which the models cannot reproduce), and pointers to a
    /// zero-size type (the key recipe's distinct objects cannot exist: Go allocates them all at one
    /// address). Searches inside arrays and structs; the text names the offending part.
    public var keyRefusal: String? {
        switch self {
        case .basic, .unsafePointer: return nil
        case .pointer(let pointee):
            guard pointee.layout.size == 0 else { return nil }
            return "\(self) points to a zero-size type: Go gives every new zero-size object the same address, "
                + "so the keys could not be distinct"
        case .slice: return "\(self) is a slice, which is not comparable in Go"
        case .map: return "\(self) is a map, which is not comparable in Go"
        case .function: return "\(self) is a func, which is not comparable in Go"
        case .emptyInterface, .error:
            return "\(self) is an interface: its hash depends on the dynamic type of each key, "
                + "which the models cannot reproduce"
        case .chan:
            return "\(self) is a channel: its hash is the channel's address, which the models cannot reproduce"
        case .array(_, let element): return element.keyRefusal
        case .structure(let fields):
            for field in fields { if let why = field.type.keyRefusal { return why } }
            return nil
        }
    }
}
