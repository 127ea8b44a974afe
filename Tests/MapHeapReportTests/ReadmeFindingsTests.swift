import Foundation
import XCTest

/// README's "What mapheap finds" is the committed baseline's claims verdicts (the claims section up to
/// the first claim's details), copied by
/// scripts/readme-findings.sh and never edited by hand: this fails when the two disagree.
final class ReadmeFindingsTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL

    private func lines(_ path: String) throws -> [String] {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func testReadmeFindingsAreTheBaselinesClaimsSection() throws {
        let report = try lines("results/baseline/report.txt")
        guard let start = report.firstIndex(of: "1. The claims, settled") else {
            return XCTFail("results/baseline/report.txt has no claims section; run scripts/update-baseline.sh default")
        }
        // Up to the next numbered heading ("2. ...") or the first claim's details ("  1. ...").
        func startsClaimDetails(_ line: String) -> Bool {
            guard line.hasPrefix("  ") else { return false }
            let rest = line.dropFirst(2)
            let digits = rest.prefix { $0.isNumber }
            return !digits.isEmpty && rest.dropFirst(digits.count).hasPrefix(". ")
        }
        var section = Array(report[start...].prefix { line in
            line == report[start]
                || !(line.first?.isNumber == true && line.contains(". ")) && !startsClaimDetails(line)
        })
        while section.last == "" { section.removeLast() }

        let readme = try lines("README.md")
        guard let begin = readme.firstIndex(where: { $0.hasPrefix("<!-- findings: begin") }),
              let end = readme.firstIndex(where: { $0.hasPrefix("<!-- findings: end") }), begin + 2 < end,
              readme[begin + 1] == "```text", readme[end - 1] == "```" else {
            return XCTFail("README.md lacks the findings block; run scripts/readme-findings.sh")
        }
        XCTAssertEqual(Array(readme[(begin + 2)..<(end - 1)]), section,
                       "README.md's findings differ from results/baseline/report.txt: run scripts/readme-findings.sh")
    }

    /// Every committed report.txt, the claims section included, fits 120 columns.
    func testCommittedReportsFit120Columns() throws {
        for directory in ["results/baseline", "results/ci-baseline", "results/latency"] {
            let wide = try lines(directory + "/report.txt").filter { $0.count > 120 }
            XCTAssertEqual(wide, [], "\(directory)/report.txt: re-render it with mapheap report \(directory)")
        }
    }
}
