// What ran a workload and measured it: the facts a child stamps on every summary row.

/// Facts about this process that go into every summary row.
public struct RunContext: Sendable {
    /// The machine, one line.
    public var machine: String
    /// What runs the maps: `swift 6.3`.
    public var runtime: String
    /// What measures the bytes: `jemalloc 5.3.0-...`.
    public var allocator: String

    /// Creates a context.
    public init(machine: String, runtime: String, allocator: String) {
        self.machine = machine
        self.runtime = runtime
        self.allocator = allocator
    }
}
