import Foundation
@testable import MapHeapRun
import MapHeapModel
import MapHeapTestFixtures
import XCTest

/// Issue 24, defects 3, 7 and 13: what an error line prints of a name, which scratch directories are a
/// dead run's, and which files are mapheap's own folded stacks.
final class NamesAndFilesTests: XCTestCase {
    func testControlCharactersAreShownNotSent() {
        XCTAssertEqual(oneLine("a\u{1B}[31mred\u{0}b"), "a\\x1B[31mred\\x00b")
        XCTAssertEqual(oneLine("first\n  second\r\nthird\ttab\u{7F}"), "first second third tab\\x7F")
        XCTAssertEqual(oneLine("\u{9B}2J \u{202E}rtl"), "\\x9B2J \\u{202E}rtl")
        XCTAssertEqual(oneLine("plain é ü ✓"), "plain é ü ✓")
    }

    func testRowsOfAnotherWorkloadFromAChildAreFound() {
        let own = ResultSet(summary: [CSVFixture.summary("w")], curve: [CSVFixture.curve("w")],
                            growth: [CSVFixture.growth("w")])
        XCTAssertNil(_strangerName(in: own, workload: "w"))
        var stranger = own
        stranger.growth.append(CSVFixture.growth("../../x\u{1B}", index: 2))
        XCTAssertEqual(_strangerName(in: stranger, workload: "w"), "../../x\u{1B}")
        XCTAssertEqual(_strangerName(in: own, workload: "v"), "w")
    }

    func testScratchDirectoryNamesAndTheirOwner() {
        XCTAssertEqual(_scratchOwner("mapheap-12345-a1B2c3"), 12345)
        XCTAssertNil(_scratchOwner("mapheap-robust-0F3A2B6C-1111-2222-3333-444455556666"))
        XCTAssertNil(_scratchOwner("mapheap-12345-abc"))
        XCTAssertNil(_scratchOwner("mapheap-x2345-abcdef"))
        XCTAssertNil(_scratchOwner("other-12345-abcdef"))
        XCTAssertNil(_scratchOwner("mapheap-0-abcdef"))
    }

    func testFoldedStacksAreRecognisedByContent() throws {
        let root = NSTemporaryDirectory() + "mapheap-folded-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: root) }
        let cases: [(String, Bool)] = [
            ("", true),
            ("main;grow;malloc 4096\nmain;insert 128\n", true),
            ("main;grow 4096", false),
            ("my notes\n", false),
            ("main;grow 40x6\n", false),
            (" 4096\n", false),
        ]
        for (index, (text, ours)) in cases.enumerated() {
            let path = root + "/\(index).folded"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertEqual(_isFoldedStacks(path), ours, text.debugDescription)
        }
        FileManager.default.createFile(atPath: root + "/p", contents: Data([0x1F, 0x8B, 8, 0]))
        FileManager.default.createFile(atPath: root + "/q", contents: Data("my profile".utf8))
        XCTAssertTrue(_isGzip(root + "/p"))
        XCTAssertFalse(_isGzip(root + "/q"))
    }
}
