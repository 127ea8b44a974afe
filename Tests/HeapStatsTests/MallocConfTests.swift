import Foundation
import XCTest

@testable import HeapStats

/// jemalloc's settings from outside (MallocConf.swift) are named in every row's allocator.
final class MallocConfTests: XCTestCase {
    func testOutsideSettingsAreNamed() {
        XCTAssertEqual(Jemalloc.outsideSettings(environment: nil, link: nil), [])
        XCTAssertEqual(Jemalloc.outsideSettings(environment: "dirty_decay_ms:0", link: "narenas:1"),
                       ["MALLOC_CONF=dirty_decay_ms:0", "/etc/malloc.conf -> narenas:1"])
        XCTAssertEqual(Jemalloc.allocatorDescription(settings: []), "jemalloc " + Jemalloc.version)
        XCTAssertEqual(Jemalloc.allocatorDescription(settings: ["MALLOC_CONF=dirty_decay_ms:0"]),
                       "jemalloc \(Jemalloc.version) MALLOC_CONF=dirty_decay_ms:0")
    }

    func testTheEnvironmentIsRead() {
        setenv("MAPHEAP_TEST_MALLOC_CONF", "muzzy_decay_ms:0", 1)
        defer { unsetenv("MAPHEAP_TEST_MALLOC_CONF") }
        XCTAssertEqual(_environmentValue("MAPHEAP_TEST_MALLOC_CONF"), "muzzy_decay_ms:0")
        XCTAssertNil(_environmentValue("MAPHEAP_TEST_UNSET_VARIABLE"))
        XCTAssertNil(_linkTarget("/nonexistent/malloc.conf"))
    }
}
