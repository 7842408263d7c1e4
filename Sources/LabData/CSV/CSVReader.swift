import Dispatch

/// A parsed CSV file: the frame, the SHA-256 of the exact bytes read, and their count.
public struct CSVLoad: Sendable {
    public let frame: Frame
    public let sha256: String
    public let byteCount: Int
}

/// Reads RFC 4180 CSV into a typed frame.
///
/// The file is memory-mapped and parsed in rounds of `roundBytes`; each round is
/// split in two at a speculative record boundary and both halves are parsed at
/// once. The second half is kept only if the first ends exactly where it began
/// (a quoted field with a newline can make the guess wrong; then that half is
/// parsed again). Pages are released after each round so memory stays close to
/// the size of the typed columns, not the file.
public enum CSVReader {
    static let roundBytes = 16 << 20
    static let parallelThreshold = 1 << 20

    public static func read(path: String, name: String, options: CSVOptions = CSVOptions()) throws -> CSVLoad {
        let file = try MappedFile(path: path)
        return try parse(file.base, file.size, source: path, name: name, options: options, release: file.release)
    }

    public static func parse(bytes: [UInt8], source: String, name: String, options: CSVOptions = CSVOptions()) throws -> CSVLoad {
        var padded = bytes
        padded.append(0) // gives an empty input a valid base address
        return try padded.withUnsafeBufferPointer { b in
            try parse(b.baseAddress!, bytes.count, source: source, name: name, options: options, release: { _, _ in })
        }
    }

    struct ChunkResult {
        var start = 0
        var end = 0
        var rows = 0
        var columns: [ChunkColumn] = []
        var failure: CSVScanError?
    }

    static func parse(_ base: UnsafePointer<UInt8>, _ size: Int, source: String, name: String, options: CSVOptions,
                      release: (Int, Int) -> Void) throws -> CSVLoad {
        let hasher = SHA256Hasher()
        var start = 0
        if size >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        var scanner = CSVScanner(base: base, size: size, separator: options.separator, maxFieldBytes: options.maxFieldBytes)
        let locate = Locator(base: base, size: size, source: source, options: options)

        var firstContent = start
        while firstContent < size, [0x20, 0x09, 0x0A, 0x0D].contains(base[firstContent]) { firstContent += 1 }
        if firstContent == size {
            throw DataError("\(source) is empty", hint: "a CSV file needs a header line with column names, then one line per row")
        }
        var header = HeaderSink()
        let headerEnd: Int
        do {
            headerEnd = try scanner.scan(from: start, stopAt: size, maxRecords: 1, into: &header).end
        } catch {
            throw locate.error(error, names: nil)
        }
        if let bad = UTF8Validation.firstInvalid(base, from: start, to: headerEnd) {
            throw locate.error(CSVScanError(reason: .invalidUTF8, offset: bad, field: 0), names: nil)
        }
        let names = try columnNames(header.names, locate: locate)
        hasher.update(UnsafeRawBufferPointer(start: base, count: headerEnd))

        let missing = MissingMatcher(options.missingMarkers)
        var chunks: [ChunkResult] = []
        var kinds = [InferredKind](repeating: .unknown, count: names.count)
        var position = headerEnd
        while position < size {
            try Cancellation.check()
            let roundEnd = min(size, position + roundBytes)
            let round = try parseRound(from: position, to: roundEnd, scanner: scanner, kinds: kinds,
                                       missing: missing, width: names.count, locate: locate, names: names)
            for chunk in round where chunk.rows > 0 {
                for j in kinds.indices { kinds[j] = kinds[j].joined(with: chunk.columns[j].kind) }
                chunks.append(chunk)
            }
            let end = round.last?.end ?? size
            hasher.update(UnsafeRawBufferPointer(start: base + position, count: end - position))
            release(position, end)
            position = end
        }
        let rowCount = chunks.reduce(0) { $0 + $1.rows }
        if rowCount == 0 {
            throw DataError("\(source) has a header but no data rows", hint: "add rows below the header line")
        }
        var columns: [Column] = []
        columns.reserveCapacity(names.count)
        for j in names.indices {
            try Cancellation.check()
            columns.append(assemble(column: j, name: names[j], kind: kinds[j], chunks: &chunks, rowCount: rowCount,
                                    scanner: scanner, missing: missing, width: names.count))
        }
        let frame = try Frame(name: name, columns: columns)
        return CSVLoad(frame: frame, sha256: hasher.finish(), byteCount: size)
    }

    private static func columnNames(_ raw: [String], locate: Locator) throws -> [String] {
        let names = raw.enumerated().map { i, n in
            n.trimmingBlanks().isEmpty ? "unnamed_\(i + 1)" : n
        }
        var seen: [String: Int] = [:]
        var duplicates: [String] = []
        for n in names {
            seen[n, default: 0] += 1
            if seen[n] == 2 { duplicates.append(n) }
        }
        if !duplicates.isEmpty {
            let list = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            throw DataError("\(locate.source):1: duplicate column name\(duplicates.count > 1 ? "s" : "") \(list) in the header",
                            hint: "every column needs its own name; rename the duplicates in the file's first line")
        }
        return names
    }

