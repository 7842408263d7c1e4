#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Where and why a scan stopped; turned into a message with line and column by the reader.
struct CSVScanError: Error {
    enum Reason {
        case unterminatedQuote
        case textAfterClosingQuote
        case strayQuote
        case fieldTooLarge(Int)
        case tooManyFields(Int)
        case tooFewFields(Int)
        case invalidUTF8
    }
    let reason: Reason
    let offset: Int
    let field: Int
}

/// Each worker gets its own copy; the bytes it points at are read-only while it lives.
struct CSVScanner: @unchecked Sendable {
    let base: UnsafePointer<UInt8>
    let size: Int
    let separator: UInt8
    let maxFieldBytes: Int
    private var special = [Bool](repeating: false, count: 256)
    private var scratch: [UInt8] = []

    static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), quote = UInt8(ascii: "\"")

    init(base: UnsafePointer<UInt8>, size: Int, separator: UInt8, maxFieldBytes: Int) {
        self.base = base
        self.size = size
        self.separator = separator
        self.maxFieldBytes = maxFieldBytes
        special[Int(separator)] = true
        special[Int(Self.lf)] = true
        special[Int(Self.quote)] = true
    }

    /// Scans records starting at `from` until a record would start at or after `stopAt`.
    /// Returns the offset where the next record starts (or `size`) and the record count.
    mutating func scan<Sink: FieldSink>(from: Int, stopAt: Int, maxRecords: Int = Int.max, into sink: inout Sink) throws(CSVScanError) -> (end: Int, records: Int) {
        let buf = base, size = size, sep = separator, lf = Self.lf, cr = Self.cr, quote = Self.quote
        var pos = from
        var records = 0
        try special.withUnsafeBufferPointer { (table) throws(CSVScanError) in
            while pos < size && pos < stopAt && records < maxRecords {
                if buf[pos] == lf { pos += 1; continue }
                if buf[pos] == cr, pos + 1 < size, buf[pos + 1] == lf { pos += 2; continue }
                var field = 0
                while true {
                    var endsRecord = true
                    if pos < size && buf[pos] == quote {
                        let open = pos
                        pos += 1
                        let contentStart = pos
                        var escaped = false
                        while true {
                            guard let hit = memchr(buf + pos, Int32(quote), size - pos) else {
                                throw CSVScanError(reason: .unterminatedQuote, offset: open, field: field)
                            }
                            pos = UnsafeRawPointer(hit) - UnsafeRawPointer(buf)
                            if pos + 1 < size && buf[pos + 1] == quote { escaped = true; pos += 2; continue }
                            break
                        }
                        let contentEnd = pos
                        pos += 1
                        if contentEnd - contentStart > maxFieldBytes {
                            throw CSVScanError(reason: .fieldTooLarge(contentEnd - contentStart), offset: open, field: field)
                        }
                        if pos >= size {
                        } else if buf[pos] == sep {
                            endsRecord = false
                            pos += 1
                        } else if buf[pos] == lf {
                            pos += 1
                        } else if buf[pos] == cr, pos + 1 < size, buf[pos + 1] == lf {
                            pos += 2
                        } else {
                            throw CSVScanError(reason: .textAfterClosingQuote, offset: pos, field: field)
                        }
                        let ok: Bool
                        if escaped {
                            unescape(contentStart, contentEnd)
                            ok = scratch.withUnsafeBufferPointer { s in
                                sink.field(field, s.baseAddress!, s.count)
                            }
                        } else {
                            ok = sink.field(field, buf + contentStart, contentEnd - contentStart)
                        }
                        if !ok { throw CSVScanError(reason: .tooManyFields(field + 1), offset: open, field: field) }
                    } else {
                        if sink.wantsNumber(field) {
                            // Fast path: parse a number in place; accept it only if a separator or line end follows
                            // (and it is not a missing-value marker such as -999: the general path below says so).
                            let (kind, value, length) = NumberParsing.parsePrefix(buf + pos, size - pos)
                            let q = pos + length
                            if length > 0, kind != .none, !sink.isMissingNumber(buf + pos, length) {
                                if q == size || buf[q] == sep || buf[q] == lf {
                                    sink.number(field, kind, value)
                                    if q < size && buf[q] == sep {
                                        pos = q + 1
                                        field += 1
                                        continue
                                    }
                                    pos = Swift.min(q + 1, size)
                                    field += 1
                                    break
                                }
                                if buf[q] == cr, q + 1 == size || buf[q + 1] == lf {
                                    sink.number(field, kind, value)
                                    pos = Swift.min(q + 2, size)
                                    field += 1
                                    break
                                }
                            }
                        }
                        var q = pos
                        while q < size {
                            let b = buf[q]
                            if table[Int(b)] {
                                if b == quote { throw CSVScanError(reason: .strayQuote, offset: q, field: field) }
                                break
                            }
                            q += 1
                        }
                        var end = q
                        if end > pos, buf[end - 1] == cr, q == size || buf[q] == lf { end -= 1 }
                        if end - pos > maxFieldBytes {
                            throw CSVScanError(reason: .fieldTooLarge(end - pos), offset: pos, field: field)
                        }
                        if !sink.field(field, buf + pos, end - pos) {
                            throw CSVScanError(reason: .tooManyFields(field + 1), offset: pos, field: field)
                        }
                        if q < size && buf[q] == sep {
                            endsRecord = false
                            pos = q + 1
                        } else {
                            pos = Swift.min(q + 1, size)
                        }
                    }
                    field += 1
                    if endsRecord { break }
                }
                if !sink.endRecord(fields: field) {
                    // Point at the end of the short record.
                    throw CSVScanError(reason: .tooFewFields(field), offset: pos > 0 ? pos - 1 : 0, field: field)
                }
                records += 1
            }
        }
        return (pos, records)
    }

    private mutating func unescape(_ start: Int, _ end: Int) {
        scratch.removeAll(keepingCapacity: true)
        var i = start
        while i < end {
            let b = base[i]
            scratch.append(b)
            i += b == Self.quote ? 2 : 1
        }
    }

    /// Offset just past the first LF at or after `offset` (a speculative record start).
    func nextLineStart(after offset: Int) -> Int {
        guard offset < size, let hit = memchr(base + offset, Int32(Self.lf), size - offset) else { return size }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
    }
}
