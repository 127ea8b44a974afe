// The real Go runtime as a peer: where its toolchains are, and the Go peer (Sources/go-peer/) built
// once per toolchain and GOEXPERIMENT into a cache.
//
// Toolchains are installed by scripts/setup.sh into `.toolchains/go<version>/` under the project
// (or the folder MAPHEAP_TOOLCHAINS names); a `go` on PATH that is exactly the version asked for is
// used instead. Nothing is downloaded here: every Go command runs with GOTOOLCHAIN=local and
// GOPROXY=off (the same environment as scripts/go-env.sh).
import Foundation
import MapHeapModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One installed Go toolchain.
public struct GoToolchain: Equatable, Sendable {
    /// The version, e.g. `1.23.9`.
    public var version: String
    /// Its `go` command.
    public var goCommand: String
    /// Where it was found: `project` (the toolchains folder) or `PATH`.
    public var origin: String
}

/// Finds Go toolchains and builds the Go peer with them.
public enum GoToolchains {
    /// The command that installs the toolchains a suite names.
    public static let setupCommand = "scripts/setup.sh"

    /// The command that installs Go `version` (one of GoRelease.all): `scripts/setup.sh --go 1.22.10`.
    /// mapheap never downloads a toolchain itself; a suite naming one that is missing is refused
    /// with this command.
    public static func installCommand(for version: String) -> String { "\(setupCommand) --go \(version)" }

