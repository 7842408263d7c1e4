/// Grows one final column round by round from the chunks the workers parsed, so each
/// chunk's buffers are freed right after and memory stays near the final column size.
/// Handles a kind that changes between chunks: integers into floats, dates into
/// datetimes, and anything into text (the earlier segments are then re-read as text).
struct ColumnAccumulator {
    let index: Int
    private(set) var kind: InferredKind = .unknown
    private var values: [Double] = []
    private var missingRows: [Int] = []
    private var codes: [Int32] = []
    private var dictionary = ByteDictionary()
    private var rows = 0

    private var reserved = 0

    init(index: Int) { self.index = index }

    /// Reserves room for the expected row count, in the storage the column's kind uses.
    mutating func reserve(_ rows: Int) {
        reserved = rows
        if kind == .string {
            codes.reserveCapacity(rows)
        } else {
            values.reserveCapacity(rows)
            // Filled round by round from here: 2 MB pages fault 512 times less often than 4 KB ones.
            let capacity = values.capacity
            values.withUnsafeMutableBufferPointer { adviseHugePages(UnsafeMutableRawPointer($0.baseAddress), bytes: capacity * 8) }
        }
    }

    /// Segments already merged, for re-reading them as text if the column turns out to be text.
    struct Segment { let start: Int; let end: Int; let rows: Int }

    mutating func merge(_ piece: ChunkColumn, rows pieceRows: Int, segment: Segment, earlier: [Segment], reread: Reread) {
        let joined = kind.joined(with: piece.kind)
        if joined == .string && kind != .string {
            if kind == .unknown && rows == 0 { values = []; codes.reserveCapacity(reserved) }
            convertToText(earlier, reread)
        } else if joined == .datetime && kind == .date {
            for i in values.indices { values[i] *= 86_400 }
        }
        kind = joined
        if kind == .string {
            if piece.kind == .string {
                appendCodes(piece)
            } else if piece.kind == .unknown {
                codes.append(contentsOf: repeatElement(-1, count: pieceRows))
            } else {
                let text = reread(index, segment)
                appendCodes(text)
                text.deallocate()
            }
        } else if piece.kind == .unknown {
            for r in 0..<pieceRows { missingRows.append(rows + r) }
            values.append(contentsOf: repeatElement(0, count: pieceRows))
        } else {
            for r in piece.missingRows { missingRows.append(rows + Int(r)) }
            if piece.kind == .date && kind == .datetime {
                values.append(contentsOf: piece.valueBuffer.lazy.map { $0 * 86_400 })
            } else {
                values.append(contentsOf: piece.valueBuffer)
            }
        }
        rows += pieceRows
    }

    typealias Reread = @Sendable (_ column: Int, _ segment: Segment) -> ChunkColumn

    private mutating func appendCodes(_ piece: ChunkColumn) {
        let translation = (0..<piece.dictionary.count).map { level in
            piece.dictionary.bytes(of: level).withUnsafeBufferPointer { b in
                dictionary.code(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count)
            }
        }
        for code in piece.codeBuffer { codes.append(code < 0 ? -1 : translation[Int(code)]) }
    }

    private mutating func convertToText(_ earlier: [Segment], _ reread: Reread) {
        codes = []
        codes.reserveCapacity(max(reserved, rows))
        dictionary = ByteDictionary()
        if kind == .unknown {
            codes = [Int32](repeating: -1, count: rows)
        } else {
            for segment in earlier {
                let text = reread(index, segment)
                appendCodes(text)
                text.deallocate()
            }
        }
        values = []
        missingRows = []
    }

    func column(named name: String) -> Column {
        if kind == .string { return Column(name: name, codes: codes, levels: dictionary.strings()) }
        var mask = Bitmap(count: rows)
        for r in missingRows { mask[r] = true }
        return Column(name: name, type: kind.columnType, values: values, missing: mask)
    }
}
