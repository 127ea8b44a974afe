// A Go type's layout on amd64, by the rules of Go's compiler (cmd/compile/internal/types/size.go):
// - basic types: their width; complex64 is two float32 (8 bytes, aligned 4); string is a pointer and
//   a length (16); a slice a pointer, a length and a capacity (24); an interface a type word and a
//   data word (16); pointers, maps, channels and funcs one word (8).
// - [N]T: N times T's size, T's alignment; it holds pointers only when N > 0 and T does.
// - struct: each field at the next offset aligned to its type; the struct's alignment is its largest
//   field's (1 when empty); when the struct is not empty in size and its last field has size 0, one
//   byte is added before the final rounding, so that the address of that field never points at the
//   next object (golang/go#9401: struct{a int64; b struct{}} is 16 bytes, not 8).
// The layout test (Tests/MapHeapMeasureTests/GoTypeLayoutGoTests.swift) checks these against the
// pinned compiler's unsafe.Sizeof, unsafe.Alignof and the runtime's pointer bytes.

extension GoBasicType {
    /// Size and alignment on amd64.
    public var layout: GoTypeLayout {
        switch self {
        case .bool, .int8, .uint8: return GoTypeLayout(size: 1, alignment: 1, hasPointers: false)
        case .int16, .uint16: return GoTypeLayout(size: 2, alignment: 2, hasPointers: false)
        case .int32, .uint32, .float32: return GoTypeLayout(size: 4, alignment: 4, hasPointers: false)
        case .int, .int64, .uint, .uint64, .uintptr, .float64:
            return GoTypeLayout(size: 8, alignment: 8, hasPointers: false)
        case .complex64: return GoTypeLayout(size: 8, alignment: 4, hasPointers: false)
        case .complex128: return GoTypeLayout(size: 16, alignment: 8, hasPointers: false)
        case .string: return GoTypeLayout(size: 16, alignment: 8, hasPointers: true)
        }
    }
}

extension GoType {
    /// One machine word holding a pointer (a pointer, map, channel, func or unsafe.Pointer).
    private static let pointerWord = GoTypeLayout(size: 8, alignment: 8, hasPointers: true)

    /// Size, alignment and pointer flag on amd64, as Go's compiler lays the type out.
    public var layout: GoTypeLayout {
        switch self {
        case .basic(let basic): return basic.layout
        case .pointer, .unsafePointer, .map, .chan, .function: return GoType.pointerWord
        case .slice: return GoTypeLayout(size: 24, alignment: 8, hasPointers: true)
        case .emptyInterface, .error: return GoTypeLayout(size: 16, alignment: 8, hasPointers: true)
        case .array(let count, let element):
            let inner = element.layout
            return GoTypeLayout(size: count * inner.size, alignment: inner.alignment,
                                hasPointers: count > 0 && inner.hasPointers)
        case .structure(let fields):
            return GoType.structLayout(fields).layout
        }
    }

    /// Each field's offset, and the struct's layout (see the file header for the rules).
    public static func structLayout(_ fields: [GoField]) -> (offsets: [Int], layout: GoTypeLayout) {
        var offset = 0
        var alignment = 1
        var hasPointers = false
        var lastSize = 0
        var offsets: [Int] = []
        offsets.reserveCapacity(fields.count)
        for field in fields {
            let inner = field.type.layout
            lastSize = inner.size
            offset = roundUp(offset, to: inner.alignment)
            offsets.append(offset)
            offset += inner.size
            alignment = max(alignment, inner.alignment)
            hasPointers = hasPointers || inner.hasPointers
        }
        if offset > 0, lastSize == 0 {
            offset += 1  // golang/go#9401
        }
        let size = roundUp(offset, to: alignment)
        return (offsets, GoTypeLayout(size: size, alignment: alignment, hasPointers: hasPointers))
    }

    private static func roundUp(_ value: Int, to alignment: Int) -> Int {
        (value + alignment - 1) / alignment * alignment
    }
}
