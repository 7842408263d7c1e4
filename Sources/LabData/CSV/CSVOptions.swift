/// How to read a CSV file. The defaults follow RFC 4180 plus the missing-value
/// markers pandas recognises, so a file reads here as it does at work.
public struct CSVOptions: Sendable, Equatable {
    public static let defaultMissingMarkers = ["", "NA", "N/A", "n/a", "NaN", "nan", "-nan", "-NaN", "null", "NULL", "None", "#N/A"]
    public static let defaultMaxFieldBytes = 16 << 20

    public var separator: UInt8 = UInt8(ascii: ",")
    public var missingMarkers: [String] = CSVOptions.defaultMissingMarkers
    /// Larger fields are refused: almost always a broken quote, not real data.
    public var maxFieldBytes = CSVOptions.defaultMaxFieldBytes
    /// How numbers are written when not plainly (1,5 or 1,234): text columns of such numbers become numbers.
    public var numberMarks = NumberMarks()
    /// Off only to compare the fast path for plain numbers with the general scanner in tests.
    var numbersInC = true

    public init() {}

    /// The separator a file probably uses when its header read as the single column `header`:
    /// the first of ; tab | found in it, if it is not the separator already in use, as advice
    /// ("if the fields are separated by ';', ... sep=;") around the `action` that would reread it.
    public func likelySeparator(header: String, action: String) -> String? {
        let candidates: [(byte: UInt8, option: String, described: String)] = [(59, ";", "';'"), (9, "tab", "tabs"), (124, "|", "'|'")]
        guard let guess = candidates.first(where: { header.utf8.contains($0.byte) && $0.byte != separator }) else { return nil }
        return "if the fields are separated by \(guess.described), \(action) with sep=\(guess.option)"
    }
}

/// Recognises missing-value markers without building a String per cell.
struct MissingMatcher: Sendable {
    private var byLength: [[[UInt8]]]
    /// Whether some marker reads as a number (na=-999): then a number parsed straight from the
    /// file must be checked against the markers before it counts as a value.
    let hasNumericMarkers: Bool

    init(_ markers: [String]) {
        let bytes = markers.map { Array($0.utf8) }
        hasNumericMarkers = markers.contains { NumberParsing.parse($0).0 != .none }
        let longest = bytes.map(\.count).max() ?? 0
        byLength = Array(repeating: [], count: longest + 1)
        for b in bytes { byLength[b.count].append(b) }
    }

    /// Whether the cell is a marker, blanks around it allowed (`, ?` as the UCI files write it,
    /// a cell of spaces as empty), as numbers are read with blanks around them.
    @inline(__always)
    func isMissing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if matches(p, n) { return true }
        guard n > 0, NumberParsing.isSpace(p[0]) || NumberParsing.isSpace(p[n - 1]) else { return false }
        var start = 0, end = n
        while start < end, NumberParsing.isSpace(p[start]) { start += 1 }
        while end > start, NumberParsing.isSpace(p[end - 1]) { end -= 1 }
        return matches(p + start, end - start)
    }

    @inline(__always)
    private func matches(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return true }
        if n >= byLength.count { return false }
        for marker in byLength[n] {
            var equal = true
            for k in 0..<n where marker[k] != p[k] { equal = false; break }
            if equal { return true }
        }
        return false
    }
}
