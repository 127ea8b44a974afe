// LeakSanitizer suppressions for `swift test --sanitize=address`.
//
// swift-corelibs-xctest (Swift 6.3, Linux) leaks one weak-reference side table per process in
// `awaitUsingExpectation`, plus the test-case objects it keeps reachable only from there, so
// every ASan run exits 1 even for a test that does nothing. This suppresses exactly that leak,
// by function name (not the whole XCTest module: a GoMap leak inside a test method has XCTest
// frames further down its stack too, and must still be reported). LSan reads this hook at exit.
#if canImport(Glibc)
@_cdecl("__lsan_default_suppressions")
public func __lsan_default_suppressions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(_xctestLeakSuppressions.utf8Start).assumingMemoryBound(to: CChar.self)
}

private let _xctestLeakSuppressions: StaticString = """
    leak:awaitUsingExpectation
    leak:XCTMainMisc
    leak:$s6XCTest0A8SuiteRunC
    leak:$s6XCTest0A7CaseRunC
    leak:$s6XCTest0A4CaseC4name11testClosure
    leak:4name11testClosureACSS_y6XCTest0H4CaseCKctcfC

    """
#endif
