import MapCore
import XCTest

/// The type parser, the canonical printer, amd64 layouts worked out from Go's rules by hand, and
/// the key recipe's leaves. (The layouts are also checked against the compiler itself in
/// MapHeapMeasureTests/GoTypeLayoutGoTests.)
final class GoTypeTests: XCTestCase {
    private func layout(_ text: String, named: [String: GoType] = [:]) throws -> GoTypeLayout {
        try GoType.parse(text, named: named).layout
    }

    private func parseError(_ text: String, named: [String: GoType] = [:]) -> GoTypeError? {
        do {
            _ = try GoType.parse(text, named: named)
            return nil
        } catch let error as GoTypeError {
            return error
        } catch {
            return nil
        }
    }

    func testBasicTypes() throws {
        let cases: [(String, Int, Int, Bool)] = [
            ("bool", 1, 1, false), ("int8", 1, 1, false), ("uint8", 1, 1, false), ("byte", 1, 1, false),
            ("int16", 2, 2, false), ("uint16", 2, 2, false), ("int32", 4, 4, false), ("rune", 4, 4, false),
            ("uint32", 4, 4, false), ("float32", 4, 4, false), ("int", 8, 8, false), ("uint", 8, 8, false),
            ("int64", 8, 8, false), ("uint64", 8, 8, false), ("uintptr", 8, 8, false), ("float64", 8, 8, false),
            ("complex64", 8, 4, false), ("complex128", 16, 8, false), ("string", 16, 8, true),
            ("*int8", 8, 8, true), ("unsafe.Pointer", 8, 8, true), ("[]int8", 24, 8, true),
            ("map[string]int", 8, 8, true), ("chan int", 8, 8, true), ("func()", 8, 8, true),
            ("any", 16, 8, true), ("interface{}", 16, 8, true), ("error", 16, 8, true),
            ("struct{}", 0, 1, false),
        ]
        for (text, size, alignment, pointers) in cases {
            XCTAssertEqual(try layout(text), GoTypeLayout(size: size, alignment: alignment, hasPointers: pointers),
                           text)
        }
    }

    func testStructPaddingAndTheTrailingZeroSizeField() throws {
        XCTAssertEqual(try layout("struct{a int8; b int64}"), GoTypeLayout(size: 16, alignment: 8, hasPointers: false))
        XCTAssertEqual(try layout("struct{a int64; b int8}"), GoTypeLayout(size: 16, alignment: 8, hasPointers: false))
        XCTAssertEqual(try layout("struct{a, b int8; c int16}"), GoTypeLayout(size: 4, alignment: 2, hasPointers: false))
        // golang/go#9401: a final zero-size field of a non-empty struct gets a byte.
        XCTAssertEqual(try layout("struct{a int64; b struct{}}"), GoTypeLayout(size: 16, alignment: 8, hasPointers: false))
        XCTAssertEqual(try layout("struct{a int32; b [0]int64}"), GoTypeLayout(size: 16, alignment: 8, hasPointers: false))
        XCTAssertEqual(try layout("struct{a int8; b struct{}}"), GoTypeLayout(size: 2, alignment: 1, hasPointers: false))
        XCTAssertEqual(try layout("struct{b struct{}; a int8}"), GoTypeLayout(size: 1, alignment: 1, hasPointers: false))
        XCTAssertEqual(try layout("struct{a struct{}; b [0]int64}"), GoTypeLayout(size: 0, alignment: 8, hasPointers: false))
        XCTAssertEqual(try layout("[0]*int"), GoTypeLayout(size: 0, alignment: 8, hasPointers: false))
        XCTAssertEqual(try layout("[3]struct{a int16; b int8}"), GoTypeLayout(size: 12, alignment: 2, hasPointers: false))
        XCTAssertEqual(try layout("struct{id int64; name string; active bool}"),
                       GoTypeLayout(size: 32, alignment: 8, hasPointers: true))
    }

    func testCanonicalForm() throws {
        let cases: [(String, String)] = [
            ("[16]byte", "[16]uint8"), ("any", "interface{}"), ("interface { }", "interface{}"),
            ("struct { a, b int32 ; c rune }", "struct{a int32; b int32; c int32}"),
            ("struct{\n a int8\n b *struct{}\n}", "struct{a int8; b *struct{}}"),
            ("map[ string ] []byte", "map[string][]uint8"), ("<-chan int", "<-chan int"), ("chan<- bool", "chan<- bool"),
            ("chan (<-chan int)", "chan (<-chan int)"), ("func(a, b int, s ...string) (int, error)",
                                                         "func(int, int, ...string) (int, error)"),
            ("func(int, string) bool", "func(int, string) bool"), ("(int64)", "int64"),
            ("[]func() func() int", "[]func() func() int"),
        ]
        for (text, canonical) in cases {
            let type = try GoType.parse(text)
            XCTAssertEqual(type.description, canonical, text)
            XCTAssertEqual(try GoType.parse(canonical), type, "re-parsing \(canonical)")
        }
    }

