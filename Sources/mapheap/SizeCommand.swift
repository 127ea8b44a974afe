// `mapheap size TYPE --entries N`: what a Go map of that type costs at N entries on each Go version,
// from Go's rules (MapCore's MapRules), in milliseconds: no map is built, no key inserted. `--verify`
// measures the same map in the model and in the real Go runtime and prints both beside the prediction.
// The output formats and the JSON schema are documented in docs/size.md.
import ArgumentParser
import Foundation
import MapCore
import MapHeapMeasure
import MapHeapModel
import MapHeapRun

/// One Go release `mapheap size` answers for: its version, the map design it ships, and the rules
/// that change a size between releases of one design (malloc headers, from Go 1.22; the classic
/// load factor, 6 in Go 1.21 and 6.5 after), read from
/// MapCore's per-release table `GoRelease` (docs/versions.md). Inserting distinct keys meets no
/// other rule the table records (tombstone pruning and the small map's update need deletes or
/// repeated keys; the classic `hmap` of 56 bytes is Go 1.24/1.25's noswissmap experiment).
struct SizeRelease: Equatable {
    /// The Go version, "1.23.9".
    var version: String
    /// Its map design (without experiments).
    var generation: GoMapGeneration
    /// Whether its allocator gives objects with pointers a malloc header.
    var mallocHeaders: Bool
    /// Its classic map's load factor numerator over 2 (GoClassicRules.loadFactorNum); a Swiss
    /// release has Go 1.23's, which its rules do not read.
    var loadFactorNum: Int

    /// Every release of the table, oldest first.
    static let known: [SizeRelease] = GoRelease.all.map { release in
        SizeRelease(version: release.version, generation: release.generation == .classic ? .classic : .swiss,
                    mallocHeaders: release.mallocHeaders.value,
                    loadFactorNum: (release.classic ?? .go123).loadFactorNum.value)
    }

    /// The releases the rules are checked against by measurement (CI's toolchains).
    static let measured = ["1.23.9", "1.27.3"]

    /// The default: one release of each generation, both measured.
    static let defaultList = "1.23.9,1.27.3"

    /// The releases `--go` names ("all", or versions separated by commas).
    static func parse(_ text: String) throws -> [SizeRelease] {
        if text == "all" { return known }
        var releases: [SizeRelease] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let version = part.trimmingCharacters(in: .whitespaces)
            guard let release = known.first(where: { $0.version == version }) else {
                throw SizeInputError("--go: unknown Go version \"\(version)\"; known: "
                    + known.map(\.version).joined(separator: ", ") + " or all")
            }
            if !releases.contains(release) { releases.append(release) }
        }
        return releases
    }
}

