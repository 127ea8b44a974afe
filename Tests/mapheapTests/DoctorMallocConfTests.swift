import Foundation
import HeapStats
import XCTest

/// `mapheap doctor` names jemalloc's settings from outside (MALLOC_CONF), which change the resident
/// figures, instead of saying a plain "ok".
final class DoctorMallocConfTests: XCTestCase {
    func testDoctorNamesMallocConf() throws {
        if Jemalloc.isAddressSanitized { throw XCTSkip("jemalloc is not the allocator under AddressSanitizer") }
        let plain = try MapheapBinary.run(["doctor", "--samples", "11"], environment: ["MALLOC_CONF": ""])
        let set = try MapheapBinary.run(["doctor", "--samples", "11"],
                                        environment: ["MALLOC_CONF": "dirty_decay_ms:1000"])
        XCTAssertEqual(set.status, plain.status, set.stderr)
        XCTAssertTrue(set.stdout.contains("MALLOC_CONF=dirty_decay_ms:1000 (the mapheap child runs with them too)"),
                      set.stdout)
        XCTAssertTrue(set.stdout.contains("note: jemalloc runs with MALLOC_CONF=dirty_decay_ms:1000"), set.stdout)
        XCTAssertFalse(plain.stdout.contains("note: jemalloc runs with"), plain.stdout)
    }
}
