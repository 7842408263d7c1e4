#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch

/// A parsed CSV file: the frame and the count of bytes read. The data's identity is the frame's
/// `contentHash`; the file's own SHA-256 (`CSVReader.fileSHA256`) is computed only when asked for.
public struct CSVLoad: Sendable {
    public let frame: Frame
    public let byteCount: Int
    /// Header names given to more than one column, and what the later ones were called instead.
    public var renamed: [HeaderRename] = []
}

/// A column whose header name an earlier column already had: `position` is 1-based.
public struct HeaderRename: Sendable, Equatable {
    public let position: Int
    public let header: String
    public let name: String
}

/// Reads RFC 4180 CSV into a typed frame.
///
/// The file is memory-mapped and parsed in rounds of `roundBytes`; each round is
/// split into pieces at speculative record boundaries (the next newline) that
/// are parsed at once on all cores. A piece is kept only if the one before it
/// ends exactly where it began (a quoted field with a newline can make the guess
/// wrong; then that piece is parsed again). Each round's chunks are merged into
/// the final columns and its pages released, so memory stays close to the size
/// of the typed columns, not the file.
public enum CSVReader {
    static let roundBytes = 8 << 20
    static let chunksPerRound = 8
    static let parallelThreshold = 1 << 20

    public static func read(path: String, name: String, options: CSVOptions = CSVOptions()) throws -> CSVLoad {
        let file = try MappedFile(path: path)
        if Gzip.isCompressed(file.base, file.size) {
            var text = try Gzip.decompress(file.base, file.size, source: path, limit: decompressedLimit)
            if text.withUnsafeBufferPointer({ endsLinesWithCROnly($0.baseAddress, $0.count) }) { text = text.map { $0 == 0x0D ? 0x0A : $0 } }
            // Parsed where it lies (parse(bytes:) would copy it to add its terminator).
            let count = text.count
            text.append(0)
            let load = try text.withUnsafeBufferPointer { b in
                try parse(b.baseAddress!, count, source: path, name: name, options: options, release: { _, _ in })
            }
            return CSVLoad(frame: load.frame, byteCount: file.size, renamed: load.renamed)
        }
        if endsLinesWithCROnly(file.base, file.size) {
            // Lines that end in CR alone (classic Mac OS): read as if each CR were a line end.
            let original = UnsafeBufferPointer(start: file.base, count: file.size)
            let load = try parse(bytes: original.map { $0 == 0x0D ? 0x0A : $0 }, source: path, name: name, options: options)
            return CSVLoad(frame: load.frame, byteCount: file.size, renamed: load.renamed)
        }
        return try parse(file.base, file.size, source: path, name: name, options: options, release: file.release)
    }

    /// SHA-256 of the file's bytes as they lie (what `sha256sum` prints), hashed where they are mapped.
    public static func fileSHA256(path: String) throws -> String {
        let file = try MappedFile(path: path)
        let hasher = SHA256Hasher()
        hasher.update(UnsafeRawBufferPointer(start: file.base, count: file.size))
        return hasher.finish()
    }

    /// Whether lines end in CR alone (classic Mac OS): no LF anywhere, and a CR somewhere.
    static func endsLinesWithCROnly(_ base: UnsafePointer<UInt8>?, _ size: Int) -> Bool {
        guard let base, size > 0 else { return false }
        return memchr(base, 0x0A, size) == nil && memchr(base, 0x0D, size) != nil
    }

    /// The most a gzip file may expand to: half of the machine's memory (the text and its frame both live at once).
    static var decompressedLimit: Int {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && pageSize > 0 ? Int(pages) * Int(pageSize) / 2 : 4 << 30
    }

    public static func parse(bytes: [UInt8], source: String, name: String, options: CSVOptions = CSVOptions()) throws -> CSVLoad {
        var padded = bytes
        padded.append(0) // gives an empty input a valid base address
        return try padded.withUnsafeBufferPointer { b in
            try parse(b.baseAddress!, bytes.count, source: source, name: name, options: options, release: { _, _ in })
        }
    }

    /// Where one piece of a round started and ended; its columns stay in its `ChunkSlots` piece.
    struct ChunkResult {
        var start = 0
        var end = 0
        var rows = 0
        var failure: CSVScanError?
    }

