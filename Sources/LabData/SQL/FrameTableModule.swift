import CSQLite

// The callbacks of the `opslab_frame` virtual table module (laid out in CSQLite/shim.h).
// SQLite calls them on the thread that runs the query; each reaches its Swift object
// through the pointer stored in the C struct. Tables are read-only: no xUpdate.

/// The frames of one query's connection; the module's client data, released when the connection closes.
final class FrameTableRegistry {
    let tables: [FrameTable]
    init(_ tables: [FrameTable]) { self.tables = tables }
}

/// How a scan was planned in xBestIndex, passed to xFilter as SQLite's idxNum and idxStr:
/// idxNum 0 all rows; k > 0 rows where column k-1 equals the argument (no text to parse: a join
/// probes once per outer row); -1 rows ordered as idxStr says, e.g. `3+,1-`.
enum ScanPlan: Equatable {
    case all
    case equal(column: Int)
    case ordered([FrameTable.SortTerm])

    var number: Int32 {
        switch self {
        case .all: return 0
        case .equal(let c): return Int32(c + 1)
        case .ordered: return -1
        }
    }

    var text: String? {
        guard case .ordered(let terms) = self else { return nil }
        return terms.map { "\($0.column)\($0.descending ? "-" : "+")" }.joined(separator: ",")
    }

    init(number: Int32, text: UnsafePointer<CChar>?) {
        if number > 0 { self = .equal(column: Int(number) - 1); return }
        guard number < 0, let text else { self = .all; return }
        let terms = String(cString: text).split(separator: ",").compactMap { t -> FrameTable.SortTerm? in
            guard let last = t.last, let c = Int(t.dropLast()) else { return nil }
            return FrameTable.SortTerm(column: c, descending: last == "-")
        }
        self = terms.isEmpty ? .all : .ordered(terms)
    }
}

@inline(__always)
private func table(_ vtab: UnsafeMutablePointer<sqlite3_vtab>?) -> FrameTable {
    let v = UnsafeMutableRawPointer(vtab!).assumingMemoryBound(to: opslab_frame_vtab.self)
    return Unmanaged<FrameTable>.fromOpaque(v.pointee.table).takeUnretainedValue()
}

@inline(__always)
private func frameCursor(_ c: UnsafeMutablePointer<sqlite3_vtab_cursor>?) -> UnsafeMutablePointer<opslab_frame_cursor> {
    UnsafeMutableRawPointer(c!).assumingMemoryBound(to: opslab_frame_cursor.self)
}

/// `CREATE VIRTUAL TABLE temp.name USING opslab_frame(INDEX)`: INDEX picks the frame from the registry.
@_cdecl("opslab_frame_connect")
func opslabFrameConnect(_ db: OpaquePointer?, _ aux: UnsafeMutableRawPointer?, _ argc: Int32,
                        _ argv: UnsafePointer<UnsafePointer<CChar>?>?,
                        _ out: UnsafeMutablePointer<UnsafeMutablePointer<sqlite3_vtab>?>?,
                        _ error: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    let registry = Unmanaged<FrameTableRegistry>.fromOpaque(aux!).takeUnretainedValue()
    guard argc == 4, let arg = argv?[3], let index = Int(String(cString: arg)), registry.tables.indices.contains(index) else {
        error?.pointee = opslab_sqlite_strdup("opslab_frame tables are created by opslab only")
        return SQLITE_ERROR
    }
    let t = registry.tables[index]
    let rc = sqlite3_declare_vtab(db, t.declaration)
    if rc != SQLITE_OK {
        error?.pointee = opslab_sqlite_strdup(String(cString: sqlite3_errmsg(db)))
        return rc
    }
    guard let v = opslab_frame_vtab_new(Unmanaged.passUnretained(t).toOpaque()) else { return SQLITE_NOMEM }
    out?.pointee = UnsafeMutableRawPointer(v).assumingMemoryBound(to: sqlite3_vtab.self)
    return SQLITE_OK
}

@_cdecl("opslab_frame_disconnect")
func opslabFrameDisconnect(_ vtab: UnsafeMutablePointer<sqlite3_vtab>?) -> Int32 {
    sqlite3_free(vtab)
    return SQLITE_OK
}