    /// Parses [from, about `to`) in one or two halves; the last chunk's `end` is where the next round starts.
    private static func parseRound(from: Int, to: Int, scanner: CSVScanner, kinds: [InferredKind], missing: MissingMatcher,
                                   width: Int, locate: Locator, names: [String]) throws -> [ChunkResult] {
        let split = to - from >= parallelThreshold
        let middle = split ? scanner.nextLineStart(after: from + (to - from) / 2) : to
        let box = ResultBox(count: split ? 2 : 1)
        let work: @Sendable (Int) -> Void = { part in
            var s = scanner
            box.results[part] = parseChunk(&s, from: part == 0 ? from : middle, stopAt: part == 0 ? middle : to,
                                           kinds: kinds, missing: missing, width: width)
        }
        if split { DispatchQueue.concurrentPerform(iterations: 2, execute: work) } else { work(0) }
        var results = box.results
        if let failure = results[0].failure { throw locate.error(failure, names: names) }
        if split, results[0].end != results[1].start {
            // The guessed boundary fell inside a quoted field: parse the rest of the round again from the true boundary.
            var s = scanner
            results[1] = parseChunk(&s, from: results[0].end, stopAt: max(to, results[0].end), kinds: kinds,
                                    missing: missing, width: width)
        }
        if results.count > 1, let failure = results[1].failure { throw locate.error(failure, names: names) }
        return results
    }

    private final class ResultBox: @unchecked Sendable {
        // Each worker writes only its own slot.
        var results: [ChunkResult]
        init(count: Int) { results = Array(repeating: ChunkResult(), count: count) }
    }

    static func parseChunk(_ scanner: inout CSVScanner, from: Int, stopAt: Int, kinds: [InferredKind],
                           missing: MissingMatcher, width: Int) -> ChunkResult {
        var result = ChunkResult(start: from, end: from)
        let expectedRows = max(16, (stopAt - from) / max(1, width * 6))
        // A column already known to be text starts as text, so it is not re-read later.
        var sink = ColumnsSink(columns: kinds.map { ChunkColumn(kind: $0 == .string ? .string : .unknown, expectedRows: expectedRows) },
                               missing: missing)
        do {
            let (end, rows) = try scanner.scan(from: from, stopAt: stopAt, into: &sink)
            result.end = end
            result.rows = rows
        } catch {
            result.failure = error
            return result
        }
        if let bad = UTF8Validation.firstInvalid(scanner.base, from: from, to: result.end) {
            result.failure = CSVScanError(reason: .invalidUTF8, offset: bad, field: 0)
            return result
        }
        for j in sink.columns.indices where sink.columns[j].needsStringRescan {
            sink.columns[j] = rescanAsStrings(column: j, from: from, to: result.end, rows: result.rows,
                                              scanner: &scanner, missing: missing, width: width)
        }
        result.columns = sink.columns
        return result
    }

    static func rescanAsStrings(column j: Int, from: Int, to: Int, rows: Int, scanner: inout CSVScanner,
                                missing: MissingMatcher, width: Int) -> ChunkColumn {
        var sink = StringColumnSink(target: j, width: width, missing: missing, expectedRows: rows)
        // The range parsed cleanly once already, so it cannot fail now.
        _ = try? scanner.scan(from: from, stopAt: to, into: &sink)
        return sink.column
    }

    private static func assemble(column j: Int, name: String, kind: InferredKind, chunks: inout [ChunkResult], rowCount: Int,
                                 scanner: CSVScanner, missing: MissingMatcher, width: Int) -> Column {
        defer { for c in chunks.indices { chunks[c].columns[j] = ChunkColumn(kind: .unknown, expectedRows: 0) } }
        if kind == .string {
            var dictionary = ByteDictionary()
            var codes: [Int32] = []
            codes.reserveCapacity(rowCount)
            for c in chunks.indices {
                var piece = chunks[c].columns[j]
                if piece.kind == .unknown {
                    codes.append(contentsOf: repeatElement(-1, count: chunks[c].rows))
                    continue
                }
                if piece.kind != .string {
                    var s = scanner
                    piece = rescanAsStrings(column: j, from: chunks[c].start, to: chunks[c].end, rows: chunks[c].rows,
                                            scanner: &s, missing: missing, width: width)
                }
                let translation = (0..<piece.dictionary.count).map { level in
                    piece.dictionary.bytes(of: level).withUnsafeBufferPointer { b in
                        dictionary.code(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count)
                    }
                }
                for code in piece.codes { codes.append(code < 0 ? -1 : translation[Int(code)]) }
            }
            return Column(name: name, codes: codes, levels: dictionary.strings())
        }
        var values: [Double] = []
        values.reserveCapacity(rowCount)
        var missingRows = Bitmap(count: rowCount)
        var offset = 0
        for c in chunks.indices {
            let piece = chunks[c].columns[j]
            let rows = chunks[c].rows
            if piece.kind == .unknown {
                values.append(contentsOf: repeatElement(0, count: rows))
                for r in 0..<rows { missingRows[offset + r] = true }
            } else {
                if piece.kind == .date && kind == .datetime {
                    values.append(contentsOf: piece.values.lazy.map { $0 * 86_400 })
                } else {
                    values.append(contentsOf: piece.values)
                }
                for r in piece.missingRows { missingRows[offset + Int(r)] = true }
            }
            offset += rows
        }
        return Column(name: name, type: kind.columnType, values: values, missing: missingRows)
    }
}

extension String {
    func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
