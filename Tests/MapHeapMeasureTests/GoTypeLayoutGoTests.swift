import Foundation
import XCTest

import MapCore
@testable import MapHeapRun

/// MapCore's GoType layout against the pinned Go compiler: a few hundred type expressions (every
/// basic type, padding, nested structs and arrays, trailing zero-size fields, pointers inside arrays
/// of length 0) compiled into one Go program that prints, for each, `unsafe.Sizeof`,
/// `unsafe.Alignof`, the runtime's pointer bytes of the type (`PtrBytes`, read from the type
/// descriptor reflect hands out) and `reflect.Type.Comparable`. The parser reads each text as Go
/// does, and its canonical form must compile to the same facts.
final class GoTypeLayoutGoTests: XCTestCase {
    /// The toolchain the project pins for Go's newest runtime (Sources/go-peer/toolchains.txt).
    private let version = "1.27.3"

    func testLayoutsEqualTheCompilers() throws {
        let texts = GoTypeSamples.handPicked + GoTypeSamples.generated(count: 240, seed: 19)
        XCTAssertGreaterThanOrEqual(texts.count, 260)
        let types = try texts.map { try GoType.parse($0) }
        // The canonical text of each type also goes through the compiler: it must be the same type.
        let sources = texts + types.map(\.description)
        let facts = try compilerFacts(sources)
        XCTAssertEqual(facts.count, sources.count)
        var checked = 0
        for (index, source) in sources.enumerated() {
            let type = types[index % texts.count]
            guard let fact = facts[index] else {
                XCTFail("no line from Go for \(source)")
                continue
            }
            let layout = type.layout
            XCTAssertEqual(layout.size, fact.size, "size of \(source)")
            XCTAssertEqual(layout.alignment, fact.alignment, "alignment of \(source)")
            XCTAssertEqual(layout.hasPointers, fact.pointerBytes > 0, "pointers of \(source)")
            XCTAssertEqual(type.isComparable, fact.comparable, "comparable: \(source)")
            checked += 1
        }
        XCTAssertEqual(checked, sources.count)
        // The sample covers what the issue asks for.
        let kinds = Set(types.flatMap { GoTypeSamples.basicsInside($0) })
        XCTAssertEqual(kinds, Set(GoBasicType.allCases))
        XCTAssertTrue(types.contains { $0.layout.size > 0 && GoTypeSamples.endsInZeroSize($0) })
        XCTAssertTrue(types.contains { if case .array(0, let e) = $0 { return e.layout.hasPointers }; return false })
    }

    /// What Go says of each type, by index; nil where Go printed no line for it.
    private struct Fact {
        var size: Int
        var alignment: Int
        var pointerBytes: Int
        var comparable: Bool
    }

    private func compilerFacts(_ texts: [String]) throws -> [Int: Fact] {
        let root = GoToolchains.projectRoot(executable: #filePath)
        guard let toolchain = GoToolchains.find(version, root: root), let folder = GoToolchains.folder(root: root) else {
            throw XCTSkip("Go \(version) is not installed: run scripts/setup.sh")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mapheap-layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(GoTypeSamples.program(texts).utf8).write(to: scratch.appendingPathComponent("main.go"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: toolchain.goCommand)
        process.arguments = ["run", "main.go"]
        process.currentDirectoryURL = scratch
        process.environment = GoToolchains.environment(folder: folder, experiment: "")
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problems = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "go run: \(problems.prefix(2000))")

        var facts: [Int: Fact] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 6, let index = Int(fields[0]), let size = Int(fields[1]),
                  let alignment = Int(fields[2]), let pointerBytes = Int(fields[3]), let descriptorSize = Int(fields[4])
            else {
                XCTFail("unexpected line from Go: \(line)")
                continue
            }
            // The descriptor's first word is the size: proof that the second one is PtrBytes.
            XCTAssertEqual(descriptorSize, size, "type descriptor of \(texts[index]) not laid out as expected")
            facts[index] = Fact(size: size, alignment: alignment, pointerBytes: pointerBytes,
                                comparable: fields[5] == "true")
        }
        return facts
    }
}

/// The type expressions of the layout test, and the Go program that reports on them.
enum GoTypeSamples {
    /// Chosen cases: every basic type, every kind of type, padding and Go's extra byte (golang/go#9401).
    static let handPicked: [String] = GoBasicType.allCases.map(\.rawValue) + [
        "byte", "rune", "*int8", "unsafe.Pointer", "[]int64", "map[string]int", "chan int", "<-chan bool",
        "chan<- string", "func()", "func(a, b int, s ...string) (int, error)", "any", "interface{}", "error",
        "struct{}", "[0]int64", "[0]*int", "[0]string", "[3][0]*byte", "[4]byte", "[16]byte", "[3]bool",
        "struct{a int8; b int64}", "struct{a int64; b int8}", "struct{a, b int8; c int16}",
        "struct{a int64; b struct{}}", "struct{a int32; b [0]int64}", "struct{a int8; b struct{}}",
        "struct{b struct{}; a int8}", "struct{a struct{}; b [0]int64}", "struct{a *int; b [0]*int}",
        "struct{a [0]*int; b int8}", "struct{a int8; b complex64}", "struct{a bool; b complex128; c bool}",
        "struct{id int64; name string; active bool}", "[3]struct{a int16; b int8}",
        "struct{a [2]struct{x int8; y struct{}}; b int8}", "struct{a int16; b [0]struct{}}",
        "[2]struct{a int64; b struct{}}", "struct{_ int8; _ int64}", "[129]byte", "[128]byte",
        "struct{k [16]byte; v [120]byte}", "struct{a []int; b map[int]bool}", "[2]func()",
    ]

