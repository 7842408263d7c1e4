import LabData

/// The numbers a model learns from: a feature matrix and the target, taken from a
/// frame's rows, with every problem a learner can run into turned into a clear message.
public struct TrainingData: Sendable {
    public let features: [String]
    public let x: Matrix
    public let target: Target

    public enum Target: Sendable, Equatable {
        /// Class labels, sorted as scikit-learn sorts them, and each row's index into them.
        case classes(labels: [String], y: [Int])
        case values([Double])
    }

    /// The feature columns: the named ones, or every numeric column but the target and the split
    /// (without a target, as k-means and PCA train: every numeric column but the split).
    /// `includingText`: text columns to take as well (categories, for boost's categorical=).
    public static func featureNames(_ frame: Frame, target: String?, requested: [String]?, includingText: [String] = []) throws -> [String] {
        if let requested {
            for name in requested { _ = try frame.column(name) }
            if let target, requested.contains(target) {
                throw DataError("the target '\(target)' cannot also be a feature", hint: "leave it out of features=")
            }
            return requested
        }
        let names = frame.columns.filter {
            $0.name != target && $0.name != TrainingRows.splitColumn && ($0.type != .string || includingText.contains($0.name)) && !isModelOutput($0.name)
        }.map(\.name)
        if names.isEmpty {
            throw DataError("frame '\(frame.name)' has no numeric columns to learn from",
                            hint: "encode text columns first (encode COL), or name them with features=")
        }
        return names
    }

    /// The numeric features that hold one value over `rows` (all rows when nil): they cannot help a model.
    public static func constantFeatures(_ frame: Frame, features: [String], rows: [Int]?) -> [String] {
        features.filter { name in
            guard let column = try? frame.column(name), case .numbers(let v, let missing) = column.data else { return false }
            var first: Double?
            for r in rows ?? Array(0..<frame.rowCount) where missing?[r] != true {
                guard let f = first else { first = v[r]; continue }
                if v[r] != f { return false }
            }
            return first != nil
        }
    }

    /// The text columns that the default features leave out (all but the target and the split),
    /// each with its number of distinct values and of rows holding one: models learn from
    /// numbers, so these take part only once encoded.
    public static func textColumnsLeftOut(_ frame: Frame, target: String?) -> [(name: String, distinct: Int, present: Int)] {
        frame.columns.compactMap { column in
            guard column.name != target, column.name != TrainingRows.splitColumn,
                  case .strings(let codes, let levels) = column.data else { return nil }
            var seen = [Bool](repeating: false, count: levels.count)
            var present = 0
            for code in codes where code >= 0 {
                seen[Int(code)] = true
                present += 1
            }
            return (column.name, seen.reduce(0) { $0 + ($1 ? 1 : 0) }, present)
        }
    }

    /// Whether a text column of `distinct` values over `rows` rows is more like a name or an
    /// identifier than a category: over ten values, under five rows each on average. One-hot
    /// columns of it each hold a row or two, which a model learns by heart, and nothing of
    /// that carries over to new rows.
    public static func looksLikeIdentifier(distinct: Int, rows: Int) -> Bool {
        distinct > 10 && distinct * 5 > rows
    }

    /// The features whose values over `rows` (all rows when nil) reach beyond ±`limit`, with the
    /// largest magnitude of each, largest first: on such scales a gradient solver takes many more
    /// steps, and standardizing them is the usual cure.
    public static func largeScaleFeatures(_ frame: Frame, features: [String], rows: [Int]?, limit: Double = 10) -> [(name: String, largest: Double)] {
        let found: [(name: String, largest: Double)] = features.compactMap { name in
            guard let column = try? frame.column(name), case .numbers(let v, let missing) = column.data else { return nil }
            var largest = 0.0
            for r in rows ?? Array(0..<frame.rowCount) where missing?[r] != true { largest = max(largest, abs(v[r])) }
            return largest > limit && largest.isFinite ? (name, largest) : nil
        }
        return found.sorted { $0.largest > $1.largest }
    }

