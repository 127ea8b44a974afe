import Foundation
import XCTest

import MapHeapModel
@testable import MapHeapRun

/// The Go peer built for a map shape (MapHeapRun/GoShapePeer.swift, Sources/go-peer/shape.go) on the
/// real runtimes, Go 1.23.9 and Go 1.27.3: specs naming `key_type` and `value_type` (written here as
/// JSON: the suite's type parser is another part of issue 19) run, write today's rows, and count
/// what the shape changes.
///
/// Presized, the map's structure follows from the hint and the slot or bucket layout alone (no table
/// grows, splits or doublings happen before the hint's keys are in), so shapes of the same layout have
/// equal structures. On Go 1.27 their map bytes are then exactly equal too; on Go 1.23 the overflow
/// buckets depend on the random seed, so bytes are held to 1 %.
final class GoShapePeerTests: XCTestCase {
    /// Keys per workload: the CI size of the suites' Go workloads.
    static let keys = GoRuntimeTests.keys
    /// Every spec's sampling: 20 points.
    static let sampling = Sampling(points: 20, spacing: .linear)

    /// The program for `shape` built with Go `version` (skips when the toolchain is not installed).
    func shapePeer(_ version: String, _ shape: GoMapShape) throws -> GoShapePeer {
        let root = try XCTUnwrap(GoToolchains.projectRoot(executable: #filePath))
        guard let toolchain = GoToolchains.find(version, root: root) else {
            throw XCTSkip("Go \(version) is not installed: run scripts/setup.sh")
        }
        switch GoToolchains.shapePeer(toolchain: toolchain, experiment: "", root: root, shape: shape) {
        case .success(let peer): return peer
        case .failure(let error):
            XCTFail("the Go peer for \(shape.goSyntax) does not build with Go \(version): \(error.firstLine)")
            throw XCTSkip("no Go peer")
        }
    }

    /// The spec of `workload` with `key_type`, `value_type` and `go_map_type` set (and `key`, `value`
    /// as the user wrote them), as JSON.
    func shapeSpec(_ workload: Workload, key: String, value: String, shape: GoMapShape) throws -> String {
        let spec = workload.resolved(sampling: Self.sampling, seed: 42)
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(spec.json.utf8)) as? [String: Any])
        object["key"] = key
        object["value"] = value
        object["key_type"] = shape.keyType
        object["value_type"] = shape.valueType
        object["go_map_type"] = "map[\(key)]\(value)"
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs a spec (JSON) in `peer`: its exit status, stderr, and rows when it exited 0.
    func run(_ json: String, peer: String) throws -> (status: Int32, stderr: String, rows: ResultSet?) {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("mapheap-shape-\(UUID().uuidString)")
        let result = scratch.appendingPathComponent("result")
        try FileManager.default.createDirectory(at: result, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let specFile = scratch.appendingPathComponent("spec.json")
        try Data(json.utf8).write(to: specFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: peer)
        process.arguments = ["--spec", specFile.path, "--result-dir", result.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let rows = process.terminationStatus == 0 ? try ResultSet.read(from: result.path) : nil
        return (process.terminationStatus, text, rows)
    }

    /// The summary of map[key]value, presized, run by the program built for `shape` on Go `version`.
    func presized(_ version: String, key: String, value: String, shape: GoMapShape) throws -> SummaryRow {
        let peer = try shapePeer(version, shape)
        let ran = try run(try shapeSpec(Self.presizedWorkload(version), key: key, value: value, shape: shape),
                          peer: peer.path)
        XCTAssertEqual(ran.status, 0, "\(shape.goSyntax) on Go \(version): \(ran.stderr)")
        let row = try XCTUnwrap(ran.rows?.summary.first)
        XCTAssertEqual(row.status, .ok)
        XCTAssertEqual(row.keyType, key, "the summary's key_type is the spec's key, as today")
        XCTAssertEqual(row.valueType, value)
        XCTAssertEqual(row.finalCount, Self.keys)
        XCTAssertEqual(row.inserts, Self.keys)
        XCTAssertEqual(ran.rows?.curve.count, 20, "presized: a curve row per sample point, no growth")
        XCTAssertEqual(row.growths.total, 0)
        return row
    }

    /// The presized workload every comparison runs (as int64/bool: the spec's types are set apart).
    static func presizedWorkload(_ version: String, value: Workload.ValueType = .bool) -> Workload {
        Workload(name: "shape", impl: .go, key: .int64, value: value, sizing: .presized, keys: keys,
                 goVersion: version)
    }

    /// A key over 128 bytes is stored as a pointer, one block per entry apart: map[[129]uint8]bool has
    /// the slot (or bucket) layout of map[*int64]bool (a pointer and a bool, pointers in the bucket) plus
    /// one 144-byte block per entry (129 bytes rounded up to Go's size class 144). The objects *int64
    /// keys point to are key data, not map bytes.
    func testIndirectKeyAddsOneBlockPerEntry() throws {
        let indirect = GoMapShape(keyType: "[129]uint8", valueType: "bool")
        let pointer = GoMapShape(keyType: "*int64", valueType: "bool")
        for version in ["1.23.9", "1.27.3"] {
            let s = try presized(version, key: "[129]byte", value: "bool", shape: indirect)
            let b = try presized(version, key: "*int64", value: "bool", shape: pointer)
            let blocks = 144 * Self.keys
            let (sb, bb) = (try XCTUnwrap(s.mapBytes), try XCTUnwrap(b.mapBytes))
            print("shape map[[129]uint8]bool Go \(version): \(sb) map bytes; map[*int64]bool \(bb) + \(blocks) blocks")
            if version == "1.27.3" {
                XCTAssertEqual(sb, bb + blocks, "Go 1.27: groups as *int64/bool's plus the key blocks")
                XCTAssertEqual(s.structure.tables, b.structure.tables)
                XCTAssertEqual(s.structure.capacity, b.structure.capacity)
            } else {
                XCTAssertEqual(s.structure.b, b.structure.b, "Go 1.23: B from the hint")
                XCTAssertLessThanOrEqual(abs(Double(sb - blocks - bb)), 0.01 * Double(bb),
                                         "Go 1.23: buckets as *int64/bool's within 1 %, plus the key blocks")
            }
        }
    }

    /// A shape of today's layout in a program built for it gives today's figures: map[uint64]struct{}
    /// against the compiled-in map[int64]struct{}.
    func testShapeProgramOfTodaysLayoutMatchesCompiledIn() throws {
        let shape = GoMapShape(keyType: "uint64", valueType: "struct{}")
        for version in ["1.23.9", "1.27.3"] {
            let s = try presized(version, key: "uint64", value: "struct{}", shape: shape)
            let b = try XCTUnwrap(try runGo(Self.presizedWorkload(version, value: .empty).resolved(
                sampling: Self.sampling, seed: 42), peer: try goPeer(version)).summary.first)
            let (sb, bb) = (try XCTUnwrap(s.mapBytes), try XCTUnwrap(b.mapBytes))
            print("shape map[uint64]struct{} Go \(version): \(sb) map bytes; map[int64]struct{} \(bb)")
            if version == "1.27.3" {
                XCTAssertEqual(sb, bb)
            } else {
                XCTAssertEqual(s.structure.b, b.structure.b)
                XCTAssertLessThanOrEqual(abs(Double(sb - bb)), 0.01 * Double(bb))
            }
        }
    }

    /// Pointer keys (made before the run, each a new object) survive churn and are found by the
    /// lookups; their objects are not map bytes: map[*struct{a int64}]bool has int64/bool's layout.
    func testPointerKeysChurnAndLookUp() throws {
        let shape = GoMapShape(keyType: "*struct{a int64}", valueType: "bool")
        let peer = try shapePeer("1.27.3", shape)
        let workload = Workload(name: "pointer-churn", impl: .go, key: .int64, value: .bool, sizing: .presized,
                                keys: 20_000, ops: .churn, rounds: 3, goVersion: "1.27.3")
        let ran = try run(try shapeSpec(workload, key: "*Point", value: "bool", shape: shape), peer: peer.path)
        XCTAssertEqual(ran.status, 0, ran.stderr)
        let row = try XCTUnwrap(ran.rows?.summary.first)
        XCTAssertEqual(row.finalCount, 20_000)
        XCTAssertEqual(row.deletes, 3 * 10_000)
        XCTAssertEqual(row.lookups, workload.resolvedLookups)
        XCTAssertGreaterThan(row.nsPerLookup ?? 0, 0)
    }

    /// A key type with fewer keys than the spec asks for, or a spec for another shape than the
    /// program's, is refused: one line, exit 2.
    func testRefusals() throws {
        let int8 = GoMapShape(keyType: "int8", valueType: "struct{}")
        let peer = try shapePeer("1.27.3", int8)
        let tooMany = Workload(name: "int8", impl: .go, key: .int64, value: .empty, sizing: .unsized, keys: 1_000,
                               goVersion: "1.27.3")
        let refused = try run(try shapeSpec(tooMany, key: "int8", value: "empty", shape: int8), peer: peer.path)
        XCTAssertEqual(refused.status, 2)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        XCTAssert(refused.stderr.contains("only 256 distinct keys"), refused.stderr)
        let fits = Workload(name: "int8", impl: .go, key: .int64, value: .empty, sizing: .unsized, keys: 256,
                            goVersion: "1.27.3")
        let ran = try run(try shapeSpec(fits, key: "int8", value: "empty", shape: int8), peer: peer.path)
        XCTAssertEqual(ran.status, 0, ran.stderr)
        XCTAssertEqual(ran.rows?.summary.first?.finalCount, 256)
        let other = GoMapShape(keyType: "int16", valueType: "struct{}")
        let wrong = try run(try shapeSpec(fits, key: "int16", value: "empty", shape: other), peer: peer.path)
        XCTAssertEqual(wrong.status, 2)
        XCTAssert(wrong.stderr.contains("built for map[int8]struct{}"), wrong.stderr)
    }

    /// A build made in this process is reported once, with its time; one found in the cache is not.
    func testBuildNoticeOnce() throws {
        let shape = GoMapShape(keyType: "[5]int8", valueType: "[3]uint16")
        let root = try XCTUnwrap(GoToolchains.projectRoot(executable: #filePath))
        guard let toolchain = GoToolchains.find("1.27.3", root: root) else {
            throw XCTSkip("Go 1.27.3 is not installed")
        }
        let folder = try XCTUnwrap(GoToolchains.folder(root: root))
        // This test's own shape: its cache entry is removed so that this process builds it.
        try? FileManager.default.removeItem(atPath: try GoToolchains.shapeFolder(
            folder: folder, version: "1.27.3", experiment: "", shape: shape, root: root))
        _ = try shapePeer("1.27.3", shape)
        let notice = try XCTUnwrap(
            GoToolchains.takeShapeBuildNotice(toolchain: toolchain, experiment: "", shape: shape))
        XCTAssert(notice.hasPrefix("built the Go peer for map[[5]int8][3]uint16 with Go 1.27.3 in "), notice)
        XCTAssert(notice.hasSuffix(" s"), notice)
        XCTAssertNil(GoToolchains.takeShapeBuildNotice(toolchain: toolchain, experiment: "", shape: shape))
    }

    /// A shape is built once: a second build of the same sources, shape and toolchain comes from the
    /// cache, and the generated file declares the types as the spec names them.
    func testBuildIsCached() throws {
        let shape = GoMapShape(keyType: "struct{a int8; b int64}", valueType: "[200]uint8")
        XCTAssert(shape.goSource.contains("type shapeKey = struct{a int8; b int64}\n"))
        XCTAssert(shape.goSource.contains(
            #"newShapeBuild[shapeKey, shapeValue]("struct{a int8; b int64}", "[200]uint8")"#))
        _ = try shapePeer("1.27.3", shape)
        let root = try XCTUnwrap(GoToolchains.projectRoot(executable: #filePath))
        let toolchain = try XCTUnwrap(GoToolchains.find("1.27.3", root: root))
        let again = GoToolchains.buildShapePeer(toolchain: toolchain, experiment: "", root: root, shape: shape)
        guard case .success(let peer) = again else { return XCTFail("\(again)") }
        XCTAssertNil(peer.buildSeconds, "built again: \(peer.path)")
        let broken = GoToolchains.buildShapePeer(toolchain: toolchain, experiment: "", root: root,
                                                 shape: GoMapShape(keyType: "[]int", valueType: "bool"))
        guard case .failure(let error) = broken else { return XCTFail("map[[]int]bool built") }
        XCTAssert(error.firstLine.contains("does not satisfy comparable"), error.firstLine)
    }
}
