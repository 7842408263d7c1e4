#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch

/// Writes a frame as RFC 4180 CSV: a header, LF line endings, missing values as
/// empty cells (a row of one missing cell as ""), fields quoted only when they hold a
/// separator, quote or newline.
/// Values are written as `Column.text(at:)` gives them (a float's whole number with ".0").
///
/// Rows are written in blocks on all cores straight into bytes (a text column's values are
/// quoted once per distinct value), and the blocks go to the file in order: a million rows of
/// seventy columns in about a second, where a String per cell took fourteen.
public enum CSVWriter {
    static let blockRows = 16_384

    public static func csvText(_ frame: Frame, separator: Character = ",") -> String {
        String(decoding: blocks(frame, separator: separator).joined(), as: UTF8.self)
    }

    /// The header, then blocks of rows, each a run of whole lines.
    static func blocks(_ frame: Frame, separator: Character) -> [[UInt8]] {
        let header = Array((frame.columnNames.map { quoted($0, separator) }.joined(separator: String(separator)) + "\n").utf8)
        let columns = frame.columns
        let values = columns.map { c -> [Double] in if case .numbers(let v, _) = c.data { return v } else { return [] } }
        let masks = columns.map { c -> [UInt64] in if case .numbers(_, let m) = c.data { return m?.words ?? [] } else { return [] } }
        let codes = columns.map { c -> [Int32] in if case .strings(let k, _) = c.data { return k } else { return [] } }
        let levels = LevelTable(columns, separator: separator)
        defer { levels.free() }
        // The cells read the columns through pointers: no reference counting per cell, which,
        // shared by the threads, cost more than the writing.
        return withPointers(values) { v in
            withPointers(masks) { m in
                withPointers(codes) { k in
                    let cells = columns.indices.map { j in
                        CSVCells(tag: CSVCells.Tag(columns[j]), values: v[j], mask: masks[j].isEmpty ? nil : m[j], codes: k[j], levels: j)
                    }
                    return [header] + rowBlocks(frame, cells: cells, levels: levels, separator: Array(String(separator).utf8))
                }
            }
        }
    }

    private static func rowBlocks(_ frame: Frame, cells: [CSVCells], levels: LevelTable, separator: [UInt8]) -> [[UInt8]] {
        let n = frame.rowCount, width = cells.count
        let single = separator.count == 1 ? separator[0] : nil
        let count = (n + blockRows - 1) / blockRows
        let written = TaskSlots<[UInt8]>(count: count, initial: [])
        let source = UnsafeMutableBufferPointer<CSVCells>.allocate(capacity: max(1, width))
        _ = source.initialize(from: cells)
        defer { source.deallocate() }
        let shared = SharedCells(cells: UnsafeBufferPointer(source), columns: frame.columns, levels: levels)
        DispatchQueue.concurrentPerform(iterations: count) { b in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(blockRows * width * 8)
            for row in (b * blockRows)..<min(n, (b + 1) * blockRows) {
                let start = bytes.count
                for j in 0..<width {
                    if j > 0 { if let single { bytes.append(single) } else { bytes += separator } }
                    shared.cells[j].append(row, into: &bytes, shared)
                }
                // A row that is one missing cell would be a blank line, which readers skip: "" keeps it (as pandas writes it).
                if bytes.count == start { bytes += [0x22, 0x22] }
                bytes.append(0x0A)
            }
            written.set(b, bytes)
        }
        return (0..<count).map { written.value($0) }
    }

    /// `body` with a pointer to each array's elements (nil for an empty one), all valid during the call.
    private static func withPointers<T, R>(_ arrays: [[T]], _ body: ([UnsafePointer<T>?]) -> R) -> R {
        func nest(_ i: Int, _ taken: [UnsafePointer<T>?]) -> R {
            guard i < arrays.count else { return body(taken) }
            return arrays[i].withUnsafeBufferPointer { nest(i + 1, taken + [$0.baseAddress]) }
        }
        return nest(0, [])
    }