    /// Each feature's standard deviation over `rows` (all rows when nil; population form, as
    /// StandardScaler divides by), largest first; features without numbers are left out.
    public static func spreads(_ frame: Frame, features: [String], rows: [Int]?) -> [(name: String, deviation: Double)] {
        let found: [(name: String, deviation: Double)] = features.compactMap { name in
            guard let column = try? frame.column(name), case .numbers(let v, let missing) = column.data else { return nil }
            let values = (rows ?? Array(0..<frame.rowCount)).compactMap { missing?[$0] == true ? nil : v[$0] }
            guard !values.isEmpty else { return nil }
            let mean = Summation.mean(values)
            let deviation = (Summation.sum(values.map { ($0 - mean) * ($0 - mean) }) / Double(values.count)).squareRoot()
            return deviation.isFinite ? (name, deviation) : nil
        }
        return found.sorted { $0.deviation > $1.deviation }
    }

    /// Columns that models add (`predict`'s pred_M and proba_M_C, PCA's PC1, PC2...) are left out of
    /// the default features: one model's predictions would leak into the next, and components
    /// beside the features they combine make the features collinear. features= can still name them.
    public static func isModelOutput(_ name: String) -> Bool {
        if name.hasPrefix("pred_") || name.hasPrefix("proba_") { return true }
        return name.count > 2 && name.hasPrefix("PC") && name.dropFirst(2).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// What a feature matrix makes of a missing value: an error naming the feature (most kinds),
    /// or NaN for the kinds that learn where missing values go (`ModelKind.takesMissingValues`).
    public enum MissingValues: Sendable, Equatable {
        /// `offeringKinds`: the error's hint also offers the kinds that take them (when training a model with a target).
        case refused(offeringKinds: Bool)
        case asNaN

        /// For a model of `kind`; `training` (with the task): the matrix it learns from.
        public init(_ kind: ModelKind, training task: ModelTask? = nil) {
            self = kind.takesMissingValues ? .asNaN : .refused(offeringKinds: task?.needsTarget == true)
        }
    }

    /// The categories of each text feature among `features` (as `Categories` sorts them: by code
    /// points) in the training `rows`: a model numbers them so, and reads new rows by these names.
    public static func textLevels(_ frame: Frame, features: [String], rows: [Int]) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for name in features {
            guard let column = try? frame.column(name), case .strings(let codes, let levels) = column.data else { continue }
            var seen = [Bool](repeating: false, count: levels.count)
            for r in rows where codes[r] >= 0 { seen[Int(codes[r])] = true }
            out[name] = levels.indices.filter { seen[$0] }.map { levels[$0] }
                .sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
        }
        return out
    }

    /// The feature matrix of `rows` (all rows when nil). `levels`: text features read as the
    /// index of their value in the list (NaN where missing or not in it).
    public static func matrix(_ frame: Frame, features: [String], rows: [Int]?, missing policy: MissingValues = .refused(offeringKinds: false),
                              levels: [String: [String]] = [:]) throws -> Matrix {
        let indices = rows ?? Array(0..<frame.rowCount)
        // Usually nothing is wrong and the copy itself tells (it sees every value); otherwise the
        // columns are checked in order, so the message names the first bad feature.
        if let sources = try columns(frame, features: features, rows: indices, missing: policy, levels: levels) {
            if policy != .asNaN, let storage = interleave(sources, rows: indices) {
                return Matrix(rows: indices.count, columns: features.count, storage: storage)
            }
            // NaN stands for missing here: only infinities are wrong.
            if policy == .asNaN, !anyInfinite(sources, rows: indices), let storage = interleave(sources, rows: indices, checkingFinite: false) {
                return Matrix(rows: indices.count, columns: features.count, storage: storage)
            }
        }
        try check(frame, features: features.filter { levels[$0] == nil || policy != .asNaN }, rows: indices, missing: policy)
        throw DataError("the features could not be read as finite numbers", hint: "check them with describe")  // check found it first
    }