    static func parse(_ base: UnsafePointer<UInt8>, _ size: Int, source: String, name: String, options: CSVOptions,
                      release: (Int, Int) -> Void) throws -> CSVLoad {
        if let other = NotCSV.check(base, size, source: source) { throw other }
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
        let (names, renamed) = columnNames(header.names)

        let missing = MissingMatcher(options.missingMarkers)
        let width = names.count
        let pieceRows = max(1024, roundBytes / chunksPerRound / max(1, 4 * width))
        let slots = ChunkSlots(pieces: size - headerEnd >= parallelThreshold ? chunksPerRound : 1, width: width,
                               expectedRows: pieceRows, missing: missing,
                               numbersInC: options.numbersInC && NumericRecords.applies(separator: options.separator, missing: missing))
        let merger = Merger(width: width)
        let reader = scanner
        let reread: ColumnAccumulator.Reread = { j, segment in
            var s = reader
            return rescanAsStrings(column: j, from: segment.start, to: segment.end, rows: segment.rows,
                                   scanner: &s, missing: missing, width: width)
        }
        var position = headerEnd
        while position < size {
            try Cancellation.check()
            let roundEnd = min(size, position + roundBytes)
            let kinds = merger.accumulators.map(\.kind)
            let round = try parseRound(from: position, to: roundEnd, scanner: scanner, kinds: kinds, slots: slots,
                                       locate: locate, names: names)
            let end = round.last?.end ?? size
            if position == headerEnd {
                // Size the final columns from the first round's rows per byte; they grow if the file is denser later.
                let rows = round.reduce(0) { $0 + $1.rows }
                merger.reserve(rows * (size - headerEnd) / max(1, end - headerEnd) * 21 / 20 + 16)
            }
            merger.merge(round, slots: slots, reread: reread)
            release(position == headerEnd ? 0 : position, end)
            position = end
        }
        if merger.rowCount == 0 {
            throw DataError("\(source) has a header but no data rows", hint: "add rows below the header line")
        }
        let accumulators = merger.accumulators
        let columns = names.indices.map { accumulators[$0].column(named: names[$0]) }
        var frame = try Frame(name: name, columns: columns)
        frame = try options.numberMarks.converting(frame)
        return CSVLoad(frame: frame, byteCount: size, renamed: renamed)
    }

    /// The header's names, blank ones called unnamed_N and a name already taken suffixed with the
    /// first free _2, _3, ... (pandas reads such files too, as name.1): a file with a repeated
    /// name still loads, and the load says which columns were renamed.
    private static func columnNames(_ raw: [String]) -> (names: [String], renamed: [HeaderRename]) {
        let given = raw.enumerated().map { i, n in
            n.trimmingBlanks().isEmpty ? "unnamed_\(i + 1)" : n
        }
        var taken = Set(given), seen: Set<String> = []
        var names: [String] = [], renamed: [HeaderRename] = []
        for (i, n) in given.enumerated() {
            guard seen.contains(n) else { seen.insert(n); names.append(n); continue }
            var k = 2
            while taken.contains("\(n)_\(k)") { k += 1 }
            let name = "\(n)_\(k)"
            taken.insert(name)
            names.append(name)
            renamed.append(HeaderRename(position: i + 1, header: n, name: name))
        }
        return (names, renamed)
    }

    /// Parses [from, about `to`) in as many pieces as `slots` has, all at once; the last piece's
    /// `end` is where the next round starts.
    private static func parseRound(from: Int, to: Int, scanner: CSVScanner, kinds: [InferredKind], slots: ChunkSlots,
                                   locate: Locator, names: [String]) throws -> [ChunkResult] {
        let pieces = slots.pieces.count
        var guesses = [from]
        for k in 1..<max(1, pieces) {
            guesses.append(max(guesses[k - 1], scanner.nextLineStart(after: from + (to - from) * k / pieces)))
        }
        let starts = guesses
        let stops = Array(starts.dropFirst()) + [to]
        let box = ResultBox(count: pieces)
        let work: @Sendable (Int) -> Void = { piece in
            var s = scanner
            box.results[piece] = parseChunk(&s, from: starts[piece], stopAt: stops[piece], kinds: kinds,
                                            columns: slots.pieces[piece], slots: slots)
        }
        DispatchQueue.concurrentPerform(iterations: pieces, execute: work)
        var results = box.results
        for k in results.indices {
            if k > 0, results[k].start != results[k - 1].end {
                // The guessed boundary fell inside a quoted field: parse this piece again from the true boundary.
                var s = scanner
                results[k] = parseChunk(&s, from: results[k - 1].end, stopAt: max(stops[k], results[k - 1].end), kinds: kinds,
                                        columns: slots.pieces[k], slots: slots)
            }
            if let failure = results[k].failure { throw locate.error(failure, names: names) }
        }
        return results
    }

