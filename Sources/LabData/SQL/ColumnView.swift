import CSQLite

/// A column's cells behind plain pointers (`opslab_column_view`, laid out in CSQLite's shim so the
/// C cursor can prefetch), for the loops where SQLite calls back once per cell (a million-row
/// scan, a bulk insert): no reference counting, no enum payloads copied per cell. The memory
/// belongs to the `ColumnBuffers` that made the view, which must outlive it.
typealias ColumnView = opslab_column_view

extension opslab_column_view {
    /// A placeholder until the buffers are made (`isReady` false).
    static var pending: ColumnView { ColumnView() }

    var isReady: Bool { values != nil || codes != nil }

    @inline(__always) func isMissing(_ row: Int) -> Bool {
        if let codes { return codes[row] < 0 }
        if let missing { return missing[row >> 6] & (1 << UInt64(row & 63)) != 0 }
        return false
    }

    @inline(__always) private func level(_ row: Int) -> (UnsafePointer<CChar>, Int32) {
        let c = Int(codes![row])
        let start = Int(offsets![c])
        return (arena! + start, Int32(Int(offsets![c + 1]) - start))
    }

    /// Sets SQLite's result for `row` (a virtual table's xColumn).
    @inline(__always) func result(_ row: Int, _ context: OpaquePointer?) {
        if isMissing(row) { return sqlite3_result_null(context) }
        switch kind {
        case OPSLAB_KIND_TEXT:
            let (p, n) = level(row)
            opslab_result_text_static(context, p, n)
        case OPSLAB_KIND_INTEGER:
            let x = values![row]
            if x.magnitude < 9.2e18 { sqlite3_result_int64(context, Int64(x)) } else { sqlite3_result_double(context, x) }
        case OPSLAB_KIND_REAL:
            sqlite3_result_double(context, values![row])
        default:
            var text = kind == OPSLAB_KIND_DATE ? DateParsing.formatDate(values![row]) : DateParsing.formatDateTime(values![row])
            text.withUTF8 { b in
                b.withMemoryRebound(to: CChar.self) { opslab_result_text_transient(context, $0.baseAddress, Int32($0.count)) }
            }
        }
    }

    /// Binds `row` to parameter `i` of an INSERT, as the warehouse stores it: datetimes as ISO text
    /// when the text reads back to the very same number (always, to the microsecond), else as REAL seconds.
    @inline(__always) func bind(_ row: Int, _ statement: OpaquePointer, _ i: Int32) {
        if isMissing(row) { sqlite3_bind_null(statement, i); return }
        switch kind {
        case OPSLAB_KIND_TEXT:
            let (p, n) = level(row)
            opslab_bind_text_static(statement, i, p, n)
        case OPSLAB_KIND_INTEGER:
            let x = values![row]
            if x.magnitude < 9.2e18 { sqlite3_bind_int64(statement, i, Int64(x)) } else { sqlite3_bind_double(statement, i, x) }
        case OPSLAB_KIND_REAL:
            sqlite3_bind_double(statement, i, values![row])
        default:
            let x = values![row]
            let isDate = kind == OPSLAB_KIND_DATE
            var text = isDate ? DateParsing.formatDate(x) : DateParsing.formatDateTime(x)
            let exact = isDate || text.withUTF8 { b in b.baseAddress.flatMap { DateParsing.parseDateTime($0, b.count) } == x }
            if !exact { sqlite3_bind_double(statement, i, x); return }
            text.withUTF8 { b in
                b.withMemoryRebound(to: CChar.self) { _ = opslab_bind_text_transient(statement, i, $0.baseAddress, Int32($0.count)) }
            }
        }
    }
}

/// Owned copies of one column's buffers, laid out for `ColumnView`. Copying (a memcpy per
/// buffer) is what lets the views hold plain pointers safely: Swift arrays promise a stable
/// address only inside `withUnsafeBufferPointer`.
final class ColumnBuffers {
    let view: ColumnView
    private var allocations: [UnsafeMutableRawPointer] = []

    init(_ column: Column) {
        func copy<T>(_ array: [T]) -> UnsafePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, array.count))
            array.withUnsafeBufferPointer { if let base = $0.baseAddress { p.initialize(from: base, count: array.count) } }
            return UnsafePointer(p)
        }
        var owned: [UnsafeMutableRawPointer] = []
        switch column.data {
        case .numbers(let values, let missing):
            let v = copy(values)
            let m = missing.map { copy($0.words) }
            owned.append(UnsafeMutableRawPointer(mutating: v))
            if let m { owned.append(UnsafeMutableRawPointer(mutating: m)) }
            let kind: Int32
            switch column.type {
            case .integer, .boolean: kind = OPSLAB_KIND_INTEGER
            case .date: kind = OPSLAB_KIND_DATE
            case .datetime: kind = OPSLAB_KIND_DATETIME
            case .float, .string: kind = OPSLAB_KIND_REAL
            }
            view = ColumnView(values: v, missing: m, codes: nil, arena: nil, offsets: nil, kind: kind)
        case .strings(let codes, let levels):
            var bytes: [CChar] = []
            var offsets: [Int64] = [0]
            for level in levels {
                bytes += level.utf8.map { CChar(bitPattern: $0) }
                offsets.append(Int64(bytes.count))
            }
            let c = copy(codes), a = copy(bytes), o = copy(offsets)
            owned += [UnsafeMutableRawPointer(mutating: c), UnsafeMutableRawPointer(mutating: a), UnsafeMutableRawPointer(mutating: o)]
            view = ColumnView(values: nil, missing: nil, codes: c, arena: a, offsets: o, kind: OPSLAB_KIND_TEXT)
        }
        allocations = owned
    }

    deinit { for p in allocations { p.deallocate() } }
}
