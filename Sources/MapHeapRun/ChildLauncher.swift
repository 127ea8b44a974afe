// Which program measures a workload: the parent's side of the child protocol (Sources/PROTOCOL.md).
import MapHeapModel

/// How the parent starts the child that measures a workload. The child gets `--spec SPEC --result-dir
/// DIR [--progress]` after the launcher's own arguments, and speaks the protocol.
public struct ChildLauncher: Sendable {
    /// The impls this launcher's child measures (the mapheap launcher takes every other one).
    public var impls: Set<String>
    /// The executable and the arguments that come before the protocol's.
    public var command: @Sendable (RunRequest) -> (executable: String, arguments: [String])

    /// Creates a launcher.
    public init(impls: Set<String>,
                command: @escaping @Sendable (RunRequest) -> (executable: String, arguments: [String])) {
        self.impls = impls
        self.command = command
    }

    /// mapheap itself: `mapheap _workload ...`, measuring the maps registered in process.
    public static let mapheap = ChildLauncher(impls: []) { request in (request.executable, ["_workload"]) }

    /// The launchers besides mapheap's own. REGISTRATION POINT: an out-of-process peer adds its
    /// launcher here; the Go peer: `ChildLauncher(impls: ["go"]) { _ in (pathOfGoPeer, []) }`, with its
    /// `MapKind` in MapCatalog.swift.
    public static let others: [ChildLauncher] = []

    /// The launcher whose child measures `impl`.
    public static func launcher(for impl: String) -> ChildLauncher {
        others.first { $0.impls.contains(impl) } ?? .mapheap
    }
}
