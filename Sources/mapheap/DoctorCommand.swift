import ArgumentParser
import MapHeapKit

// Placeholder until its issue lands.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Not built yet.")
}