    /// The features of a model that takes missing values (NaN) as they are, read at `rows` from
    /// the frame's columns without a matrix (`FeatureValues`); text features by `levels`, as
    /// `matrix` reads them, and the same errors (a text feature's offering categorical=: boost reads them so).
    static func values(_ frame: Frame, features: [String], rows: [Int], levels: [String: [String]] = [:]) throws -> FeatureValues {
        if let sources = try columns(frame, features: features, rows: rows, missing: .asNaN, levels: levels), !anyInfinite(sources, rows: rows) {
            return FeatureValues(columns: sources, rows: rows)
        }
        try check(frame, features: features.filter { levels[$0] == nil }, rows: rows, missing: .asNaN, categoriesOption: true)
        throw DataError("the features could not be read as numbers", hint: "check them with describe")  // check found it first
    }

    /// Whether a column has an infinity at one of `rows` (the columns on both cores).
    private static func anyInfinite(_ sources: [[Double]], rows: [Int]) -> Bool {
        var found = [Bool](repeating: false, count: sources.count)
        found.withUnsafeMutableBufferPointer { fb in
            let out = SharedBuffer(base: fb.baseAddress!)
            Parallel.forEach(sources.count, eachReading: rows.count) { c in
                sources[c].withUnsafeBufferPointer { v in out[c] = rows.contains { v[$0].isInfinite } }
            }
        }
        return found.contains(true)
    }

    /// Each feature's whole column as numbers (NaN where missing, when the policy takes them; text
    /// features by `levels`), or nil when one cannot be read so at `indices` (`check` says why).
    private static func columns(_ frame: Frame, features: [String], rows indices: [Int], missing policy: MissingValues,
                                levels: [String: [String]]) throws -> [[Double]]? {
        var sources: [[Double]] = []
        for name in features {
            let column = try frame.column(name)
            if let named = levels[name] {
                // Categories are read where missing values are taken (boost's); elsewhere `check` names the text feature.
                if policy != .asNaN { return nil }
                var index: [String: Double] = [:]
                for (i, level) in named.enumerated() { index[level] = Double(i) }
                if case .strings(let codes, let columnLevels) = column.data {
                    let byCode = columnLevels.map { index[$0] ?? .nan }
                    sources.append(codes.map { $0 < 0 ? .nan : byCode[Int($0)] })
                } else {
                    // New rows whose words all read as numbers ("1", "2"): matched by their text.
                    sources.append((0..<frame.rowCount).map { r in column.text(at: r).flatMap { index[$0] } ?? .nan })
                }
                continue
            }
            guard case .numbers(let v, let missing) = column.data else { return nil }
            if let missing, indices.contains(where: { missing[$0] }) {
                guard policy == .asNaN else { return nil }
                sources.append(v.indices.map { missing[$0] ? .nan : v[$0] })
            } else {
                sources.append(v)
            }
        }
        return sources
    }

    /// `categoriesOption`: the reader takes text features as categories when asked (boost's
    /// categorical=), which the error about a text feature then offers.
    static func check(_ frame: Frame, features: [String], rows indices: [Int], missing policy: MissingValues = .refused(offeringKinds: false),
                      categoriesOption: Bool = false) throws {
        for name in features {
            let column = try frame.column(name)
            guard case .numbers(let v, let missing) = column.data else {
                throw DataError("feature '\(name)' is text; models need numbers",
                                hint: (categoriesOption ? "take it as categories: categorical=\(name); or " : "")
                                    + "encode it first: encode \(name)   (or leave it out of features=)")
            }
            if policy != .asNaN, let missing, let r = indices.first(where: { missing[$0] }) {
                let count = indices.filter { missing[$0] }.count
                throw DataError("feature '\(name)' has \(count) missing value\(count == 1 ? "" : "s") in \(indices.count) rows (first in row \(r + 1))",
                                hint: gapsHint(frame, features: features, rows: indices)
                                    + (policy == .refused(offeringKinds: true) ? "; or train boost, forest or tree, which take missing values as they are" : ""))
            }
            // Where NaN stands for missing, only infinities are wrong.
            let wrong: (Int) -> Bool = policy == .asNaN ? { v[$0].isInfinite && missing?[$0] != true } : { !v[$0].isFinite }
            if let r = indices.first(where: wrong) {
                throw DataError("feature '\(name)' has a non-finite value (\(v[r])) in row \(r + 1)", hint: "clip or filter it first")
            }
        }
    }