    static func quoted(_ s: String, _ separator: Character) -> String {
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        let special = Set(separator.unicodeScalars).union(["\"", "\n", "\r"])
        guard s.unicodeScalars.contains(where: special.contains) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    /// Writes through a temporary file and renames it, so a failure never leaves half a file;
    /// a path ending in .gz is written compressed with gzip, as pandas' to_csv does.
    public static func write(_ frame: Frame, to path: String, separator: Character = ",") throws {
        let parts = blocks(frame, separator: separator)
        if Gzip.isCompressedName(path) {
            try FileIO.writeAtomically(try Gzip.compress(parts), to: path)
        } else {
            try FileIO.writeAtomically(parts: parts, to: path)
        }
    }
}

/// What the threads share while writing: trivial cells, the columns (for dates) and the quoted levels.
private struct SharedCells: @unchecked Sendable {
    let cells: UnsafeBufferPointer<CSVCells>
    let columns: [Column]
    let levels: LevelTable
}

/// Every text column's distinct values, quoted, as bytes in one allocation: level `l` of
/// column `j` is `bytes[offsets[j][l] ..< offsets[j][l + 1]]`.
private struct LevelTable: @unchecked Sendable {
    let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Per column, where its levels start in `starts`.
    let firstLevel: [Int]
    let starts: UnsafeMutableBufferPointer<Int>

    init(_ columns: [Column], separator: Character) {
        var flat: [UInt8] = [], starts: [Int] = [], first: [Int] = []
        for column in columns {
            first.append(starts.count)
            if case .strings(_, let levels) = column.data {
                for level in levels {
                    starts.append(flat.count)
                    flat += Array(CSVWriter.quoted(level, separator).utf8)
                }
            }
        }
        starts.append(flat.count)
        bytes = .allocate(capacity: max(1, flat.count))
        _ = bytes.initialize(from: flat)
        self.starts = .allocate(capacity: starts.count)
        _ = self.starts.initialize(from: starts)
        firstLevel = first
    }

    func free() {
        bytes.deallocate()
        starts.deallocate()
    }
}

/// One column's cells as CSV bytes, read through pointers to its arrays.
private struct CSVCells {
    enum Tag {
        case integer, float, boolean, dateText, strings

        init(_ column: Column) {
            if case .strings = column.data { self = .strings; return }
            switch column.type {
            case .integer: self = .integer
            case .boolean: self = .boolean
            case .date, .datetime: self = .dateText
            case .float, .string: self = .float
            }
        }
    }

    let tag: Tag
    let values: UnsafePointer<Double>?
    let mask: UnsafePointer<UInt64>?
    let codes: UnsafePointer<Int32>?
    /// The column's index, for its levels and (dates) its text.
    let levels: Int

    private static let trueText = Array("true".utf8), falseText = Array("false".utf8)

    /// Row `r`'s cell (nothing for a missing value).
    @inline(__always)
    func append(_ r: Int, into out: inout [UInt8], _ shared: SharedCells) {
        if tag == .strings {
            let c = Int(codes![r])
            guard c >= 0 else { return }
            let level = shared.levels.firstLevel[levels] + c
            let from = shared.levels.starts[level], to = shared.levels.starts[level + 1]
            out.append(contentsOf: UnsafeBufferPointer(rebasing: shared.levels.bytes[from..<to]))
            return
        }
        if let mask, mask[r >> 6] >> UInt64(r & 63) & 1 == 1 { return }
        let x = values![r]
        switch tag {
        case .integer:
            if x.magnitude < 9.007_199_254_740_992e15 { DecimalText.appendInteger(Int64(x), into: &out) } else { DecimalText.appendShortest(x, into: &out) }
        case .float: DecimalText.appendFloat(x, signedZero: false, into: &out)
        case .boolean: out += x != 0 ? Self.trueText : Self.falseText
        case .dateText, .strings: out += Array((shared.columns[levels].text(at: r) ?? "").utf8)
        }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
