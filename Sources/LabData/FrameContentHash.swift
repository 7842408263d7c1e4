import Dispatch

/// The identity of a frame's data, independent of where it came from: two frames with the
/// same column names, types and values have the same hash, whatever CSV formatting, level
/// order or frame name produced them. Dataset versions are keyed by it.
///
/// Canonical form, version 1 (all integers little-endian):
///
///     column digest = SHA-256 of
///       numeric types: the missing mask as ceil(rows/64) u64 words (bit r%64 of word r/64 set
///         when row r is missing; bits past the last row zero), then every row's value as an
///         IEEE-754 binary64 bit pattern (missing rows as +0.0, -0.0 as +0.0, every NaN as
///         0x7FF8000000000000). Dates are days and datetimes seconds since 1970-01-01 (UTC).
///       strings: per row a u32 byte length and the UTF-8 bytes; a missing row is u32 0xFFFFFFFF.
///     frame hash = SHA-256 of
///       "opslab-frame-v1\n", u64 column count, u64 row count, then per column in order:
///       u64 name length, name (UTF-8), u64 type length, type name (`ColumnType.rawValue`), its 32-byte digest.
///
/// Hashing columns separately lets them be hashed on all cores at once, and a column's digest,
/// once computed, is kept with it (`Column.contentDigest`).
extension Column {
    /// SHA-256 of this column's data in the canonical form above (the column digest; 32 bytes).
    public var contentDigest: [UInt8] { digestCache.value { Frame.computeDigest(self) } }
}

extension Frame {
    public var contentHash: String {
        let digests = TaskSlots<[UInt8]>(count: columns.count, initial: [])
        let columns = self.columns
        DispatchQueue.concurrentPerform(iterations: columns.count) { j in
            digests.set(j, columns[j].contentDigest)
        }
        var header: [UInt8] = Array("opslab-frame-v1\n".utf8)
        header.appendLittleEndian(UInt64(columns.count))
        header.appendLittleEndian(UInt64(rowCount))
        for (j, column) in columns.enumerated() {
            let name = Array(column.name.utf8), type = Array(column.type.rawValue.utf8)
            header.appendLittleEndian(UInt64(name.count))
            header += name
            header.appendLittleEndian(UInt64(type.count))
            header += type
            header += digests.value(j)
        }
        return SHA256Hasher.hex(header)
    }

    fileprivate static func computeDigest(_ column: Column) -> [UInt8] {
        let hasher = SHA256Hasher()
        switch column.data {
        case .numbers(let values, let missing):
            hashNumbers(values, missing: missing?.words, into: hasher)
        case .strings(let codes, let levels):
            hashStrings(codes, levels: levels, into: hasher)
        }
        return hexBytes(hasher.finish())
    }

    /// The mask words, then the values normalized in chunks of 8192 rows.
    private static func hashNumbers(_ values: [Double], missing: [UInt64]?, into hasher: SHA256Hasher) {
        let count = values.count
        var words = missing ?? [UInt64](repeating: 0, count: (count + 63) >> 6)
        if count & 63 != 0, !words.isEmpty { words[words.count - 1] &= (1 << UInt64(count & 63)) - 1 }
        words.withUnsafeBytes { hasher.update($0) }
        let chunkRows = 8192
        var chunk = [UInt64](repeating: 0, count: chunkRows)
        values.withUnsafeBufferPointer { v in
            chunk.withUnsafeMutableBufferPointer { out in
                var start = 0
                while start < count {
                    let end = min(count, start + chunkRows)
                    // On the bit patterns, without branches, so the loop runs in vectors: ±0 as +0, any NaN as one.
                    for r in start..<end {
                        let bits = v[r].bitPattern, magnitude = bits & 0x7FFF_FFFF_FFFF_FFFF
                        let signed = magnitude == 0 ? 0 : bits
                        out[r - start] = (magnitude > 0x7FF0_0000_0000_0000 ? 0x7FF8_0000_0000_0000 : signed).littleEndian
                    }
                    if missing != nil {
                        // Chunks start at multiples of 64, so whole words cover them.
                        for w in (start >> 6)..<((end + 63) >> 6) {
                            var bits = words[w]
                            while bits != 0 {
                                out[(w << 6) + bits.trailingZeroBitCount - start] = 0
                                bits &= bits - 1
                            }
                        }
                    }
                    hasher.update(UnsafeRawBufferPointer(start: out.baseAddress, count: (end - start) * 8))
                    start = end
                }
            }
        }
    }

    /// Each row's length-prefixed bytes, copied from a per-level encoding into a 64 KB buffer.
    private static func hashStrings(_ codes: [Int32], levels: [String], into hasher: SHA256Hasher) {
        var encoded: [UInt8] = []
        var offsets = [0]
        for level in levels {
            encoded.appendLittleEndian(UInt32(level.utf8.count))
            encoded += level.utf8
            offsets.append(encoded.count)
        }
        // A missing row is one more "level": the length 0xFFFFFFFF and no bytes.
        encoded += [0xFF, 0xFF, 0xFF, 0xFF]
        offsets.append(encoded.count)
        let missingLevel = levels.count, records = offsets.count - 1
        let capacity = 1 << 16
        // Room past the capacity for one whole slot (see below).
        let staging = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity + slotBytes, alignment: 8)
        defer { staging.deallocate() }
        var filled = 0
        func flush() {
            hasher.update(UnsafeRawBufferPointer(rebasing: staging[0..<filled]))
            filled = 0
        }
        encoded.withUnsafeBytes { e in
            if (0..<records).allSatisfy({ offsets[$0 + 1] - offsets[$0] <= slotBytes }) {
                // Categories are short: each record in a slot of its own, copied whole with two vector
                // moves whatever its length (the bytes past it are overwritten by the next row's).
                let slots = UnsafeMutableRawBufferPointer.allocate(byteCount: records * slotBytes, alignment: 8)
                defer { slots.deallocate() }
                slots.initializeMemory(as: UInt8.self, repeating: 0)
                for level in 0..<records {
                    (slots.baseAddress! + level * slotBytes).copyMemory(from: e.baseAddress! + offsets[level],
                                                                        byteCount: offsets[level + 1] - offsets[level])
                }
                offsets.withUnsafeBufferPointer { offset in
                    for c in codes {
                        let level = c < 0 ? missingLevel : Int(c)
                        let slot = slots.baseAddress!.loadUnaligned(fromByteOffset: level &* slotBytes, as: SIMD32<UInt8>.self)
                        (staging.baseAddress! + filled).storeBytes(of: slot, as: SIMD32<UInt8>.self)
                        filled &+= offset[level &+ 1] &- offset[level]
                        if filled > capacity { flush() }
                    }
                }
            } else {
                for c in codes {
                    let level = c < 0 ? missingLevel : Int(c)
                    let n = offsets[level + 1] - offsets[level]
                    let p = e.baseAddress! + offsets[level]
                    if filled + n > capacity { flush() }
                    if n > capacity {
                        hasher.update(UnsafeRawBufferPointer(start: p, count: n))
                    } else {
                        (staging.baseAddress! + filled).copyMemory(from: p, byteCount: n)
                        filled += n
                    }
                }
            }
        }
        flush()
    }

    /// The widest record (length and bytes) copied as one fixed-size slot.
    private static let slotBytes = 32

    private static func hexBytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        func nibble(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        while let hi = it.next(), let lo = it.next() { out.append(nibble(hi) << 4 | nibble(lo)) }
        return out
    }
}

extension Array where Element == UInt8 {
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ v: T) {
        Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) }
    }
}
