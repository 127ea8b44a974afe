import ArgumentParser

/// The `mapheap` command: measures how a Go-style hash map grows and what that growth costs in memory.
@main
struct MapHeap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapheap",
        abstract: "Measure how a Go-style hash map grows and what the growth costs in memory.",
        subcommands: [DoctorCommand.self, RunCommand.self, ReportCommand.self, CompareCommand.self, WorkloadCommand.self]
    )
}
