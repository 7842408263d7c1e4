/// The storage behind a column: a contiguous Double buffer with an optional
/// missing-value mask, or dictionary codes into a list of distinct strings.
public enum ColumnData: Sendable, Equatable {
    /// `missing == nil` means no value is missing.
    case numbers([Double], missing: Bitmap?)
    /// `codes[i] == -1` means row i is missing; otherwise it indexes `levels`.
    case strings(codes: [Int32], levels: [String])
}

/// A named, typed, immutable column. Copies share storage (copy-on-write arrays).
public struct Column: Sendable, Equatable {
    public var name: String
    public let type: ColumnType
    public let data: ColumnData
    let digestCache = ColumnDigestCache()

    public init(name: String, type: ColumnType, values: [Double], missing: Bitmap? = nil) {
        precondition(type != .string)
        self.name = name
        self.type = type
        let m = (missing?.isEmpty ?? true) ? nil : missing
        data = .numbers(values, missing: m)
    }

    public init(name: String, codes: [Int32], levels: [String]) {
        self.name = name
        type = .string
        data = .strings(codes: codes, levels: levels)
    }

    /// Builds a string column from optional values, assigning codes in order of first appearance.
    public init(name: String, strings: [String?]) {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        var codes = [Int32](repeating: -1, count: strings.count)
        for (i, s) in strings.enumerated() {
            guard let s else { continue }
            if let c = index[s] {
                codes[i] = c
            } else {
                let c = Int32(levels.count)
                index[s] = c
                levels.append(s)
                codes[i] = c
            }
        }
        self.init(name: name, codes: codes, levels: levels)
    }

    public var count: Int {
        switch data {
        case .numbers(let v, _): return v.count
        case .strings(let c, _): return c.count
        }
    }

    public func isMissing(_ row: Int) -> Bool {
        switch data {
        case .numbers(_, let m): return m?[row] ?? false
        case .strings(let c, _): return c[row] < 0
        }
    }

    /// Whether no row holds a value; stops at the first one that does (a load asks it of every column).
    public var hasNoValue: Bool {
        switch data {
        case .numbers(let v, let m): return m.map { $0.setCount == v.count } ?? v.isEmpty
        case .strings(let c, _): return !c.contains { $0 >= 0 }
        }
    }

    public var missingCount: Int {
        switch data {
        case .numbers(_, let m): return m?.setCount ?? 0
        case .strings(let c, _): return c.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        }
    }

    public func value(at row: Int) -> Value {
        switch data {
        case .numbers(let v, let m):
            if m?[row] ?? false { return .missing }
            return type == .boolean ? .bool(v[row] != 0) : .number(v[row])
        case .strings(let c, let levels):
            return c[row] < 0 ? .missing : .string(levels[Int(c[row])])
        }
    }

    public func renamed(_ newName: String) -> Column {
        var c = self
        c.name = newName
        return c
    }

    /// The rows at `indices`, in that order (used by filter, sort and sample).
    public func gathering(_ indices: [Int]) -> Column {
        switch data {
        case .numbers(let v, let m):
            var out = [Double](repeating: 0, count: indices.count)
            v.withUnsafeBufferPointer { src in
                for (i, r) in indices.enumerated() { out[i] = src[r] }
            }
            return Column(name: name, type: type, values: out, missing: m?.gathering(indices))
        case .strings(let c, let levels):
            let codes = indices.map { c[$0] }
            return Column(name: name, codes: codes, levels: levels).compactingLevels()
        }
    }

    /// Drops levels no row uses any more, keeping first-seen order stable.
    public func compactingLevels() -> Column {
        guard case .strings(let codes, let levels) = data else { return self }
        var used = [Int32](repeating: -1, count: levels.count)
        var newLevels: [String] = []
        var newCodes = codes
        for (i, c) in codes.enumerated() where c >= 0 {
            if used[Int(c)] < 0 {
                used[Int(c)] = Int32(newLevels.count)
                newLevels.append(levels[Int(c)])
            }
            newCodes[i] = used[Int(c)]
        }
        if newLevels.count == levels.count && newLevels == levels { return self }
        return Column(name: name, codes: newCodes, levels: newLevels)
    }
}
