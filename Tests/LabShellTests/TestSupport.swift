import XCTest
import LabData
@testable import LabShell

enum TestSupport {
    static var repositoryRoot: String {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()
        return parts.joined(separator: "/")
    }

    /// A JSON fixture under Tests/fixtures (written by the scripts there from pandas and scikit-learn).
    static func fixture(_ path: String) throws -> Any {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        let file = parts.joined(separator: "/") + "/fixtures/" + path
        return try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file)))
    }

    static func temporaryDirectory() -> String {
        let path = "/tmp/opslab-tests-\(UInt32.random(in: 0...UInt32.max))"
        try? FileIO.makeDirectory(path)
        return path
    }

    /// The warnings in a command's output, in order (also inside groups).
    static func warnings(_ output: CommandOutput) -> [String] {
        switch output {
        case .warning(let w): return [w]
        case .group(let parts): return parts.flatMap(warnings)
        default: return []
        }
    }

    /// The messages in a command's output, in order (also inside groups).
    static func messages(_ output: CommandOutput) -> [String] {
        switch output {
        case .message(let m): return [m]
        case .group(let parts): return parts.flatMap(messages)
        default: return []
        }
    }

    /// The message of the error running `line` in `s` throws (nil when it succeeds).
    static func errorMessage(_ s: Session, _ line: String) -> String? {
        do { _ = try s.execute(line); return nil } catch { return (error as? LabError)?.message }
    }

    /// The warnings of running `line` in `s`.
    static func warnings(_ s: Session, _ line: String) throws -> [String] { warnings(try s.execute(line).output) }

    static func session(acceptsNewData: Bool = false) -> Session {
        let env = Environment(workingDirectory: repositoryRoot, stateDirectory: temporaryDirectory(),
                              catalog: DatasetCatalog(directory: repositoryRoot + "/datasets"), version: "test",
                              acceptsNewData: acceptsNewData)
        return Session(environment: env)
    }

    /// Titanic split 75/25 (seed 2, stratified), age and fare imputed, sex one-hot encoded, and a
    /// logistic regression 'lr' of survived on pclass, age, sex_male and fare.
    static func titanicWithLogistic() throws -> Session {
        let s = session()
        for line in ["load titanic", "split test=0.25 seed=2 stratify=survived", "impute age fare with=median", "encode sex",
                     "train logistic target=survived features=pclass,age,sex_male,fare as lr"] {
            _ = try s.execute(line)
        }
        return s
    }

    /// Every table in a command's output, groups opened.
    static func tables(_ output: CommandOutput) -> [ResultTable] {
        switch output {
        case .table(let t): return [t]
        case .group(let parts): return parts.flatMap(tables)
        default: return []
        }
    }
}
