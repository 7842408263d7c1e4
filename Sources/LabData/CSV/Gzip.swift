#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CZlib

/// gzip, as `gzip` and pandas write it (`.csv.gz`): read before parsing, written after
/// formatting. Several members one after another (pigz, bgzip, `cat a.gz b.gz`) read as one text.
public enum Gzip {
    /// The two bytes every gzip member starts with.
    static func isCompressed(_ base: UnsafePointer<UInt8>, _ size: Int) -> Bool {
        size >= 2 && base[0] == 0x1F && base[1] == 0x8B
    }

    /// Whether a path names a gzip file to write (`out.csv.gz`).
    public static func isCompressedName(_ path: String) -> Bool { path.lowercased().hasSuffix(".gz") }

    /// The decompressed bytes, with room for one more; `limit` bounds them (a small file can expand a thousandfold).
    static func decompress(_ base: UnsafePointer<UInt8>, _ size: Int, source: String, limit: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard opslab_gunzip_init(&stream) == Z_OK else { throw DataError("cannot read \(source): zlib did not start") }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: min(limit, max(1 << 16, size * 4)))
        var produced = 0, consumed = 0
        while true {
            try Cancellation.check()
            if produced == out.count {
                guard out.count < limit else {
                    throw DataError("\(source) expands to more than \(limit >> 20) MB, more than this machine can hold with its frame",
                                    hint: "decompress a part of it: zcat \(source) | head -n 1000000 > part.csv")
                }
                out += [UInt8](repeating: 0, count: min(limit - out.count, out.count))
            }
            let inputLeft = size - consumed
            let status: Int32 = out.withUnsafeMutableBufferPointer { o in
                stream.next_in = UnsafeMutablePointer(mutating: base + consumed)
                stream.avail_in = UInt32(min(inputLeft, Int(UInt32.max)))
                stream.next_out = o.baseAddress! + produced
                stream.avail_out = UInt32(min(o.count - produced, 1 << 30))
                let before = (stream.avail_in, stream.avail_out)
                let status = inflate(&stream, Z_NO_FLUSH)
                consumed += Int(before.0 - stream.avail_in)
                produced += Int(before.1 - stream.avail_out)
                return status
            }
            switch status {
            case Z_STREAM_END:
                // Another member may follow; anything else after the last one is ignored, as gzip -d does.
                guard isCompressed(base + consumed, size - consumed) else {
                    out.removeSubrange(produced...)
                    out.reserveCapacity(produced + 1)
                    return out
                }
                inflateReset(&stream)
            case Z_OK:
                continue
            case Z_BUF_ERROR where consumed == size:
                throw DataError("\(source) ends before its compressed data does: the file is cut short",
                                hint: "copy or download it again; gzip -t \(source) tests it")
            case Z_BUF_ERROR:
                continue
            case Z_MEM_ERROR:
                throw DataError("not enough memory to decompress \(source)")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw DataError("\(source) is damaged: its gzip data does not decompress (\(reason), near byte \(consumed))",
                                hint: "copy or download it again; gzip -t \(source) tests it")
            }
        }
    }

    /// The parts, one after another, compressed as one gzip member (a part at a time, so the
    /// whole text is never held twice).
    public static func compress(_ parts: [[UInt8]]) throws -> [UInt8] {
        var stream = z_stream()
        guard opslab_gzip_init(&stream) == Z_OK else { throw DataError("cannot compress: zlib did not start") }
        defer { deflateEnd(&stream) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        let empty: [UInt8] = [0]
        for (k, part) in (parts.isEmpty ? [[]] : parts).enumerated() {
            let flush = k == max(parts.count, 1) - 1 ? Z_FINISH : Z_NO_FLUSH
            var status = Z_OK
            (part.isEmpty ? empty : part).withUnsafeBufferPointer { p in
                stream.next_in = UnsafeMutablePointer(mutating: p.baseAddress!)
                stream.avail_in = UInt32(part.count)
                repeat {
                    buffer.withUnsafeMutableBufferPointer { b in
                        stream.next_out = b.baseAddress!
                        stream.avail_out = UInt32(b.count)
                        status = deflate(&stream, flush)
                        out.append(contentsOf: b[0..<(b.count - Int(stream.avail_out))])
                    }
                } while stream.avail_out == 0 || (flush == Z_FINISH && status == Z_OK)
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw DataError("cannot compress: zlib error \(status)")
            }
        }
        return out
    }
}
