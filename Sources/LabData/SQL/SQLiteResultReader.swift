import CSQLite

/// Reads every row of a statement into a typed frame.
///
/// A result column's type follows what SQLite actually returned (its storage classes):
/// only INTEGER → integer; REAL, or INTEGER and REAL → float; any TEXT → string (numbers
/// then become their text); only NULL → the declared type if known, else string. NULL is
/// missing. A declared type can refine this: BOOLEAN with only 0/1 → boolean, DATE or
/// DATETIME whose texts all parse as ISO dates → date/datetime (so `SELECT *` and a
/// warehouse round trip keep them). `types` overrides the declared type by column name.
enum SQLiteResultReader {
    static func frame(from statement: SQLiteStatement, name: String, types: [String: ColumnType] = [:]) throws -> Frame {
        let width = statement.columnCount
        let names = (0..<width).map(statement.columnName)
        var seen: [String: Int] = [:]
        for n in names {
            seen[n, default: 0] += 1
            if seen[n] == 2 {
                throw DataError("the query returns more than one column named '\(n)'",
                                hint: "give each column its own name with AS, e.g. SELECT a.\(n) AS a_\(n), b.\(n) AS b_\(n)")
            }
        }
        let hints = (0..<width).map { types[names[$0]] ?? SQLTypes.columnType(declared: statement.declaredType($0)) }
        var builders = [ResultColumnBuilder](repeating: ResultColumnBuilder(), count: width)
        let handle = statement.handle
        var rows = 0
        while try statement.step() {
            for j in 0..<width { builders[j].append(handle, Int32(j)) }
            rows += 1
            if rows & 0xFFFF == 0 { try Cancellation.check() }
        }
        let columns = (0..<width).map { builders[$0].column(name: names[$0], hint: hints[$0]) }
        return try Frame(name: name, columns: columns)
    }
}

/// One result column as it arrives: numbers as Doubles, which rows were NULL and which REAL
/// (one bit each), texts interned to codes without a Swift String per cell.
struct ResultColumnBuilder {
    private var numbers: [Double] = []
    private var nullWords: [UInt64] = []
    private var realWords: [UInt64] = []
    /// Empty until the first text arrives (then -1 for every earlier row).
    private var codes: [Int32] = []
    private var texts = ByteDictionary()
    private var rows = 0
    private var hasInteger = false, hasReal = false, hasText = false
    private var onlyZeroOne = true

    @inline(__always)
    mutating func append(_ statement: OpaquePointer, _ j: Int32) {
        if rows & 63 == 0 {
            nullWords.append(0)
            realWords.append(0)
        }
        let bit: UInt64 = 1 << UInt64(rows & 63), word = rows >> 6
        var code: Int32 = -1
        switch sqlite3_column_type(statement, j) {
        case SQLITE_INTEGER:
            let v = sqlite3_column_int64(statement, j)
            if v != 0 && v != 1 { onlyZeroOne = false }
            hasInteger = true
            numbers.append(Double(v))
        case SQLITE_FLOAT:
            hasReal = true
            realWords[word] |= bit
            numbers.append(sqlite3_column_double(statement, j))
        case SQLITE_NULL:
            nullWords[word] |= bit
            numbers.append(0)
        default:
            // TEXT, or a BLOB taken as its bytes.
            let n = Int(sqlite3_column_bytes(statement, j))
            if let p = sqlite3_column_text(statement, j), n > 0 { code = texts.code(p, n) } else { code = texts.code([]) }
            if !hasText {
                hasText = true
                codes = [Int32](repeating: -1, count: rows)
            }
            numbers.append(0)
        }
        if hasText { codes.append(code) }
        rows += 1
    }

    @inline(__always) private func isNull(_ r: Int) -> Bool { nullWords[r >> 6] & (1 << UInt64(r & 63)) != 0 }
    @inline(__always) private func isReal(_ r: Int) -> Bool { realWords[r >> 6] & (1 << UInt64(r & 63)) != 0 }

    func column(name: String, hint: ColumnType?) -> Column {
        var missing = Bitmap(count: rows)
        for (w, word) in nullWords.enumerated() {
            var bits = word
            while bits != 0 {
                missing[(w << 6) + bits.trailingZeroBitCount] = true
                bits &= bits - 1
            }
        }
        if hasText {
            if let hint, hint == .date || hint == .datetime, let c = temporal(name: name, type: hint, missing: missing) { return c }
            return strings(name: name)
        }
        if let hint, hint == .date || hint == .datetime, hasInteger || hasReal {
            return Column(name: name, type: hint, values: numbers, missing: missing)
        }
        if hasReal || (hint == .float && hasInteger) {
            return Column(name: name, type: .float, values: numbers, missing: missing)
        }
        if hasInteger {
            return Column(name: name, type: hint == .boolean && onlyZeroOne ? .boolean : .integer, values: numbers, missing: missing)
        }
        // Only NULLs (or no rows): the declared type, if there is one.
        let type = hint ?? .string
        if type == .string { return Column(name: name, codes: [Int32](repeating: -1, count: rows), levels: []) }
        return Column(name: name, type: type, values: numbers, missing: missing)
    }

    private var levels: [String] {
        (0..<texts.count).map { k in
            texts.arena.withUnsafeBufferPointer { a in
                String(decoding: UnsafeBufferPointer(rebasing: a[texts.offsets[k]..<texts.offsets[k + 1]]), as: UTF8.self)
            }
        }
    }

    /// Dates or datetimes from ISO texts (and, for datetimes, numbers of seconds); nil if any text is not one.
    private func temporal(name: String, type: ColumnType, missing: Bitmap) -> Column? {
        var parsed = [Double](repeating: 0, count: texts.count)
        let ok: Bool = texts.arena.withUnsafeBufferPointer { a in
            for k in 0..<texts.count {
                let start = texts.offsets[k], n = texts.offsets[k + 1] - start
                guard n > 0, let base = a.baseAddress else { return false }
                let v = type == .date ? DateParsing.parseDate(base + start, n) : DateParsing.parseDateTime(base + start, n)
                guard let v else { return false }
                parsed[k] = v
            }
            return true
        }
        guard ok else { return nil }
        var values = numbers
        for (r, c) in codes.enumerated() where c >= 0 { values[r] = parsed[Int(c)] }
        return Column(name: name, type: type, values: values, missing: missing)
    }

    private func strings(name: String) -> Column {
        if !hasInteger && !hasReal { return Column(name: name, codes: codes, levels: levels) }
        // Mixed: numbers become their text, integers without a decimal point.
        let known = levels
        let cells: [String?] = (0..<rows).map { r in
            if isNull(r) { return nil }
            if codes[r] >= 0 { return known[Int(codes[r])] }
            return Column.canonicalText(numbers[r], type: isReal(r) ? .float : .integer)
        }
        return Column(name: name, strings: cells)
    }
}
