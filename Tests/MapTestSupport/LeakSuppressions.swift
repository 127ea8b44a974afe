// LeakSanitizer suppressions for `swift test --sanitize=address`.
//
// swift-corelibs-xctest (Swift 6.3, Linux) leaks one weak-reference side table per process in
// `awaitUsingExpectation`, plus the test-case objects it keeps reachable only from there, so
// every ASan run exits 1 even for a test that does nothing. This suppresses exactly that leak,
// by function name (not the whole XCTest module: a GoMap leak inside a test method has XCTest
// frames further down its stack too, and must still be reported). LSan reads this hook at exit.
// This hook covers the whole test binary. Besides XCTest's own leaks it suppresses one in
// swift-corelibs-foundation: `Process.run()` leaves a 32-byte weak-reference side table behind
// for every process it starts (seen from the tests that run the mapheap binary); and libxml2's
// allocations, which only FoundationXML's XMLDocument makes when the chart tests parse the SVG
// (libxml2 has no frame pointers, so those stacks end inside it; mapheap never uses libxml2).
// Mangled names are given without their leading "$": in a suppression "$" anchors the end.
#if canImport(Glibc)
@_cdecl("__lsan_default_suppressions")
public func __lsan_default_suppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(_xctestLeakSuppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}

private let _xctestLeakSuppressions: StaticString = """
    leak:awaitUsingExpectation
    leak:XCTMainMisc
    leak:6XCTest0A8SuiteRunC
    leak:6XCTest0A7CaseRunC
    leak:6XCTest0A4CaseC4name11testClosure
    leak:4name11testClosureACSS_y6XCTest0H4CaseCKctcfC
    leak:10Foundation7ProcessC3runyyKF
    leak:libxml2.so


    """
#endif
