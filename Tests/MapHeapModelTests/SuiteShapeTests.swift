import Foundation
import XCTest

import MapCore
@testable import MapHeapModel

/// Keys and values as Go types in suites (docs/shapes.md): named types, the aliases, the spec's
/// key_type / value_type / go_map_type, every refusal as one line before anything runs, and the
/// memory estimate from the real sizes.
final class SuiteShapeTests: XCTestCase {
    private let file = "bench-configs/shapes.json"

    private func suite(_ workloads: String, types: String? = nil) -> String {
        """
        { "name": "t", \(types.map { "\"types\": \($0)," } ?? "")
          "workloads": [ \(workloads) ] }
        """
    }

    private func go(_ key: String, _ value: String, keys: Int = 1000, extra: String = "") -> String {
        #"{ "name": "w", "impl": "go", "go_version": "1.27.3", "key": "\#(key)", "value": "\#(value)", "#
            + #""sizing": "unsized", "keys": \#(keys)\#(extra) }"#
    }

    private func parse(_ text: String) throws -> Suite {
        try Suite.parse(json: Array(text.utf8), file: file)
    }

    private func errorLine(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        configErrorLine({ try parse(text) }, file: file, line: line)
    }

    func testNamedTypesAndGoTypesResolve() throws {
        let parsed = try parse(suite(go("[16]byte", "Session"),
                                     types: #"{"Session": "struct{id int64; name string; active bool}"}"#))
        let workload = try XCTUnwrap(parsed.workloads.first)
        XCTAssertEqual(workload.key.rawValue, "[16]byte")
        XCTAssertEqual(workload.key.canonical, "[16]uint8")
        XCTAssertEqual(workload.key.recipe, .shape)
        XCTAssertEqual(workload.value.canonical, "struct{id int64; name string; active bool}")
        XCTAssertEqual(workload.value.content, .zero)
        XCTAssertEqual(workload.goMapType, "map[[16]byte]Session")
        XCTAssertEqual(parsed.types["Session"]?.layout, GoTypeLayout(size: 32, alignment: 8, hasPointers: true))

        let spec = workload.resolved(sampling: Sampling(points: 3), seed: 1)
        let json = spec.json
        XCTAssertTrue(json.contains(#""key": "[16]byte","#), json)
        XCTAssertTrue(json.contains(#""value": "Session","#), json)
        XCTAssertTrue(json.contains(#""key_type": "[16]uint8","#), json)
        XCTAssertTrue(json.contains(#""value_type": "struct{id int64; name string; active bool}","#), json)
        XCTAssertTrue(json.contains(#""go_map_type": "map[[16]byte]Session","#), json)
        XCTAssertEqual(try WorkloadSpec.parse(json: Array(json.utf8), file: "spec.json"), spec)
    }

    func testAliasesKeepTheirRecipesAndGetTheirGoTypes() throws {
        let cases: [(String, String, String, String, String)] = [
            // key, value, key_type, value_type, go_map_type
            ("int64", "bool", "int64", "bool", "map[int64]bool"),
            ("string", "empty", "string", "struct{}", "map[string]struct{}"),
            ("string-long", "int64", "string", "int64", "map[string]int64"),
        ]
        for (key, value, keyType, valueType, mapType) in cases {
            let workload = try XCTUnwrap(try parse(suite(go(key, value))).workloads.first)
            XCTAssertTrue(workload.hasAliasShape, key)
            XCTAssertEqual(workload.key.rawValue, key)
            XCTAssertEqual(workload.value.rawValue, value)
            let json = workload.resolved(sampling: Sampling(points: 3), seed: 1).json
            XCTAssertTrue(json.contains(#""key_type": "\#(keyType)","#), json)
            XCTAssertTrue(json.contains(#""value_type": "\#(valueType)","#), json)
            XCTAssertTrue(json.contains(#""go_map_type": "\#(mapType)","#), json)
        }
        let stringLong = try XCTUnwrap(try parse(suite(go("string-long", "empty"))).workloads.first)
        XCTAssertEqual(stringLong.key, .stringLong)
        XCTAssertEqual(stringLong.key.recipe, .stringLong)
        // Go's own spelling of an alias's type takes the alias's recipe and value.
        let spelled = try XCTUnwrap(try parse(suite(go("string", "struct{}"))).workloads.first)
        XCTAssertEqual(spelled.key.recipe, .string)
        XCTAssertEqual(spelled.value.content, .empty)
        XCTAssertTrue(spelled.hasAliasShape)
        // A map of alias types keeps the aliases' constants; any other map holds zero values.
        let values = try [("int64", "bool"), ("string", "int64"), ("[16]byte", "bool"), ("int64", "string"),
                          ("uint32", "empty")].map { key, value in
            try XCTUnwrap(try parse(suite(go(key, value))).workloads.first).values
        }
        XCTAssertEqual(values, [.bool, .int64, .zero, .zero, .empty])
    }

    func testTooFewKeyValuesAreRefused() {
        XCTAssertEqual(errorLine(suite(go("int8", "bool", keys: 1000))),
                       #"bench-configs/shapes.json: workloads[0].keys: workload "w": key type int8 has only 256 "#
                        + "distinct values, fewer than 1000 keys; use at most 256 keys, or a key type with more values")
        XCTAssertTrue(errorLine(suite(go("bool", "bool", keys: 3))).contains("key type bool has only 2 distinct values"))
        XCTAssertTrue(errorLine(suite(go("struct{}", "bool", keys: 2)))
            .contains("key type struct{} has only 1 distinct value, fewer than 2 keys"))
        // Churn uses N/2 more keys per round: 200 + 8 * 100 > 256.
        XCTAssertTrue(errorLine(suite(go("uint8", "bool", keys: 200, extra: #", "ops": "churn""#)))
            .contains("fewer than the 1000 keys this churn uses"))
        XCTAssertNoThrow(try parse(suite(go("uint8", "bool", keys: 256))))
        XCTAssertNoThrow(try parse(suite(go("[2]bool", "bool", keys: 4))))
    }

    func testKeysThatCannotBeKeysAreRefusedWithTheReason() {
        let interface = errorLine(suite(go("any", "bool")))
        XCTAssertEqual(interface, #"bench-configs/shapes.json: workloads[0].key: workload "w": key type any cannot be "#
                        + "a key here: interface{} is an interface: its hash depends on the dynamic type of each key, "
                        + "which the models cannot reproduce; use a comparable key type without interfaces or "
                        + "channels (values may be any type)")
        XCTAssertTrue(errorLine(suite(go("chan int", "bool"))).contains("is a channel: its hash is the channel's address"))
        XCTAssertTrue(errorLine(suite(go("struct{a int; b error}", "bool"))).contains("error is an interface"))
        XCTAssertTrue(errorLine(suite(go("[]int", "bool"))).contains("[]int is a slice, which is not comparable in Go"))
        XCTAssertTrue(errorLine(suite(go("map[int]int", "bool"))).contains("is a map, which is not comparable"))
        XCTAssertTrue(errorLine(suite(go("[2]func()", "bool"))).contains("func() is a func, which is not comparable"))
        // Any of these is a fine value.
        XCTAssertNoThrow(try parse(suite(go("int64", "struct{a any; b chan int; c []int; d map[int]int; e func()}"))))
    }

    func testBadTypesNameTheWorkloadTheFieldAndThePosition() {
        XCTAssertEqual(errorLine(suite(go("struct{a int8; b Foo}", "bool"))),
                       #"bench-configs/shapes.json: workloads[0].key: workload "w": key "struct{a int8; b Foo}" is "#
                        + #"not a Go type: at column 18: unknown type "Foo": define it in the suite's "types"; write "#
                        + #"a Go type (e.g. [16]byte, struct{a int32; b int64}, a name from the suite's "types") or "#
                        + "an alias (int64, string, string-long)")
        XCTAssertTrue(errorLine(suite(go("int64", "[4]"))).hasPrefix(
            #"bench-configs/shapes.json: workloads[0].value: workload "w": value "[4]" is not a Go type: at column 4: "#
                + "expected a type, found the end of the text;"))
        XCTAssertEqual(errorLine(suite(go("int64", "A"), types: #"{"A": "struct{b *B}", "B": "[2]A"}"#)),
                       "bench-configs/shapes.json: types.A: the named types A -> B -> A refer to themselves; write a "
                        + #"Go type expression such as "struct{id int64; name string}" (named types may use one "#
                        + "another, but not themselves)")
        XCTAssertTrue(errorLine(suite(go("int64", "bool"), types: #"{"int": "int8"}"#))
            .hasPrefix(#"bench-configs/shapes.json: types.int: "int" cannot name a type here"#))
        XCTAssertEqual(errorLine(suite(go("int64", "empty"), types: #"{"empty": "[4]int64"}"#)),
                       #"bench-configs/shapes.json: types.empty: "empty" is an alias of a key or value type, so it "#
                        + "cannot name a type; choose another name")
        XCTAssertTrue(errorLine(suite(go("int64", "bool"), types: #"{"P": "struct{x int"}"#))
            .hasPrefix(#"bench-configs/shapes.json: types.P: "struct{x int" is not a Go type: at column 13: "#))
        XCTAssertTrue(errorLine(suite(go("int64", "bool"), types: #"{"P": 3}"#))
            .hasPrefix("bench-configs/shapes.json: types.P: expected a string"))
        XCTAssertTrue(errorLine(suite(go("int64", "bool"), types: "[]"))
            .hasPrefix("bench-configs/shapes.json: types: expected an object"))
    }

    func testTheModelsTakeShapesAndSwiftsCollectionsSayWhyNot() throws {
        for impl in ["gomap", "swissmap"] {
            let model = #"{ "name": "w", "impl": "\#(impl)", "key": "[16]byte", "value": "[200]byte", "#
                + #""sizing": "unsized", "keys": 10 }"#
            XCTAssertEqual(try parse(suite(model)).workloads.first?.goMapType, "map[[16]byte][200]byte")
        }
        let dictionary = #"{ "name": "w", "impl": "dictionary", "key": "int64", "value": "[2]int64", "#
            + #""sizing": "unsized", "keys": 10 }"#
        XCTAssertEqual(errorLine(suite(dictionary)),
                       #"bench-configs/shapes.json: workloads[0].key: workload "w": map[int64][2]int64 for impl "#
                        + "dictionary: Swift's hashed collections store Swift types, not Go's layout, so their bytes "
                        + "would not be this shape's; use impl go for Go shapes, or an alias key (int64, string, "
                        + "string-long) and value")
        let setKey = #"{ "name": "w", "impl": "set", "key": "uint32", "value": "empty", "sizing": "unsized", "keys": 10 }"#
        XCTAssertTrue(errorLine(suite(setKey)).contains("map[uint32]struct{} for impl set: Swift's hashed"))
        let set = #"{ "name": "w", "impl": "set", "key": "int64", "value": "struct{}", "sizing": "unsized", "keys": 10 }"#
        XCTAssertNoThrow(try parse(suite(set)), "struct{} is the alias empty's type")
    }

    func testSpecsAreCheckedAsSuitesAre() throws {
        let workload = try XCTUnwrap(try parse(suite(go("uint16", "bool"))).workloads.first)
        let good = workload.resolved(sampling: Sampling(points: 3), seed: 1).json
        func error(_ text: String) -> String {
            do {
                _ = try WorkloadSpec.parse(json: Array(text.utf8), file: "spec.json")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(error(good), "no error")
        XCTAssertTrue(error(good.replacingOccurrences(of: #""key_type": "uint16""#, with: #""key_type": "uint17""#))
            .hasPrefix(#"spec.json: key_type: "uint17" is not a Go type: at column 1: unknown type "uint17""#))
        XCTAssertTrue(error(good.replacingOccurrences(of: #""key_type": "uint16""#, with: #""key_type": "bool""#))
            .hasPrefix("spec.json: keys: key type uint16 has only 2 distinct values"))
        XCTAssertEqual(error(good.replacingOccurrences(of: #""key": "uint16""#, with: #""key": "int64""#)),
                       "spec.json: key_type: uint16 for the alias int64; use int64")
        XCTAssertTrue(error(good.replacingOccurrences(of: #"  "go_map_type": "map[uint16]bool","# + "\n", with: ""))
            .hasPrefix("spec.json: go_map_type: missing"))
    }

    func testTheMemoryEstimateUsesTheRealSizes() throws {
        let parsed = try parse(suite(go("struct{a int8; b int64}", "[200]byte")))
        let workload = try XCTUnwrap(parsed.workloads.first)
        XCTAssertEqual(workload.keySlot, 16)
        XCTAssertEqual(workload.valueSlot, 8, "over 128 bytes: a pointer in the slot")
        XCTAssertEqual(workload.keyStorage, 208, "the value's own block: 200 bytes in the 208-byte class")
        let pointers = try XCTUnwrap(try parse(suite(go("struct{p *[3]int64; s string}", "bool"))).workloads.first)
        XCTAssertEqual(pointers.keySlot, 24)
        XCTAssertEqual(pointers.keyStorage, 24 + 16, "the pointee's 24 bytes (a class of its own) and the string's 16")
        // The aliases' figures are the ones the estimate always had.
        let alias = Workload(name: "a", impl: .gomap, key: .string, value: .empty, sizing: .unsized, keys: 10)
        XCTAssertEqual([alias.keySlot, alias.valueSlot, alias.keyStorage], [16, 0, 0])
        let long = Workload(name: "l", impl: .gomap, key: .stringLong, value: .int64, sizing: .unsized, keys: 10)
        XCTAssertEqual([long.keySlot, long.valueSlot, long.keyStorage], [16, 8, 64])
    }
}