    /// The final columns, grown round by round; the columns merge in parallel.
    private final class Merger: @unchecked Sendable {
        var accumulators: [ColumnAccumulator]
        private(set) var segments: [ColumnAccumulator.Segment] = []
        private(set) var rowCount = 0

        init(width: Int) { accumulators = (0..<width).map { ColumnAccumulator(index: $0) } }

        func reserve(_ rows: Int) {
            for j in accumulators.indices { accumulators[j].reserve(rows) }
        }

        func merge(_ round: [ChunkResult], slots: ChunkSlots, reread: @escaping ColumnAccumulator.Reread) {
            let earlier = segments
            let pieces = round.enumerated().filter { $0.element.rows > 0 }
            accumulators.withUnsafeMutableBufferPointer { columns in
                let target = UnsafeColumns(base: columns.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: columns.count) { j in
                    var before = earlier
                    for (k, chunk) in pieces {
                        let segment = ColumnAccumulator.Segment(start: chunk.start, end: chunk.end, rows: chunk.rows)
                        target.base[j].merge(slots.pieces[k][j], rows: chunk.rows, segment: segment, earlier: before, reread: reread)
                        before.append(segment)
                    }
                }
            }
            for (_, chunk) in pieces {
                segments.append(ColumnAccumulator.Segment(start: chunk.start, end: chunk.end, rows: chunk.rows))
                rowCount += chunk.rows
            }
        }
    }

    /// Each merge task touches only its own column.
    private struct UnsafeColumns: @unchecked Sendable {
        let base: UnsafeMutablePointer<ColumnAccumulator>
    }

    private final class ResultBox: @unchecked Sendable {
        // Each worker writes only its own slot.
        var results: [ChunkResult]
        init(count: Int) { results = Array(repeating: ChunkResult(), count: count) }
    }

    static func parseChunk(_ scanner: inout CSVScanner, from: Int, stopAt: Int, kinds: [InferredKind],
                           columns: UnsafeMutablePointer<ChunkColumn>, slots: ChunkSlots) -> ChunkResult {
        var result = ChunkResult(start: from, end: from)
        let width = slots.width
        // A column already known to be text starts as text, so it is not re-read later.
        for j in 0..<width { columns[j].reset(kind: kinds[j] == .string ? .string : .unknown) }
        var sink = ColumnsSink(columns: columns, width: width, matcher: slots.matcher)
        // Records of plain numbers first, in C; the scanner reads the rest, from the first record
        // the fast path left (plain ASCII before it: nothing to validate there).
        var numbers = (records: 0, end: from)
        if slots.numbersInC && !kinds.contains(.string) {
            numbers = NumericRecords.read(scanner, from: from, stopAt: stopAt, columns: columns, width: width)
        }
        do {
            let (end, rows) = try scanner.scan(from: numbers.end, stopAt: stopAt, into: &sink)
            result.end = end
            result.rows = numbers.records + rows
        } catch {
            result.failure = error
            return result
        }
        if let bad = UTF8Validation.firstInvalid(scanner.base, from: numbers.end, to: result.end) {
            result.failure = CSVScanError(reason: .invalidUTF8, offset: bad, field: 0)
            return result
        }
        for j in 0..<width where columns[j].needsStringRescan {
            columns[j].deallocate()
            columns[j] = rescanAsStrings(column: j, from: from, to: result.end, rows: result.rows,
                                         scanner: &scanner, missing: slots.matcher.pointee, width: width)
        }
        return result
    }

    static func rescanAsStrings(column j: Int, from: Int, to: Int, rows: Int, scanner: inout CSVScanner,
                                missing: MissingMatcher, width: Int) -> ChunkColumn {
        var sink = StringColumnSink(target: j, width: width, missing: missing, expectedRows: rows)
        // The range parsed cleanly once already, so it cannot fail now.
        _ = try? scanner.scan(from: from, stopAt: to, into: &sink)
        return sink.column
    }

}

extension String {
    /// Without the spaces and tabs around it.
    public func trimmingBlanks() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
