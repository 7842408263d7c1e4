import LabData
import LabOps

/// Checks about experiment tracking, answered from `.opslab/lab.db`: `runs` (the current
/// experiment) and `runs("EXPERIMENT")`, `tagged("KEY", "VALUE")`, `registered("NAME")` and
/// `alias("NAME@ALIAS")`. Deleted runs are not counted.
struct TrackingFacts {
    let stateDirectory: String

    /// Runs recorded in the experiment (0 for one that does not exist yet).
    func runs(experiment: String) throws -> Value {
        Facts.number(try reading { try TrackingQueries.runCount(in: stateDirectory, experiment: experiment) })
    }

    /// Runs of any experiment that carry the tag with this value.
    func tagged(_ key: String, _ value: String) throws -> Value {
        Facts.number(try reading { try TrackingQueries.runCount(in: stateDirectory, experiment: nil, tag: (key, value)) })
    }

    /// Versions registered under the name (0 when it is not registered).
    func registered(_ name: String) throws -> Value {
        let models = try reading { try Registry.models(in: stateDirectory) }
        return Facts.number(models.first { $0.name == name }?.versions.count ?? 0)
    }

    /// The version `NAME@ALIAS` points at, missing while the alias is not set.
    func alias(_ reference: String) throws -> Value {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw CheckFailure("alias(...) takes NAME@ALIAS, e.g. alias(\"titanic_survival@champion\")")
        }
        let models = try reading { try Registry.models(in: stateDirectory) }
        return models.first { $0.name == parts[0] }?.aliases[parts[1]].map(Facts.number) ?? .missing
    }

    private func reading<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as LabError {
            throw CheckFailure("the tracking store cannot be read: \(e.message)", hint: e.hint)
        }
    }
}
