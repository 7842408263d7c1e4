import LabData

/// How one step of a lesson went. Written the moment it changes, so a crash loses nothing.
public struct StepRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// The learner reached the state the task asks for, or answered the quiz right.
        case done
        /// The solution was run for the learner, or the quiz answer was shown without a right answer.
        case skipped
        /// A quiz answered wrong (the answer was then shown).
        case missed
        /// A text step that was read (`next`).
        case read
        /// The learner is on it: hints and time so far.
        case open
    }

    public let step: Int
    public let status: Status
    public let hints: Int
    public let seconds: Double

    public init(step: Int, status: Status, hints: Int, seconds: Double) {
        self.step = step
        self.status = status
        self.hints = hints
        self.seconds = seconds
    }
}

/// Where a learner is in a lesson: the step they are on (0-based) and what became of each step so far.
public struct LessonRecord: Sendable, Equatable {
    public let lesson: String
    public let position: Int
    /// The number of steps the lesson had when the record was written.
    public let stepCount: Int
    public let finished: Bool
    public let steps: [StepRecord]

    public init(lesson: String, position: Int, stepCount: Int, finished: Bool, steps: [StepRecord]) {
        self.lesson = lesson
        self.position = position
        self.stepCount = stepCount
        self.finished = finished
        self.steps = steps
    }
}

/// Lesson progress in `lab.db` (tables `lesson_position` and `lesson_steps`).
/// A record that cannot be read back as written (an unknown status, a step out of range)
/// is reported as `.corrupt` so the caller can reset that lesson and say so.
public enum LessonProgress {
    public enum Loaded: Sendable, Equatable {
        case none
        case found(LessonRecord)
        case corrupt(String)
    }

    public static func load(lesson: String, in stateDirectory: String) throws -> Loaded {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        return try lab.run {
            let db = lab.connection
            let position = try db.prepare("SELECT step, steps, finished_at FROM lesson_position WHERE lesson = ?1")
            try position.bind([.text(lesson)])
            guard try position.step() else { return .none }
            let (at, count) = (Int(position.int64(0)), Int(position.int64(1)))
            let finished = position.value(2) != .null
            guard count > 0, at >= 0, at <= count else { return .corrupt("step \(at + 1) of \(count)") }
            let rows = try db.prepare("SELECT step, status, hints, seconds FROM lesson_steps WHERE lesson = ?1 ORDER BY step")
            try rows.bind([.text(lesson)])
            var steps: [StepRecord] = []
            while try rows.step() {
                let step = Int(rows.int64(0))
                guard let status = StepRecord.Status(rawValue: rows.text(1) ?? ""), step >= 0, step < count else {
                    return .corrupt("step \(step + 1) has status '\(rows.text(1) ?? "")'")
                }
                let seconds: Double
                switch rows.value(3) {
                case .real(let x): seconds = x
                case .integer(let x): seconds = Double(x)
                default: return .corrupt("step \(step + 1) has no time")
                }
                steps.append(StepRecord(step: step, status: status, hints: max(0, Int(rows.int64(2))), seconds: seconds))
            }
            return .found(LessonRecord(lesson: lesson, position: at, stepCount: count, finished: finished, steps: steps))
        }
    }

    /// Every lesson with a record, by id (corrupt ones are left out; `load` reports them).
    public static func all(in stateDirectory: String) throws -> [String: LessonRecord] {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        let ids = try lab.run {
            let s = try lab.connection.prepare("SELECT lesson FROM lesson_position")
            var ids: [String] = []
            while try s.step() { ids.append(s.text(0) ?? "") }
            return ids
        }
        var out: [String: LessonRecord] = [:]
        for id in ids {
            if case .found(let record) = try load(lesson: id, in: stateDirectory) { out[id] = record }
        }
        return out
    }

    /// Moves the learner to `position` (0-based) in a lesson of `stepCount` steps; `finished` marks it complete.
    public static func setPosition(lesson: String, position: Int, stepCount: Int, finished: Bool, in stateDirectory: String) throws {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        try lab.run {
            let now = DatasetVersions.now()
            let s = try lab.connection.prepare("""
                INSERT INTO lesson_position(lesson, step, steps, started_at, finished_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?4)
                ON CONFLICT(lesson) DO UPDATE SET step = ?2, steps = ?3, finished_at = ?5, updated_at = ?4
                """)
            try s.bind([.text(lesson), .integer(Int64(position)), .integer(Int64(stepCount)), .text(now), finished ? .text(now) : .null])
            _ = try s.step()
        }
    }

    public static func record(lesson: String, _ step: StepRecord, in stateDirectory: String) throws {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        try lab.run {
            let s = try lab.connection.prepare("INSERT OR REPLACE INTO lesson_steps VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
            try s.bind([.text(lesson), .integer(Int64(step.step)), .text(step.status.rawValue), .integer(Int64(step.hints)),
                        .real(step.seconds), .text(DatasetVersions.now())])
            _ = try s.step()
        }
    }

    /// Forgets a lesson's progress (`restart`, or a record that could not be read).
    public static func reset(lesson: String, in stateDirectory: String) throws {
        let lab = try LabDatabase(stateDirectory: stateDirectory)
        try lab.run {
            try lab.connection.transaction {
                let a = try lab.connection.prepare("DELETE FROM lesson_steps WHERE lesson = ?1")
                try a.bind([.text(lesson)])
                _ = try a.step()
                let b = try lab.connection.prepare("DELETE FROM lesson_position WHERE lesson = ?1")
                try b.bind([.text(lesson)])
                _ = try b.step()
            }
        }
    }
}
