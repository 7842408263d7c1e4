import XCTest
import LabData

/// A fresh state directory per test, so lab.db files never meet.
enum TestFolders {
    static func temporary() -> String {
        let path = "/tmp/opslab-labops-tests-\(UInt32.random(in: 0...UInt32.max))"
        try? FileIO.makeDirectory(path)
        return path
    }
}

/// The message of the error `body` throws (a test failure if it throws none).
func errorMessage(_ body: () throws -> Any, file: StaticString = #filePath, line: UInt = #line) -> String {
    do {
        _ = try body()
        XCTFail("expected an error", file: file, line: line)
        return ""
    } catch {
        return (error as? LabError)?.message ?? String(describing: error)
    }
}
