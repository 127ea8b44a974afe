// Which program measures a workload: the parent's side of the child protocol (Sources/PROTOCOL.md).
import MapHeapModel

/// How the parent starts the child that measures a workload. The child gets `--spec SPEC --result-dir
/// DIR [--progress]` after the launcher's own arguments, and speaks the protocol.
public struct ChildLauncher: Sendable {
    /// The impls this launcher's child measures (the mapheap launcher takes every other one).
    public var impls: Set<Workload.Impl>
    /// The executable and the arguments that come before the protocol's.
    public var command: @Sendable (RunRequest, WorkloadSpec) -> (executable: String, arguments: [String])
    /// Makes the child ready before it is started (the Go peer: built), or says why it cannot be: the
    /// workload is then recorded `failed` with that reason. nil when there is nothing to do.
    public var prepare: (@Sendable (RunRequest, WorkloadSpec) -> String?)?
    /// A line to show once the child is prepared (the Go peer: the time a build took), or nil.
    public var notice: (@Sendable (RunRequest, WorkloadSpec) -> String?)?
    /// The child's environment, or nil to inherit this process's (the Go peer: a controlled one,
    /// `GoToolchains.runEnvironment`).
    public var environment: (@Sendable (RunRequest, WorkloadSpec) -> [String: String])?

    /// Creates a launcher.
    public init(impls: Set<Workload.Impl>,
                prepare: (@Sendable (RunRequest, WorkloadSpec) -> String?)? = nil,
                notice: (@Sendable (RunRequest, WorkloadSpec) -> String?)? = nil,
                environment: (@Sendable (RunRequest, WorkloadSpec) -> [String: String])? = nil,
                command: @escaping @Sendable (RunRequest, WorkloadSpec) -> (executable: String, arguments: [String])) {
        self.impls = impls
        self.prepare = prepare
        self.notice = notice
        self.environment = environment
        self.command = command
    }

    /// mapheap itself: `mapheap _workload ...`, measuring the maps registered in process.
    public static let mapheap = ChildLauncher(impls: []) { request, _ in (request.executable, ["_workload"]) }

    /// The launchers besides mapheap's own. REGISTRATION POINT: an out-of-process peer adds its
    /// launcher here, with its `MapKind` in MapCatalog.swift.
    public static let others: [ChildLauncher] = [.goPeer]

    /// The Go peer (Sources/go-peer/), built once per run for each toolchain and GOEXPERIMENT into
    /// `.toolchains/go-peer/` (GoToolchains.swift), and for a map shape it does not have compiled in,
    /// once per shape too (GoShapePeer.swift; the build's time is the notice). A toolchain that is not
    /// installed is refused before the run (`PreparedRun.prepare`); a build error fails each workload
    /// that needs that build, with the compiler's first line. It measures Go's own map: the catalog's maps
    /// that are a real Go runtime (`MapKind.isGoRuntime`).
    public static let goPeer = ChildLauncher(
        impls: Set(MapCatalog.all.filter(\.isGoRuntime).map(\.impl)),
        prepare: { request, spec in
            switch _goPeer(request, spec) {
            case .success: return nil
            case .failure(let error): return "the Go peer does not build with Go \(spec.goVersion)"
                + (spec.goExperiment.isEmpty ? "" : " GOEXPERIMENT=\(spec.goExperiment)") + ": \(error.firstLine)"
            }
        },
        notice: { request, spec in _goShapeBuildNotice(request, spec) },
        environment: { _, spec in GoToolchains.runEnvironment(goEnv: spec.workload.goEnv) },
        command: { request, spec in
            switch _goPeer(request, spec) {
            case .success(let path): return (path, [])
            case .failure: return ("/nonexistent/go-peer", [])
            }
        })

    /// The launcher whose child measures `impl`.
    public static func launcher(for impl: Workload.Impl) -> ChildLauncher {
        others.first { $0.impls.contains(impl) } ?? .mapheap
    }
}

/// The Go peer binary for `spec`'s toolchain and GOEXPERIMENT, built if needed (once per process).
func _goPeer(_ request: RunRequest, _ spec: WorkloadSpec) -> Result<String, GoBuildError> {
    GoToolchains.peer(for: spec, root: GoToolchains.projectRoot(executable: request.executable))
}

extension GoToolchains {
    /// The Go peer binary that measures `spec`: the compiled-in program of its toolchain and
    /// GOEXPERIMENT, or the program built for its map shape (GoShapePeer.swift), built if needed (once
    /// per process). `mapheap run` and `mapheap size --verify` both take it from here.
    public static func peer(for spec: WorkloadSpec, root: String?) -> Result<String, GoBuildError> {
        _goPeerBinary(spec, root: root)
    }
}

private func _goPeerBinary(_ spec: WorkloadSpec, root: String?) -> Result<String, GoBuildError> {
    guard let root else { return .failure(GoBuildError(firstLine: "Sources/go-peer not found; run mapheap from the project")) }
    guard let toolchain = GoToolchains.find(spec.goVersion, root: root) else {
        return .failure(GoBuildError(firstLine: "Go \(spec.goVersion) is not installed; run \(GoToolchains.setupCommand)"))
    }
    if let shape = GoMapShape(spec: spec), !shape.isCompiledIn {
        return GoToolchains.shapePeer(toolchain: toolchain, experiment: spec.goExperiment, root: root, shape: shape)
            .map(\.path)
    }
    return GoToolchains.peer(toolchain: toolchain, experiment: spec.goExperiment, root: root)
}

/// The line reporting the build of `spec`'s shape program, once per build in this process, or nil.
func _goShapeBuildNotice(_ request: RunRequest, _ spec: WorkloadSpec) -> String? {
    let root = GoToolchains.projectRoot(executable: request.executable)
    guard let shape = GoMapShape(spec: spec), !shape.isCompiledIn,
          let toolchain = GoToolchains.find(spec.goVersion, root: root) else { return nil }
    return GoToolchains.takeShapeBuildNotice(toolchain: toolchain, experiment: spec.goExperiment, shape: shape)
}
