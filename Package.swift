// swift-tools-version:6.0
// mapheap: measures how a Go-style bucket hash map grows and what that growth costs in memory.
// Module layout and the direction of dependence are described in README.md ("Architecture").
import PackageDescription

let package = Package(
    name: "mapheap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "mapheap", targets: ["mapheap"]),
        .executable(name: "gomap-bench", targets: ["gomap-bench"]),
        .executable(name: "latency-bench", targets: ["latency-bench"]),
        .library(name: "GoMap", targets: ["GoMap"]),
        .library(name: "SwissMap", targets: ["SwissMap"]),
        .library(name: "MapHeapModel", targets: ["MapHeapModel"]),
        .library(name: "MapHeapReport", targets: ["MapHeapReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // jemalloc's mallctl interface and libunwind, as small `mh_` functions.
        .target(
            name: "CHeapShim",
            linkerSettings: [.linkedLibrary("jemalloc"), .linkedLibrary("unwind")]
        ),
        // What the Swift map cores share: their public surface (GoMapModel), Go's allocator size classes (no C,
        // no harness).
        .target(name: "MapCore"),
        // Go's classic bucket map rebuilt in pure Swift, with exact byte and growth accounting.
        .target(name: "GoMap", dependencies: ["MapCore"]),
        // Go 1.24+'s Swiss-table map rebuilt in pure Swift, with exact byte and growth accounting.
        .target(name: "SwissMap", dependencies: ["MapCore"]),
        // A typed Swift view of jemalloc's statistics, and the check that jemalloc is the allocator.
        .target(name: "HeapStats", dependencies: ["CHeapShim"]),
        // The harness's data, no jemalloc: suites, the map catalog, resolved specs and their JSON (the child
        // protocol), result rows and the CSV schema, result and sites files, errors, the number formatter.
        .target(name: "MapHeapModel", dependencies: ["MapCore"]),
        // The child: key recipes, value shapes, the adapters (one generic for both models, one per Swift peer), the
        // registry (REGISTRATION POINT for in-process cores: Measure+Registry.swift), the sampler; measures a spec in
        // this process under jemalloc.
        .target(
            name: "MapHeapMeasure", dependencies: ["MapHeapModel", "GoMap", "SwissMap", "HeapStats", "InsertLatency"]
        ),
        // Report, chart, claims, compare and thresholds: they read result rows only, so build without jemalloc.
        .target(name: "MapHeapReport", dependencies: ["MapHeapModel", "MapCore"]),
        // The parent of `mapheap run`: checks, the result directory's lock, child launchers (REGISTRATION
        // POINT for out-of-process peers: ChildLauncher.swift), progress, writing as each workload ends.
        .target(name: "MapHeapRun", dependencies: ["MapHeapModel", "MapHeapReport", "HeapStats"]),
        // The cycle counter (rdtsc / cntvct_el0), read inline: a header of `static inline` C.
        .target(name: "CCycleCounter"),
        // Every insert's latency into a preallocated HdrHistogram, per growth and per sample window.
        .target(
            name: "InsertLatency",
            dependencies: ["CCycleCounter", .product(name: "Histogram", package: "hdrhistogram-swift")]
        ),
        // The command-line tool: argument parsing and printing only.
        .executableTarget(
            name: "mapheap",
            dependencies: [
                "MapHeapModel", "MapHeapMeasure", "MapHeapRun", "MapHeapReport", "HeapStats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // GoMap and SwissMap against Swift's Dictionary in one process, and the real Go runtime through
        // the Go peer's bench mode, built by MapHeapRun's GoToolchains (release builds only).
        .executableTarget(
            name: "gomap-bench", dependencies: ["MapCore", "GoMap", "SwissMap", "HeapStats", "MapHeapRun"]
        ),
        // What the clocks cost and what recording adds to inserts (release builds only).
        .executableTarget(name: "latency-bench", dependencies: ["InsertLatency", "GoMap", "HeapStats"]),
        .testTarget(name: "MapCoreTests", dependencies: ["MapCore"]),
        // What both map cores' tests share: the differential runner, LifetimeTracker, test key types.
        .target(name: "MapTestSupport", dependencies: ["MapCore"], path: "Tests/MapTestSupport"),
        .testTarget(name: "GoMapTests", dependencies: ["GoMap", "MapTestSupport"]),
        .testTarget(name: "SwissMapTests", dependencies: ["SwissMap", "MapTestSupport"]),
        .testTarget(name: "HeapStatsTests", dependencies: ["HeapStats"]),
        .testTarget(name: "InsertLatencyTests", dependencies: ["InsertLatency", "HeapStats"]),
        // Result sets the harness's tests share.
        .target(name: "MapHeapTestFixtures", dependencies: ["MapHeapModel"], path: "Tests/MapHeapTestFixtures"),
        .testTarget(name: "MapHeapModelTests", dependencies: ["MapHeapModel", "MapHeapTestFixtures", "MapCore"]),
        .testTarget(name: "MapHeapMeasureTests",
                    dependencies: ["MapHeapMeasure", "MapHeapModel", "MapHeapReport", "MapHeapRun", "MapHeapTestFixtures",
                                   "HeapStats", "GoMap", "SwissMap", "MapCore"]),
        .testTarget(name: "MapHeapReportTests", dependencies: ["MapHeapReport", "MapHeapModel", "MapHeapTestFixtures"]),
        .testTarget(name: "MapHeapRunTests", dependencies: ["MapHeapRun", "MapHeapTestFixtures", "HeapStats"]),
        .testTarget(name: "mapheapTests", dependencies: ["mapheap", "MapHeapModel", "MapHeapRun", "HeapStats"]),
    ]
)
