// The environment the Go peer is built and run in. Variables from the user's shell that would change
// the peer's build (its target: GOARCH=arm64, GOAMD64...) or its figures (the runtime's GOGC,
// GOMEMLIMIT, GODEBUG, GOMAXPROCS) never reach it; a suite sets the runtime's through `go_env`
// (Suite+GoEnv.swift), and those are recorded with the workload.
import Foundation
import MapHeapModel

extension GoToolchains {
    /// The Go runtime's settings: cleared for the peer's run, except what the suite's `go_env` sets.
    public static let runtimeVariables = ["GOGC", "GOMEMLIMIT", "GODEBUG", "GOMAXPROCS", "GOTRACEBACK"]

    /// Cleared for every Go command and for the peer's run: the target and build settings, and the
    /// runtime's (`runtimeVariables`). `environment(folder:experiment:)` sets GOFLAGS and GOEXPERIMENT itself.
    public static let uncontrolledVariables = runtimeVariables + [
        "GOARCH", "GOOS", "GOAMD64", "GOARM", "GOARM64", "GO386", "GOPPC64", "GORISCV64", "GOMIPS", "GOMIPS64",
        "GOWASM", "GOFLAGS", "GOFIPS140", "GOEXPERIMENT", "GOBIN", "GOWORK", "GO111MODULE", "GOPATH", "CC",
        "CGO_CFLAGS", "CGO_LDFLAGS",
    ]

    /// The environment the Go peer runs in: `base` without `runtimeVariables`, with the workload's
    /// `go_env`.
    public static func runEnvironment(goEnv: [String: String],
                                      base: [String: String] = ProcessInfo.processInfo.environment)
        -> [String: String] {
        var environment = base
        for name in runtimeVariables { environment[name] = nil }
        for (name, value) in goEnv { environment[name] = value }
        return environment
    }
}
