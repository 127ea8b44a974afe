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
        .library(name: "MapHeapKit", targets: ["MapHeapKit"]),
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
        // What the Swift map cores share: Go's allocator size classes (no C, no harness).
        .target(name: "MapCore"),
        // Go's classic bucket map rebuilt in pure Swift, with exact byte and growth accounting.
        .target(name: "GoMap", dependencies: ["MapCore"]),
        // Go 1.24+'s Swiss-table map rebuilt in pure Swift, with exact byte and growth accounting.
        .target(name: "SwissMap", dependencies: ["MapCore"]),
        // A typed Swift view of jemalloc's statistics, and the check that jemalloc is the allocator.
        .target(name: "HeapStats", dependencies: ["CHeapShim"]),
        // Workloads, sampler, CSV, report, SVG chart and comparison.
        .target(name: "MapHeapKit", dependencies: ["GoMap", "HeapStats"]),
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
                "MapHeapKit",
                "HeapStats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // GoMap and SwissMap against Swift's Dictionary, timed in one process (release builds only).
        .executableTarget(name: "gomap-bench", dependencies: ["GoMap", "SwissMap", "HeapStats"]),
        // What the clocks cost and what recording adds to inserts (release builds only).
        .executableTarget(name: "latency-bench", dependencies: ["InsertLatency", "GoMap", "HeapStats"]),
        .testTarget(name: "MapCoreTests", dependencies: ["MapCore"]),
        // What both map cores' tests share: the differential runner, LifetimeTracker, test key types.
        .target(name: "MapTestSupport", path: "Tests/MapTestSupport"),
        .testTarget(name: "GoMapTests", dependencies: ["GoMap", "MapTestSupport"]),
        .testTarget(name: "SwissMapTests", dependencies: ["SwissMap", "MapTestSupport"]),
        .testTarget(name: "HeapStatsTests", dependencies: ["HeapStats"]),
        .testTarget(name: "InsertLatencyTests", dependencies: ["InsertLatency", "HeapStats"]),
        .testTarget(name: "MapHeapKitTests", dependencies: ["MapHeapKit"]),
        .testTarget(name: "mapheapTests", dependencies: ["mapheap", "MapHeapKit"]),
    ]
)