/// `mapheap size`.
struct SizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "size",
        abstract: "Predict what a Go map type costs at N entries on each Go version, from Go's rules.",
        discussion: """
            Every figure is computed from Go's map and allocator rules (no map is built) and says whether it \
            is exact or a range: where the hash decides (classic overflow buckets, Swiss tables beyond one), \
            the range leaves out outcomes below 1e-9 under random hashes. docs/size.md has the details. \
            Exit status: 0, 1 when --verify cannot run a measurement, 2 on bad input.
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, json, csv
    }

    @Argument(help: "The Go map type, e.g. 'map[[16]byte]Session'.")
    var type: String

    @Option(help: "Entries in the map.")
    var entries: Int

    @Option(help: "The hint given to make (0: unsized).")
    var hint: Int = 0

    @Option(name: .customLong("go"), help: "Go versions, separated by commas, or all.")
    var goVersions: String = SizeRelease.defaultList

    @Option(help: "A Go source file of `type Name <type>` declarations the map type may use.")
    var types: String?

    @Option(help: "Also write map bytes for 0 to this many entries as size-curve.csv and size-curve.svg.")
    var curve: Int?

    @Option(name: .customLong("curve-dir"), help: "With --curve: the directory for the two files.")
    var curveDirectory: String?

    @Flag(help: "Also measure the map in the model and in the real Go runtime, beside the prediction.")
    var verify = false

    @Option(help: "The output format.")
    var format: Format = .text

    func validate() throws {
        if entries < 0 { throw ValidationError("--entries \(entries): must not be negative") }
        if entries > MapRules.maximumEntries {
            throw ValidationError("--entries \(entries): at most \(MapRules.maximumEntries) (2^48) entries")
        }
        if hint < 0 { throw ValidationError("--hint \(hint): must not be negative; 0 is an unsized map") }
        if let curve, curve < 1 || curve > MapRules.maximumEntries {
            throw ValidationError("--curve \(curve): give the largest entry count, 1 to 2^48")
        }
        if curveDirectory != nil && curve == nil { throw ValidationError("--curve-dir needs --curve; add it") }
        if verify && entries < 1 { throw ValidationError("--verify needs --entries of at least 1") }
        if verify && entries > 10_000_000 {
            throw ValidationError("--verify: --entries \(entries) is more than the 10,000,000 it measures; use fewer")
        }
    }

    func run() throws {
        let releases: [SizeRelease]
        let request: SizeRequest
        do {
            releases = try SizeRelease.parse(goVersions)
            request = try SizeRequest(type: type, typesFile: types)
        } catch let error as SizeInputError {
            throw badInput(error)
        }
        // Releases with the same design and allocator rule get the same answer: computed once.
        var answers: [String: MapSizePrediction] = [:]
        var predictions: [(SizeRelease, MapSizePrediction)] = []
        for release in releases {
            let rules = "\(release.generation) \(release.mallocHeaders) \(release.loadFactorNum)"
            let prediction = answers[rules] ?? MapRules.predict(request.geometry(release),
                                                                generation: release.generation,
                                                                entries: entries, hint: hint)
            answers[rules] = prediction
            predictions.append((release, prediction))
        }
        print(SizeOutput(request: request, predictions: predictions).render(format), terminator: "")
        if let curve {
            let directory = curveDirectory ?? "."
            do {
                let written = try SizeCurve(request: request, releases: releases, maximum: curve, hint: hint)
                    .write(to: directory)
                if format == .text { print("curve: " + written.joined(separator: ", ")) }
            } catch {
                throw fail(FailedRun(line: "--curve: cannot write to \(directory): \(errorLine(error))"))
            }
        }
        if verify {
            let lines = try SizeVerification(request: request, entries: entries, hint: hint)
                .run(predictions: predictions)
            print(lines, terminator: "")
        }
    }
}

/// The map type asked about: parsed, its key and value types, and the rules' geometry.
struct SizeRequest {
    /// The map type as written.
    var text: String
    /// The key and value types, named types expanded.
    var key: GoType
    var value: GoType
    /// What the rules read, for a release.
    func geometry(_ release: SizeRelease) -> MapSizeGeometry {
        MapSizeGeometry(shape, mallocHeaders: release.mallocHeaders, loadFactorNum: release.loadFactorNum)
    }
    /// The map's shape.
    var shape: MapShape

    init(type text: String, typesFile: String?) throws {
        var named: [String: GoType] = [:]
        if let typesFile { named = try GoDeclarations.read(typesFile) }
        let parsed: GoType
        do {
            parsed = try GoType.parse(text, named: named)
        } catch let error as GoTypeError {
            throw SizeInputError("TYPE '\(text)': \(error)" + (typesFile == nil && error.message.contains("unknown")
                ? " (define named types with --types FILE)" : ""))
        }
        guard case .map(let key, let value) = parsed else {
            throw SizeInputError("TYPE '\(text)': not a map type; write it as map[K]V")
        }
        guard key.isComparable else {
            throw SizeInputError("TYPE '\(text)': the key " + (key.keyRefusal ?? "\(key) is not comparable")
                + "; Go refuses it as a map key")
        }
        self.text = text
        self.key = key
        self.value = value
        shape = MapShape(key: key.layout, value: value.layout)
    }
}

/// Go source declarations of named types, `type Name <type>` one after another (a struct may span
/// lines; `//` comments, a `package` clause and blank lines are skipped). Anything else is refused
/// in one line that names the file and line.
enum GoDeclarations {
    static func read(_ path: String) throws -> [String: GoType] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { throw SizeInputError("--types \(path): cannot read the file; give a Go source file") }
        let definitions = try parse(text, file: path)
        switch GoType.resolve(named: definitions.mapValues(\.text)) {
        case .success(let types): return types
        case .failure(let error):
            let line = definitions[error.name]?.line ?? 0
            throw SizeInputError("--types \(path):\(line): \(error)")
        }
    }

    /// Name -> (type text, line of its declaration).
    static func parse(_ text: String, file: String) throws -> [String: (text: String, line: Int)] {
        var result: [String: (text: String, line: Int)] = [:]
        var pending: (name: String, parts: [String], line: Int, depth: Int)? = nil
        func refuse(_ line: Int, _ why: String) -> SizeInputError {
            SizeInputError("--types \(file):\(line): \(why); write one `type Name <type>` declaration at a time")
        }
        for (index, raw) in text.components(separatedBy: "\n").enumerated() {
            let number = index + 1
            var line = raw
            if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]) }
            // Struct tags (`json:"id"`) say nothing about the layout.
            while let open = line.firstIndex(of: "`"),
                  let close = line[line.index(after: open)...].firstIndex(of: "`") {
                line.removeSubrange(open...close)
            }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if var current = pending {
                current.parts.append(line)
                current.depth += line.filter { $0 == "{" }.count - line.filter { $0 == "}" }.count
                if current.depth <= 0 {
                    result[current.name] = (joined(current.parts), current.line)
                    pending = nil
                } else {
                    pending = current
                }
                continue
            }
            if line.hasPrefix("package ") { continue }
            guard line.hasPrefix("type ") else { throw refuse(number, "unsupported syntax '\(line)'") }
            var rest = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if rest.hasPrefix("(") { throw refuse(number, "grouped declarations 'type (...)' are not read") }
            let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            guard !name.isEmpty else { throw refuse(number, "no type name after 'type'") }
            rest = rest.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
            // `type Key [16]byte` is an array; `type Set[T comparable] ...` is generic.
            if rest.hasPrefix("["), let close = rest.firstIndex(of: "]"),
               !rest[rest.index(after: rest.startIndex)..<close].allSatisfy({ $0.isNumber || $0 == " " }) {
                throw refuse(number, "generic type \(name) is not supported")
            }
            if rest.hasPrefix("=") { rest = rest.dropFirst().trimmingCharacters(in: .whitespaces) }
            guard !rest.isEmpty else { throw refuse(number, "type \(name) has no definition") }
            if result[name] != nil { throw refuse(number, "type \(name) is declared twice") }
            let depth = rest.filter { $0 == "{" }.count - rest.filter { $0 == "}" }.count
            if depth > 0 {
                pending = (name, [rest], number, depth)
            } else {
                result[name] = (rest, number)
            }
        }
        if let pending { throw refuse(pending.line, "type \(pending.name) has no closing brace") }
        return result
    }

    /// The lines of one declaration as one type expression: fields on lines of their own joined by "; ".
    static func joined(_ parts: [String]) -> String {
        var text = parts.joined(separator: "; ")
        for (from, to) in [("{; ", "{"), ("; }", "}"), (";;", ";")] {
            while text.contains(from) { text = text.replacingOccurrences(of: from, with: to) }
        }
        return text
    }
}

/// Bad input to `mapheap size` found after parsing (the type, the types file, a version): one line, exit 2.
struct SizeInputError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

/// Prints `error`'s one line and returns exit status 2.
func badInput(_ error: SizeInputError) -> ExitCode {
    printErrorLine(error.description)
    return ExitCode(2)
}
