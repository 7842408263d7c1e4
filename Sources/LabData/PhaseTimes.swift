import Synchronization

/// Time the running command spends in named phases of the engine's own work (fitting a model,
/// apart from recording its run and saving its file), for `opslab run --json --timings` and so
/// for the benchmark, which sets each phase beside its scikit-learn counterpart. Process-wide,
/// like `Progress`: one command runs at a time. A phase entered again adds to its time.
public enum PhaseTimes {
    private static let recorded = Mutex<[(name: String, seconds: Double)]>([])

    /// Runs `body`, adding how long it took to phase `name`.
    public static func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = (ContinuousClock.now - start).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
            recorded.withLock { phases in
                if let i = phases.firstIndex(where: { $0.name == name }) { phases[i].seconds += seconds } else { phases.append((name, seconds)) }
            }
        }
        return try body()
    }

    /// The phases recorded since the last call, in the order first entered; forgets them.
    public static func take() -> [(name: String, seconds: Double)] {
        recorded.withLock { phases in
            defer { phases = [] }
            return phases
        }
    }
}
