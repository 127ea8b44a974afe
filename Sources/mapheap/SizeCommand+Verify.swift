// `mapheap size --verify`: the same map measured, beside the prediction, in the model (GoMap for a
// classic release, SwissMap for a Swiss one, in this process) and in the real Go runtime (the Go
// peer, built with that release's toolchain as `mapheap run` builds it, for any key and value type).
// A key the harness cannot make (an interface or a channel, too few values for N) is refused in one
// line, as a suite's would be.
import ArgumentParser
import Foundation
import MapCore
import MapHeapMeasure
import MapHeapModel
import MapHeapRun

/// One verification: the request measured in the model and in Go, per release.
struct SizeVerification {
    var request: SizeRequest
    var entries: Int
    var hint: Int

    /// The workload's key and value types: the harness's aliases where the text is one (their recipes
    /// are the ones the suites use), else the request's Go types with the shape recipe.
    func types() -> (Workload.KeyType, Workload.ValueType) {
        let key = Workload.KeyType.aliases.first { $0.goType == request.key && $0.rawValue != "string-long" }
            ?? Workload.KeyType(rawValue: request.key.description, goType: request.key)
        let value = Workload.ValueType.aliases.first { $0.goType == request.value }
            ?? Workload.ValueType(rawValue: request.value.description, goType: request.value)
        return (key, value)
    }

    /// Runs both measurements for every release and renders them beside the predictions. Throws the
    /// exit status when a measurement cannot run (1) or a measured figure is outside its prediction (1).
    func run(predictions: [(SizeRelease, MapSizePrediction)]) throws -> String {
        let (key, value) = types()
        let sizing: Workload.Sizing = hint == 0 ? .unsized : (hint == entries ? .presized : .hint)
        var out = "\nverify: measured \(_Format.int(entries)) inserts of distinct keys, seed 42 "
            + "(model in this process; Go: the Go peer)\n"
        var outside: [String] = []
        for (release, prediction) in predictions {
            // The catalog's model core of the release's generation, and Go's own map.
            guard let modelKind = MapCatalog.model(of: release.generation), let goKind = MapCatalog.goRuntime else {
                preconditionFailure("MapCatalog has no model of the \(release.generation) map or no Go runtime")
            }
            let model = Workload(name: "size-verify", impl: modelKind.impl, key: key, value: value, sizing: sizing,
                                 hint: hint, keys: entries)
            let go = Workload(name: "size-verify-go", impl: goKind.impl, key: key, value: value, sizing: sizing,
                              hint: hint, keys: entries, goVersion: release.version)
            for workload in [model, go] {
                if let (field, problem, fix) = workload.shapeProblem {
                    throw badInput(SizeInputError("--verify: \(field): \(problem); \(fix)"))
                }
            }
            let sampling = Sampling(points: 10, spacing: .linear)
            let modelRows = measureWorkload(model.resolved(sampling: sampling, seed: 42),
                                            context: RunContext(machine: "", runtime: "", allocator: ""))
            let goRows: ResultSet
            do {
                goRows = try runGoPeer(go.resolved(sampling: sampling, seed: 42), version: release.version)
            } catch {
                throw fail(FailedRun(line: "--verify: Go \(release.version): \(errorLine(error))"))
            }
            guard let m = modelRows.summary.first, let g = goRows.summary.first, m.status == .ok, g.status == .ok
            else {
                throw fail(FailedRun(line: "--verify: Go \(release.version): a measurement did not finish"))
            }
            out += "\n" + SizeOutput.title(release) + "\n"
            var rows: [[String]] = [["figure", "predicted", "model (\(model.impl))", "Go \(release.version)"]]
            func add(_ label: String, _ figure: RuleFigure, _ measured: [Int?]) {
                var row = [label, SizeOutput.words(figure)]
                for value in measured {
                    guard let value else {
                        row.append("-")
                        continue
                    }
                    let inside = value >= figure.min && value <= figure.max
                    if !inside { outside.append("Go \(release.version) \(label)") }
                    row.append(_Format.int(value) + (inside ? " ok" : " OUTSIDE"))
                }
                rows.append(row)
            }
            add("map bytes", prediction.mapBytes, [m.mapBytes, g.mapBytes])
            switch prediction.structure {
            case .classic(let b, _, let overflow, _):
                add("B", RuleFigure(exact: b), [m.structure.b, g.structure.b])
                add("overflow buckets", overflow, [m.structure.overflowBuckets, g.structure.overflowBuckets])
            case .swiss(let tables, _, let directory, _):
                add("tables", tables, [m.structure.tables, g.structure.tables])
                add("directory length", directory, [m.structure.directoryLength, g.structure.directoryLength])
            }
            add("growths", prediction.growthCount, [m.growths.total, g.growths.total])
            let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                out += "  " + row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ",
                                                                        startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            }
        }
        if !outside.isEmpty {
            print(out, terminator: "")
            throw fail(FailedRun(line: "--verify: measured outside the prediction: "
                + outside.joined(separator: ", ")))
        }
        return out + "\nverify: every measured figure is the predicted one (exact) or inside its range.\n"
    }

    /// Runs `spec` in the Go peer of `version` (built as `mapheap run` builds it) and reads its rows.
    func runGoPeer(_ spec: WorkloadSpec, version: String) throws -> ResultSet {
        guard let root = GoToolchains.projectRoot() else {
            throw FailedRun(line: "Sources/go-peer not found; run mapheap from the project")
        }
        guard let toolchain = GoToolchains.find(version, root: root) else {
            throw FailedRun(line: "Go \(version) is not installed; run \(GoToolchains.setupCommand)")
        }
        let peer: String
        switch GoToolchains.peer(for: spec, root: root) {
        case .success(let path): peer = path
        case .failure(let error): throw FailedRun(line: "the Go peer does not build: \(error.firstLine)")
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("mapheap-size-\(UUID().uuidString)")
        let result = scratch.appendingPathComponent("result")
        try FileManager.default.createDirectory(at: result, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let specFile = scratch.appendingPathComponent("spec.json")
        try Data(spec.json.utf8).write(to: specFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: peer)
        process.arguments = ["--spec", specFile.path, "--result-dir", result.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FailedRun(line: "the Go peer exited with status \(process.terminationStatus)")
        }
        return try ResultSet.read(from: result.path)
    }
}
