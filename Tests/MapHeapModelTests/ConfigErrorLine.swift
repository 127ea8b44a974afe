import XCTest

@testable import MapHeapModel

/// Runs `parse`, expecting it to throw a ConfigError, and returns the error's line, asserting that it
/// is one line; "" (and a failure) when it throws nothing or another error. The suite tests' refusals
/// go through it.
func configErrorLine<T>(_ parse: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        _ = try parse()
        XCTFail("expected a ConfigError", file: file, line: line)
    } catch let error as ConfigError {
        XCTAssertFalse(error.description.contains("\n"), "one line", file: file, line: line)
        return error.description
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
    return ""
}