    /// `count` random type expressions from a fixed seed: nested structs and arrays, every basic type
    /// and spelling (`byte`, `rune`, `any`), several names per field, trailing zero-size fields.
    static func generated(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        let basics = GoBasicType.allCases.map(\.rawValue) + ["byte", "rune"]
        let zeroSize = ["struct{}", "[0]int64", "[0]*int", "[0]string", "struct{a [0]int32}", "[3]struct{}"]
        func type(_ depth: Int) -> String {
            let pick = depth >= 3 ? 0 : next(12)
            switch pick {
            case 0, 1, 2: return basics[next(basics.count)]
            case 3: return "*" + type(depth + 1)
            case 4: return "[\([0, 1, 2, 3, 5, 7][next(6)])]" + type(depth + 1)
            case 5, 6, 7: return structure(depth + 1)
            case 8: return ["unsafe.Pointer", "any", "error", "interface{}", "func(int) string"][next(5)]
            case 9: return ["[]", "map[int32]", "chan ", "map[string]"][next(4)] + type(depth + 1)
            case 10: return zeroSize[next(zeroSize.count)]
            default: return "[\(next(4))]" + structure(depth + 1)
            }
        }
        func structure(_ depth: Int) -> String {
            var fields: [String] = []
            for f in 0..<next(5) {
                let names = next(4) == 0 ? "f\(f)a, f\(f)b" : "f\(f)"
                fields.append(names + " " + type(depth))
            }
            if next(3) == 0 { fields.append("z " + zeroSize[next(zeroSize.count)]) }
            return "struct{" + fields.joined(separator: "; ") + "}"
        }
        return (0..<count).map { _ in type(0) }
    }

    /// A Go program that prints, for each text i, one line: `i size align ptrbytes descriptor-size
    /// comparable`. PtrBytes is the second word of the runtime's type descriptor (internal/abi.Type:
    /// Size_, PtrBytes, ...), reached through the *rtype inside the reflect.Type interface; its first
    /// word, the size, is printed too so that the test can tell that the offsets hold.
    static func program(_ texts: [String]) -> String {
        var lines = [
            "package main", "", "import (", "\t\"fmt\"", "\t\"reflect\"", "\t\"unsafe\"", ")", "",
            "func words(t reflect.Type) (uintptr, uintptr) {",
            "\te := (*[2]unsafe.Pointer)(unsafe.Pointer(&t))",
            "\tw := (*[2]uintptr)(e[1])",
            "\treturn w[0], w[1]",
            "}", "",
            "func main() {",
        ]
        for (index, text) in texts.enumerated() {
            lines.append("\t{")
            lines.append("\t\tvar v \(text)")
            lines.append("\t\tt := reflect.TypeOf((*\(text))(nil)).Elem()")
            lines.append("\t\tsize, ptr := words(t)")
            lines.append("\t\tfmt.Println(\(index), unsafe.Sizeof(v), unsafe.Alignof(v), ptr, size, t.Comparable())")
            lines.append("\t}")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Every basic type a type holds (for the coverage check).
    static func basicsInside(_ type: GoType) -> [GoBasicType] {
        switch type {
        case .basic(let basic): return [basic]
        case .pointer(let inner), .slice(let inner), .array(_, let inner), .chan(_, let inner): return basicsInside(inner)
        case .map(let key, let value): return basicsInside(key) + basicsInside(value)
        case .structure(let fields): return fields.flatMap { basicsInside($0.type) }
        case .function, .unsafePointer, .emptyInterface, .error: return []
        }
    }

    /// Whether a struct's last field has size 0 (the golang/go#9401 case), at any depth.
    static func endsInZeroSize(_ type: GoType) -> Bool {
        switch type {
        case .structure(let fields): return fields.last.map { $0.type.layout.size == 0 } ?? false
        case .array(let count, let element): return count > 0 && endsInZeroSize(element)
        default: return false
        }
    }
}