    func testNamedTypes() throws {
        let table = try GoType.resolve(named: [
            "Session": "struct{id int64; name string; active bool}",
            "ID": "[16]byte",
            "Pair": "struct{a ID; b *Session}",
        ]).get()
        XCTAssertEqual(table["Pair"]?.description,
                       "struct{a [16]uint8; b *struct{id int64; name string; active bool}}")
        XCTAssertEqual(try GoType.parse("map[ID]Session", named: table).description,
                       "map[[16]uint8]struct{id int64; name string; active bool}")
        guard case .failure(let cycle) = GoType.resolve(named: ["A": "struct{b *B}", "B": "[2]A"]) else {
            return XCTFail("a cycle resolved")
        }
        XCTAssertEqual(cycle.description, "type A: the named types A -> B -> A refer to themselves")
        guard case .failure(let inner) = GoType.resolve(named: ["A": "struct{b B}", "B": "[x]int"]) else {
            return XCTFail("a bad definition resolved")
        }
        XCTAssertEqual(inner.description, "type B: at column 2: an array length must be a decimal integer, found \"x\"")
        guard case .failure(let predeclared) = GoType.resolve(named: ["int": "int8"]) else {
            return XCTFail("a predeclared name was redefined")
        }
        XCTAssertEqual(predeclared.name, "int")
    }

    func testErrorsNameThePositionAndTheProblem() {
        XCTAssertEqual(parseError("struct{a int8; b Foo}")?.description,
                       "at column 18: unknown type \"Foo\": define it in the suite's \"types\"")
        XCTAssertEqual(parseError("[4]")?.description, "at column 4: expected a type, found the end of the text")
        XCTAssertEqual(parseError("int64 x")?.description, "at column 7: unexpected \"x\" after the type int64")
        XCTAssertEqual(parseError("struct{Session}")?.description,
                       "at column 8: embedded field Session is not supported: give it a name, e.g. struct{session Session}")
        XCTAssertEqual(parseError("struct{a int8; a int8}")?.description, "at column 16: duplicate field a")
        XCTAssertEqual(parseError("interface{ String() string }")?.column, 12)
        XCTAssertEqual(parseError("")?.column, 1)
        XCTAssertEqual(parseError("time.Time")?.column, 1)
        XCTAssertEqual(parseError("[-1]int")?.column, 2)
        XCTAssertEqual(parseError("[99999999999999999999]int")?.column, 2)
        XCTAssertEqual(parseError("[1099511627776][2]int64")?.column, 1)
        XCTAssertEqual(parseError("struct{a int `json:\"a\"`}")?.column, 14)
        XCTAssertNotNil(parseError(String(repeating: "*", count: 100) + "int"))
    }

    func testComparabilityAndKeyRefusals() throws {
        XCTAssertTrue(try GoType.parse("struct{a [2]*int; b string}").isComparable)
        XCTAssertFalse(try GoType.parse("struct{a []int}").isComparable)
        XCTAssertFalse(try GoType.parse("[0]func()").isComparable)
        XCTAssertTrue(try GoType.parse("any").isComparable)
        XCTAssertNil(try GoType.parse("[16]byte").keyRefusal)
        XCTAssertEqual(try GoType.parse("struct{a int; b map[int]int}").keyRefusal,
                       "map[int]int is a map, which is not comparable in Go")
        XCTAssertEqual(try GoType.parse("chan int").keyRefusal,
                       "chan int is a channel: its hash is the channel's address, which the models cannot reproduce")
        XCTAssertNotNil(try GoType.parse("[2]error").keyRefusal)
    }

    func testKeyLeavesAndCapacity() throws {
        XCTAssertEqual(try GoType.parse("int8").keyCapacity, 256)
        XCTAssertEqual(try GoType.parse("bool").keyCapacity, 2)
        XCTAssertEqual(try GoType.parse("struct{}").keyCapacity, 1)
        XCTAssertEqual(try GoType.parse("[2]bool").keyCapacity, 4)
        XCTAssertEqual(try GoType.parse("complex64").keyCapacity, 1 << 48)
        XCTAssertNil(try GoType.parse("[16]byte").keyCapacity)
        XCTAssertNil(try GoType.parse("struct{a bool; p *int}").keyCapacity)
        let leaves = try GoType.parse("struct{a bool; b int8; c int64; d uint16}").keyLeaves
        // 1 + 2 * 77 + 512 * 5: a = 1, b = 77, then c takes 5 and d gets 0.
        let digits = GoType.digits(of: 1 + 2 * 77 + 512 * 5, leaves: leaves)
        XCTAssertEqual(digits, [1, 77, 5, 0])
        XCTAssertEqual(zip(leaves, digits).map { $0.rendered(digit: $1) },
                       ["true", "77", String(Int64(bitPattern: GoKeyLeaf.int64Bijection(5))), "0"])
        XCTAssertEqual(GoKeyLeaf.integer(bits: 8, signed: true).rendered(digit: 200), "-56")
        XCTAssertEqual(GoKeyLeaf.integer(bits: 64, signed: true).rendered(digit: 1), "-7046029236943867426")
        XCTAssertEqual(GoKeyLeaf.string.rendered(digit: 42), "key-0000042")
    }
}