/// Picks the cheapest way to produce the rows SQLite asks for: an equality lookup on one column
/// (binary collation only; SQLite re-checks it, so an over-approximation is safe), else a scan in
/// the ORDER BY/GROUP BY order when every term is a plain column, else a plain scan.
@_cdecl("opslab_frame_best_index")
func opslabFrameBestIndex(_ vtab: UnsafeMutablePointer<sqlite3_vtab>?, _ info: UnsafeMutablePointer<sqlite3_index_info>?) -> Int32 {
    let t = table(vtab)
    guard let info else { return SQLITE_ERROR }
    let n = Double(max(t.rowCount, 1))
    var plan = ScanPlan.all
    var equalIndex: Int?
    for i in 0..<Int(info.pointee.nConstraint) {
        let c = info.pointee.aConstraint[i]
        guard c.usable != 0, c.op == UInt8(SQLITE_INDEX_CONSTRAINT_EQ), c.iColumn >= 0,
              t.isOrderable(Int(c.iColumn)) else { continue }
        let collation = sqlite3_vtab_collation(info, Int32(i)).map { String(cString: $0) } ?? "BINARY"
        guard collation.uppercased() == "BINARY" else { continue }
        equalIndex = i
        plan = .equal(column: Int(c.iColumn))
        break
    }
    var terms: [FrameTable.SortTerm] = []
    for k in 0..<Int(info.pointee.nOrderBy) {
        let o = info.pointee.aOrderBy[k]
        guard o.iColumn >= 0, t.isOrderable(Int(o.iColumn)) else { terms = []; break }
        terms.append(FrameTable.SortTerm(column: Int(o.iColumn), descending: o.desc != 0))
    }
    if let equalIndex, case .equal(let column) = plan {
        info.pointee.aConstraintUsage[equalIndex].argvIndex = 1
        info.pointee.aConstraintUsage[equalIndex].omit = 0
        // A binary search: cheaper than a scan even on a tiny table, so joins always probe.
        info.pointee.estimatedCost = 1 + Double(Int.bitWidth - t.rowCount.leadingZeroBitCount)
        info.pointee.estimatedRows = Int64(max(1, n.squareRoot()))
        // All rows of an equality share the column's value, so an ORDER BY of that column alone holds.
        if terms.count == 1, terms[0].column == column { info.pointee.orderByConsumed = 1 }
    } else if !terms.isEmpty {
        plan = .ordered(terms)
        info.pointee.orderByConsumed = 1
        info.pointee.estimatedCost = n * 1.1
        info.pointee.estimatedRows = Int64(n)
    } else {
        info.pointee.estimatedCost = n
        info.pointee.estimatedRows = Int64(n)
    }
    info.pointee.idxNum = plan.number
    if let text = plan.text {
        info.pointee.idxStr = opslab_sqlite_strdup(text)
        info.pointee.needToFreeIdxStr = 1
    }
    return SQLITE_OK
}

@_cdecl("opslab_frame_open")
func opslabFrameOpen(_ vtab: UnsafeMutablePointer<sqlite3_vtab>?,
                     _ out: UnsafeMutablePointer<UnsafeMutablePointer<sqlite3_vtab_cursor>?>?) -> Int32 {
    let t = table(vtab)
    guard let p = opslab_frame_cursor_new(t.views, Int32(t.columns.count)) else { return SQLITE_NOMEM }
    out?.pointee = UnsafeMutableRawPointer(p).assumingMemoryBound(to: sqlite3_vtab_cursor.self)
    return SQLITE_OK
}

@_cdecl("opslab_frame_filter")
func opslabFrameFilter(_ c: UnsafeMutablePointer<sqlite3_vtab_cursor>?, _ plan: Int32, _ planText: UnsafePointer<CChar>?,
                       _ argc: Int32, _ argv: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    let cursor = frameCursor(c)
    let t = table(cursor.pointee.base.pVtab)
    func start(_ order: RowOrder?, _ range: Range<Int>) {
        cursor.pointee.order = order.map { UnsafePointer($0.base) }
        cursor.pointee.position = Int64(range.lowerBound)
        cursor.pointee.end = Int64(range.upperBound)
        opslab_frame_cursor_settle(cursor)
    }
    switch ScanPlan(number: plan, text: planText) {
    case .all:
        start(nil, 0..<t.rowCount)
    case .ordered(let terms):
        start(t.order(terms), 0..<t.rowCount)
    case .equal(let column):
        let value = argc > 0 ? argv?[0] : nil
        let probe: FrameTable.Probe
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: probe = .number(Double(sqlite3_value_int64(value)))
        case SQLITE_FLOAT: probe = .number(sqlite3_value_double(value))
        case SQLITE_NULL: probe = .null
        case SQLITE_TEXT:
            let p = sqlite3_value_text(value)
            let count = Int(sqlite3_value_bytes(value))
            probe = p.map { .text(String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)) } ?? .other
        default: probe = .other
        }
        if let found = t.rows(column, equalTo: probe) {
            start(found.order, found.range)
        } else {
            start(nil, 0..<t.rowCount)
        }
    }
    return SQLITE_OK
}

/// Once per cell: reads the column's view through the cursor's pointer, with no Swift object in
/// between. Only a column's first use goes to the table to copy its buffers.
@_cdecl("opslab_frame_column")
func opslabFrameColumn(_ c: UnsafeMutablePointer<sqlite3_vtab_cursor>?, _ context: OpaquePointer?, _ column: Int32) -> Int32 {
    let cursor = frameCursor(c)
    var v = cursor.pointee.columns[Int(column)]
    if !v.isReady { v = table(cursor.pointee.base.pVtab).view(Int(column)) }
    v.result(Int(cursor.pointee.row), context)
    return SQLITE_OK
}
