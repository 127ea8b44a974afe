import ArgumentParser
import MapHeapKit

// Placeholder until its issue lands.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Not built yet.")
}
