// The key recipe for any comparable key type, the "shape recipe" of Sources/PROTOCOL.md, shared with
// the Go peer (Tests/Vectors/keys.json, section "shapes", holds vectors both sides check):
// - the leaves are a depth-first walk of the key type (struct fields in order, array elements in
//   index order, complex64/complex128 as two float leaves); zero-size types have none;
// - the index i is written in mixed radix, least significant digit first: leaf 0 gets i mod r0, then
//   i = i / r0, and so on; a leaf of radix 2^64 or unbounded (64-bit integers, strings, pointers)
//   takes all that remains, and the leaves after it get 0;
// - a leaf's value comes from its digit: bools d == 1, narrow integers the low bits of d, 64-bit
//   integers the int64 recipe's bijection of d, floats the float of d (exact: radix 2^24 and 2^53),
//   strings the string recipe of d, pointers a new distinct zero object (the digit is ignored).
// Distinct indexes below the capacity therefore give distinct keys.

/// One leaf of a key type in the shape recipe.
public enum GoKeyLeaf: Hashable, Sendable {
    /// `bool`: radix 2.
    case bool
    /// A signed or unsigned integer of `bits` bits (8, 16, 32 or 64; `int`, `uint` and `uintptr` are 64).
    case integer(bits: Int, signed: Bool)
    /// `float32` (radix 2^24) or `float64` (radix 2^53): the float of the digit, exact.
    case float(bits: Int)
    /// `string`: the string recipe of the digit; takes all that remains.
    case string
    /// `*T` (the pointee) or `unsafe.Pointer` (nil: an 8-byte object): a new distinct zero object.
    case pointer(GoType?)

    /// The leaf's radix, or nil when it takes all that remains (2^64 or unbounded).
    public var radix: UInt64? {
        switch self {
        case .bool: return 2
        case .integer(let bits, _): return bits >= 64 ? nil : 1 << UInt64(bits)
        case .float(let bits): return bits == 32 ? 1 << 24 : 1 << 53
        case .string, .pointer: return nil
        }
    }

    /// The leaf's value for the test vectors (keys.json "shapes"): integers in decimal, bools
    /// `true`/`false`, floats as the decimal digit, strings raw, pointers `ptr`.
    public func rendered(digit d: UInt64) -> String {
        switch self {
        case .bool: return d == 1 ? "true" : "false"
        case .integer(let bits, let signed):
            let x = bits >= 64 ? GoKeyLeaf.int64Bijection(d) : d & ((1 << UInt64(bits)) - 1)
            guard signed else { return String(x) }
            let shift = UInt64(64 - bits)
            return String(Int64(bitPattern: x << shift) >> Int64(shift))
        case .float: return String(d)
        case .string: return GoKeyLeaf.stringRecipe(d)
        case .pointer: return "ptr"
        }
    }

    /// The int64 recipe's bijection on 64 bits: multiply by an odd constant (wrapping), then xorshift.
    @inline(__always)
    public static func int64Bijection(_ d: UInt64) -> UInt64 {
        var x = d &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }

    /// The string recipe: "key-" and `d` in decimal, zero-padded to at least 7 digits.
    public static func stringRecipe(_ d: UInt64) -> String {
        let digits = String(d)
        return "key-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}

extension GoType {
    /// The key recipe's leaves, depth first (see the file header).
    public var keyLeaves: [GoKeyLeaf] {
        var leaves: [GoKeyLeaf] = []
        appendLeaves(to: &leaves)
        return leaves
    }

    private func appendLeaves(to leaves: inout [GoKeyLeaf]) {
        switch self {
        case .basic(let basic):
            switch basic {
            case .bool: leaves.append(.bool)
            case .int8: leaves.append(.integer(bits: 8, signed: true))
            case .int16: leaves.append(.integer(bits: 16, signed: true))
            case .int32: leaves.append(.integer(bits: 32, signed: true))
            case .int64, .int: leaves.append(.integer(bits: 64, signed: true))
            case .uint8: leaves.append(.integer(bits: 8, signed: false))
            case .uint16: leaves.append(.integer(bits: 16, signed: false))
            case .uint32: leaves.append(.integer(bits: 32, signed: false))
            case .uint64, .uint, .uintptr: leaves.append(.integer(bits: 64, signed: false))
            case .float32: leaves.append(.float(bits: 32))
            case .float64: leaves.append(.float(bits: 64))
            case .complex64: leaves += [.float(bits: 32), .float(bits: 32)]
            case .complex128: leaves += [.float(bits: 64), .float(bits: 64)]
            case .string: leaves.append(.string)
            }
        case .pointer(let pointee): leaves.append(.pointer(pointee))
        case .unsafePointer: leaves.append(.pointer(nil))
        case .array(let count, let element):
            guard count > 0 else { return }
            var one: [GoKeyLeaf] = []
            element.appendLeaves(to: &one)
            for _ in 0..<count { leaves += one }
        case .structure(let fields):
            for field in fields { field.type.appendLeaves(to: &leaves) }
        case .slice, .map, .chan, .function, .emptyInterface, .error:
            // Not keys of the harness (`keyRefusal`); a value needs no leaves.
            break
        }
    }

    /// How many distinct keys the recipe can make: the product of the leaves' radices, or nil when
    /// every UInt64 index gives a distinct key (a leaf takes all that remains, or the product
    /// reaches 2^64). `struct{}` has capacity 1.
    public var keyCapacity: UInt64? { GoType.capacity(of: keyLeaves) }

    /// The capacity of a list of leaves (see `keyCapacity`).
    public static func capacity(of leaves: [GoKeyLeaf]) -> UInt64? {
        var product: UInt64 = 1
        for leaf in leaves {
            guard let radix = leaf.radix else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: radix)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// The digits of index `i`, one per leaf (least significant first; see the file header).
    public static func digits(of i: UInt64, leaves: [GoKeyLeaf]) -> [UInt64] {
        var rest = i
        return leaves.map { leaf in
            guard let radix = leaf.radix else {
                defer { rest = 0 }
                return rest
            }
            defer { rest /= radix }
            return rest % radix
        }
    }
}