    /// What to do about every feature with gaps at once (one impute command fills them all): fill
    /// those with a few, leave out those missing on most rows, where a fill would mostly be invented.
    static func gapsHint(_ frame: Frame, features: [String], rows indices: [Int]) -> String {
        var fill: [String] = [], leave: [String] = []
        for name in features {
            guard case .numbers(_, let m)? = try? frame.column(name).data, let m else { continue }
            let count = indices.reduce(0) { $0 + (m[$1] ? 1 : 0) }
            if count * 2 > indices.count { leave.append(name) } else if count > 0 { fill.append(name) }
        }
        var advice: [String] = []
        if !fill.isEmpty { advice.append("impute \(fill.joined(separator: " ")) with=median") }
        if !leave.isEmpty {
            let them = leave.count == 1 ? "it is" : "they are"
            advice.append("drop \(leave.joined(separator: " ")) (or leave \(leave.count == 1 ? "it" : "them") out with features=): \(them) missing on over half the rows, where a fill would be mostly made up")
        }
        let gaps = fill.count + leave.count
        return (gaps > 1 ? "\(gaps) features have gaps: " : "") + advice.joined(separator: "; ")
    }

    /// The columns' values at `rows`, row-major; nil when one of them is NaN or infinite. Copied a
    /// block of rows at a time: a column's writes are `columns` apart, and within a block the rows
    /// being written stay in cache. Pieces of rows on both cores (also the first touch of the
    /// new pages, which costs as much as the copy).
    static func interleave(_ sources: [[Double]], rows: [Int], checkingFinite: Bool = true) -> [Double]? {
        let p = sources.count, m = rows.count
        let block = 512
        let pieces = Parallel.ranges(m, pieces: Parallel.pieces, minimum: 8192)
        // x - x is 0 for a finite x and NaN otherwise; a NaN anywhere makes a piece's sum NaN.
        var finite = [Double](repeating: 0, count: pieces.count)
        let out = [Double](unsafeUninitializedCapacity: m * p) { out, initialized in
            adviseHugePages(out)
            let shared = SharedBuffer(base: out.baseAddress!)
            finite.withUnsafeMutableBufferPointer { fb in
                let finiteOut = SharedBuffer(base: fb.baseAddress!)
                rows.withUnsafeBufferPointer { rs in
                    Parallel.forEach(pieces.count) { piece in
                        var zero = 0.0
                        for start in stride(from: pieces[piece].lowerBound, to: pieces[piece].upperBound, by: block) {
                            let end = min(pieces[piece].upperBound, start + block)
                            for (c, source) in sources.enumerated() {
                                source.withUnsafeBufferPointer { v in
                                    for i in start..<end {
                                        let x = v[rs[i]]
                                        shared[i &* p &+ c] = x
                                        zero += x - x
                                    }
                                }
                            }
                        }
                        finiteOut[piece] = zero
                    }
                }
            }
            initialized = m * p
        }
        return !checkingFinite || finite.allSatisfy { $0 == 0 } ? out : nil
    }

