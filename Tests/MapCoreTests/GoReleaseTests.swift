import Foundation
import XCTest

import MapCore

/// The rule table against the facts that need no toolchain (docs/versions.md has them with file
/// and line) and against Sources/go-peer/toolchains.txt, which lists the same releases.
final class GoReleaseTests: XCTestCase {
    func testTheReleasesAreToolchainsTxt() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/go-peer/toolchains.txt")
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n").map { line in
            (line.split(separator: "#", omittingEmptySubsequences: false).first ?? "").split(separator: " ")
        }.filter { !$0.isEmpty }
        XCTAssertEqual(lines.map { String($0[0]) }, GoRelease.all.map(\.version))
        let experiments = lines.map { fields in
            fields.first { $0.hasPrefix("experiments=") }.map { String($0.dropFirst("experiments=".count)) } ?? ""
        }
        XCTAssertEqual(experiments, GoRelease.all.map { $0.experiments.map(\.rawValue).joined(separator: ",") })
    }

    func testGenerationsExperimentsAndRules() throws {
        XCTAssertEqual(GoRelease.all.map(\.generation.rawValue),
                       ["classic", "classic", "classic", "swiss", "swiss", "swiss", "swiss"])
        XCTAssertEqual(GoRelease.having(.noswissmap).map(\.version), ["1.24.11", "1.25.5"])
        XCTAssertEqual(GoRelease.having(.mapsplitgroup).map(\.version), ["1.27.3"])
        XCTAssertEqual(GoRelease.all.map(\.mallocHeaders.value), [false, true, true, true, true, true, true])
        XCTAssertEqual(GoRelease.all.compactMap(\.classic?.hmapBytes.value), [48, 48, 48, 56, 56])
        // Go's own arithmetic for loadFactorNum: 1.21's (bucketCnt * 13 / 16) * loadFactorDen, later
        // loadFactorDen * bucketCnt * 13 / 16.
        XCTAssertEqual(GoRelease.all.compactMap(\.classic?.loadFactorNum.value),
                       [(8 * 13 / 16) * 2, 2 * 8 * 13 / 16, 2 * 8 * 13 / 16, 2 * 8 * 13 / 16, 2 * 8 * 13 / 16])
        XCTAssertEqual(GoRelease.all.compactMap(\.swiss?.prunesTombstones.value), [false, true, true, true])
        XCTAssertEqual(GoRelease.all.compactMap(\.swiss?.smallMapUpdatesInPlace.value), [false, false, false, true])
        let release = try XCTUnwrap(GoRelease.named("1.24.11"))
        XCTAssertEqual(release.generation(experiment: ""), .swiss)
        XCTAssertEqual(release.generation(experiment: "noswissmap"), .classic)
        XCTAssertNil(GoRelease.refusal(version: "1.25.5", experiment: "noswissmap"))
        XCTAssertEqual(GoRelease.refusal(version: "1.23.9", experiment: "noswissmap"),
                       "GOEXPERIMENT noswissmap is not in Go 1.23.9 (the releases that have it: 1.24.11, 1.25.5)")
    }

    /// Go 1.21 has no malloc headers: a pointerful 1,152-byte block (a classic string-key bucket
    /// array of 2^3 × 144 bytes) takes its own class there, and the next one up from 1.22.
    func testMallocHeadersChangeAPointerfulBlock() {
        XCTAssertEqual(GoSizeClasses.footprint(size: 1152, hasPointers: true, mallocHeaders: false), 1152)
        XCTAssertEqual(GoSizeClasses.footprint(size: 1152, hasPointers: true), 1280)
        XCTAssertEqual(GoSizeClasses.footprint(size: 1152, hasPointers: false), 1152)
        XCTAssertEqual(GoSizeClasses.roundUpSize(1100, hasPointers: true, mallocHeaders: false), 1152)
        XCTAssertEqual(GoSizeClasses.roundUpSize(1100, hasPointers: true), 1144)
        XCTAssertEqual(GoSizeClasses.footprint(size: 56, hasPointers: true), 64)
    }
}
