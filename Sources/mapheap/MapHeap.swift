import ArgumentParser
import Foundation
import MapHeapRun

#if canImport(Glibc)
import Glibc
#endif

/// The `mapheap` command: measures how a Go-style hash map grows and what that growth costs in memory.
@main
struct MapHeap: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapheap",
        abstract: "Measure how a Go-style hash map grows and what the growth costs in memory.",
        subcommands: [DoctorCommand.self, RunCommand.self, ReportCommand.self, CompareCommand.self,
                      WorkloadCommand.self, SizeCommand.self]
    )

    /// Runs the command. Usage errors (unknown flag, missing or malformed value) print one line and
    /// exit with status 2, like every other kind of bad input; help and version exit 0.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        // The child trampoline of `mapheap run` (execAsChild): not a command, and never parsed.
        if arguments.first == childTrampolineCommand {
            printErrorLine("mapheap \(childTrampolineCommand): " + execAsChild(Array(arguments.dropFirst())))
            Foundation.exit(1)
        }
        // The toolchain's processes (go build, go env: run, doctor) die with this process.
        ToolTrampoline.executable = currentExecutablePath()
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            // Help and version, and the ExitCode a command's `fail(_:)` returned (its line is printed).
            guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
            let names = configuration.subcommands.map { $0.configuration.commandName ?? "" }
                .filter { !$0.isEmpty && !$0.hasPrefix("_") }
            let subcommand = arguments.first.flatMap { names.contains($0) ? " " + $0 : nil } ?? ""
            let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "bad arguments"
            printErrorLine("mapheap: \(line) (see 'mapheap\(subcommand) --help')")
            Foundation.exit(exitStatus(for: error))
        }
    }
}