    /// `kind`, when given, names the model in the hint for a continuous target given to a classifier.
    public static func target(_ frame: Frame, name: String, rows: [Int]?, task: ModelTask, kind: ModelKind? = nil) throws -> Target {
        let column = try frame.column(name)
        let indices = rows ?? Array(0..<frame.rowCount)
        if indices.isEmpty {
            if frame.rowCount == 0 { throw DataError.noRows(in: frame.name, "to learn from") }
            throw DataError("frame '\(frame.name)' has no training rows to learn from", hint: "split with a smaller test= share")
        }
        // Rows are looked at one by one only when the column has gaps at all (its mask's count).
        if column.missingCount > 0, let r = indices.first(where: { column.isMissing($0) }) {
            let count = indices.filter { column.isMissing($0) }.count
            throw DataError("target '\(name)' has \(count) missing value\(count == 1 ? "" : "s") (first in row \(r + 1))",
                            hint: "a model cannot learn from rows without an answer: filter \(name) is not missing")
        }
        switch task {
        case .regression:
            guard case .numbers(let v, _) = column.data, column.type.isArithmetic else {
                throw DataError("target '\(name)' is \(column.type.rawValue); a regression model predicts numbers",
                                hint: "choose a numeric target, or a classifier (logistic)")
            }
            return .values(indices.map { v[$0] })
        case .classification:
            if column.type == .float, case .numbers(let v, _) = column.data,
               let r = indices.first(where: { v[$0] != v[$0].rounded() }) {
                // scikit-learn refuses these too ("Unknown label type: continuous"): each distinct number would be a class.
                throw DataError("target '\(name)' holds continuous numbers (row \(r + 1): \(NumberText.short(v[r]))); a classifier predicts classes",
                                hint: kind?.regressionSetting.map { "\(kind!.rawValue) predicts numbers too: train \(kind!.rawValue) target=\(name) \($0)" }
                                    ?? "for numbers use a regression: \(ModelKind.regressionChoices)")
            }
            let (texts, slots) = distinctTexts(column, rows: indices)
            let classes = sortedClasses(Set(texts), numeric: column.type == .integer || column.type == .float)
            if classes.count < 2 {
                throw DataError("target '\(name)' has only one class (\(classes.first ?? "")) in the training rows",
                                hint: "a classifier needs at least two classes to tell apart")
            }
            return .classes(labels: classes, y: classOf(texts, slots, in: classes))
        case .clustering, .decomposition:
            throw DataError("a \(task.rawValue) model learns without a target", hint: "leave out target=")
        }
    }

    /// The label text of each distinct value among `rows`, and each row's slot in that list.
    /// A number's text depends on its value alone, so it is made once per distinct value
    /// (a target has a few classes and many rows), not once per row.
    static func distinctTexts(_ column: Column, rows: [Int]) -> (texts: [String], slots: [Int]) {
        var texts: [String] = []
        var slots = [Int](repeating: 0, count: rows.count)
        switch column.data {
        case .numbers(let v, _):
            var slotOf: [UInt64: Int] = [:]  // by bit pattern: -0.0 and 0.0 may read differently
            for (i, r) in rows.enumerated() {
                let bits = v[r].bitPattern
                if let slot = slotOf[bits] {
                    slots[i] = slot
                } else {
                    slotOf[bits] = texts.count
                    slots[i] = texts.count
                    texts.append(column.text(at: r)!)
                }
            }
        case .strings(let codes, let levels):
            var slotOf = [Int](repeating: -1, count: levels.count)  // the rows here are never missing
            for (i, r) in rows.enumerated() {
                let code = Int(codes[r])
                if slotOf[code] < 0 {
                    slotOf[code] = texts.count
                    texts.append(levels[code])
                }
                slots[i] = slotOf[code]
            }
        }
        return (texts, slots)
    }

    /// Each row's index in `classes` (a model's labels), by the same label text training used;
    /// a label the model never saw gets `classes.count` or more, one index per unseen label.
    /// Rows must not be missing. Lets scores be computed on small integers instead of text.
    public static func classIndices(_ column: Column, rows: [Int], classes: [String]) -> [Int] {
        let (texts, slots) = distinctTexts(column, rows: rows)
        return classOf(texts, slots, in: classes)
    }

    /// Each row's index in `classes`, from `distinctTexts`' answer: looked up once per distinct
    /// text, not once per row. Texts not among the classes are numbered on from `classes.count`.
    private static func classOf(_ texts: [String], _ slots: consuming [Int], in classes: [String]) -> [Int] {
        var index: [String: Int] = [:]
        for (i, c) in classes.enumerated() { index[c] = i }
        var unseen = classes.count
        let indexOfSlot = texts.map { text -> Int in
            if let i = index[text] { return i }
            unseen += 1
            return unseen - 1
        }
        // In place: the slots are not needed after (a new array is fresh memory to fault in).
        var indices = slots
        indices.withUnsafeMutableBufferPointer { b in for i in b.indices { b[i] = indexOfSlot[b[i]] } }
        return indices
    }

    /// numpy.unique order: numbers numerically, text by code points.
    public static func sortedClasses(_ labels: Set<String>, numeric: Bool) -> [String] {
        if numeric { return labels.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) } }
        return labels.sorted { $0.unicodeScalars.map(\.value).lexicographicallyPrecedes($1.unicodeScalars.map(\.value)) }
    }
}
