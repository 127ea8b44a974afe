import ArgumentParser
import MapHeapKit

// Placeholder until its issue lands.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "Not built yet.")
}