    /// The project's root: the folder holding `Sources/go-peer/go.mod`. MAPHEAP_ROOT names it;
    /// otherwise the current directory and the mapheap executable's folder are searched upwards.
    public static func projectRoot(executable: String? = nil) -> String? {
        let environment = ProcessInfo.processInfo.environment
        var starts: [URL] = []
        if let root = environment["MAPHEAP_ROOT"], !root.isEmpty { starts.append(URL(fileURLWithPath: root)) }
        starts.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        let path = executable ?? CommandLine.arguments.first ?? ""
        if !path.isEmpty { starts.append(URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()) }
        for start in starts {
            var candidate = start.standardizedFileURL
            while true {
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("Sources/go-peer/go.mod").path) {
                    return candidate.path
                }
                let parent = candidate.deletingLastPathComponent()
                if parent.path == candidate.path { break }
                candidate = parent
            }
        }
        return nil
    }

    /// The toolchains folder: MAPHEAP_TOOLCHAINS, else `.toolchains` under the project root.
    public static func folder(root: String?) -> String? {
        if let named = ProcessInfo.processInfo.environment["MAPHEAP_TOOLCHAINS"], !named.isEmpty { return named }
        return root.map { ($0 as NSString).appendingPathComponent(".toolchains") }
    }

    /// The toolchain of `version`: the toolchains folder's, else a `go` on PATH of exactly that version.
    public static func find(_ version: String, root: String?) -> GoToolchain? {
        if let folder = folder(root: root) {
            let go = "\(folder)/go\(version)/go/bin/go"
            if _goVersion(of: go) == "go\(version)" {
                return GoToolchain(version: version, goCommand: go, origin: "project")
            }
        }
        if let go = _onPath("go"), _goVersion(of: go) == "go\(version)" {
            return GoToolchain(version: version, goCommand: go, origin: "PATH")
        }
        return nil
    }

    /// Every toolchain found: the toolchains folder's `go<version>` folders, then a `go` on PATH.
    public static func installed(root: String?) -> [GoToolchain] {
        var found: [GoToolchain] = []
        if let folder = folder(root: root),
           let names = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            for name in names.sorted() where name.hasPrefix("go") && name.dropFirst(2).first?.isNumber == true {
                let go = "\(folder)/\(name)/go/bin/go"
                if let version = _goVersion(of: go), version == name {
                    found.append(GoToolchain(version: String(name.dropFirst(2)), goCommand: go, origin: "project"))
                }
            }
        }
        if let go = _onPath("go"), let version = _goVersion(of: go), version.hasPrefix("go"),
           !found.contains(where: { "go" + $0.version == version }) {
            found.append(GoToolchain(version: String(version.dropFirst(2)), goCommand: go, origin: "PATH"))
        }
        return found
    }

    /// The environment of every Go command: no download, no toolchain switch, no user go.env, no cgo,
    /// the build cache beside the toolchains, and none of the variables that would change the peer's
    /// build or its figures (`uncontrolledVariables`: the target, e.g. GOARCH=arm64, and the runtime's
    /// GOGC, GODEBUG...).
    static func environment(folder: String, experiment: String,
                            base: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var environment = base
        for name in uncontrolledVariables { environment[name] = nil }
        environment["GOTOOLCHAIN"] = "local"
        environment["GOPROXY"] = "off"
        environment["GOENV"] = "off"
        environment["GOFLAGS"] = ""
        environment["CGO_ENABLED"] = "0"
        environment["GOCACHE"] = "\(folder)/go-cache"
        environment["GOEXPERIMENT"] = experiment
        return environment
    }

    /// The peer's cache path for a toolchain and GOEXPERIMENT:
    /// `<toolchains>/go-peer/<version>[-<experiment>]/go-peer`.
    public static func peerPath(folder: String, version: String, experiment: String) -> String {
        let tag = experiment.isEmpty ? version : "\(version)-\(experiment.replacingOccurrences(of: ",", with: "_"))"
        return "\(folder)/go-peer/\(tag)/go-peer"
    }

    /// How long `go build` may take before it is stopped (a cold build of the peer takes seconds). A
    /// variable so that tests can shorten it.
    nonisolated(unsafe) static var buildTimeout = 600.0

    /// How long `go env GOVERSION` may take before it is stopped (a variable for the tests, too).
    nonisolated(unsafe) static var probeTimeout = 60.0

    /// Builds the Go peer with `toolchain` and `experiment` into its cache path and returns that path,
    /// or the compiler's first line of error. `go build` rebuilds only what changed (Go's build IDs),
    /// so an up-to-date peer costs a fraction of a second.
    public static func buildPeer(toolchain: GoToolchain, experiment: String, root: String) -> Result<String, GoBuildError> {
        guard let folder = folder(root: root) else {
            return .failure(GoBuildError(firstLine: "no toolchains folder"))
        }
        let output = peerPath(folder: folder, version: toolchain.version, experiment: experiment)
        // A run that is stopping stops the build within a fraction of a second; a build that hangs is
        // stopped at `buildTimeout` (_runTool).
        let text: String
        switch _runTool(toolchain.goCommand, ["build", "-trimpath", "-o", output, "."],
                        environment: environment(folder: folder, experiment: experiment),
                        directory: URL(fileURLWithPath: root).appendingPathComponent("Sources/go-peer"),
                        timeout: buildTimeout) {
        case .notStarted(let reason): return .failure(GoBuildError(firstLine: reason))
        case .stopped: return .failure(GoBuildError(firstLine: "go build was stopped (the run is stopping)"))
        case .timedOut:
            return .failure(GoBuildError(firstLine: "`\(toolchain.goCommand) build` did not finish within "
                + "\(Int(buildTimeout)) s and was stopped"))
        case .finished(succeeded: true, _): return .success(output)
        case .finished(succeeded: false, let output): text = output
        }
        // `go build` prints "# package" before the compiler's messages: the first other line is the error.
        let lines = text.split(separator: "\n").map(String.init)
        let first = lines.first { !$0.hasPrefix("#") } ?? lines.first ?? "go build failed"
        return .failure(GoBuildError(firstLine: first))
    }

    /// Peers built in this process, by toolchain and experiment (each is built once per run).
    nonisolated(unsafe) private static var built: [String: Result<String, GoBuildError>] = [:]
    private static let builtLock = NSLock()

    /// `buildPeer`, once per toolchain and experiment in this process.
    public static func peer(toolchain: GoToolchain, experiment: String, root: String) -> Result<String, GoBuildError> {
        builtLock.lock()
        defer { builtLock.unlock() }
        let key = toolchain.goCommand + "\u{0}" + experiment
        if let done = built[key] { return done }
        let result = buildPeer(toolchain: toolchain, experiment: experiment, root: root)
        built[key] = result
        return result
    }
}

/// A Go peer that did not build: the compiler's first line.
public struct GoBuildError: Error, Equatable, Sendable {
    /// The first line of the compiler's (or go command's) output.
    public var firstLine: String
}

/// `go env GOVERSION` of the `go` at `path` ("go1.23.9"), or nil when it is not a working go.
func _goVersion(of path: String) -> String? {
    guard access(path, X_OK) == 0 else { return nil }
    var environment = ProcessInfo.processInfo.environment
    environment["GOTOOLCHAIN"] = "local"
    environment["GOENV"] = "off"
    // A probe that hangs is stopped at `probeTimeout` and noted (`_ToolTimeouts`), so that the run can
    // name it; a run that is stopping stops it at once.
    let text: String
    switch _runTool(path, ["env", "GOVERSION"], environment: environment, stderr: false,
                    timeout: GoToolchains.probeTimeout) {
    case .finished(succeeded: true, let output): text = output
    case .timedOut:
        _ToolTimeouts.note(path, seconds: GoToolchains.probeTimeout)
        return nil
    case .finished(succeeded: false, _), .stopped, .notStarted: return nil
    }
    let version = text.trimmingCharacters(in: .whitespacesAndNewlines)
    return version.isEmpty ? nil : version
}

/// The first executable `name` on PATH, or nil.
func _onPath(_ name: String) -> String? {
    for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(directory)/\(name)"
        if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
}
