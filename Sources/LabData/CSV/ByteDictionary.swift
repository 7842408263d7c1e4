#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Interns byte strings to dense codes without creating a Swift String per cell:
/// an open-addressing table over an arena of the distinct values' bytes.
struct ByteDictionary {
    private(set) var arena: [UInt8] = []
    private(set) var offsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var table: [Int32] = [Int32](repeating: -1, count: 64)

    var count: Int { hashes.count }

    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(n)
        var i = 0
        let raw = UnsafeRawPointer(p)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        // The last 0 to 7 bytes without a loop over them (short categories are mostly tail): two
        // overlapping loads inside the value, or its first, middle and last byte.
        let left = n - i
        var tail: UInt64 = 0
        if left >= 4 {
            tail = UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self))
                | UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
        } else if left > 0 {
            tail = UInt64(p[i]) | UInt64(p[i + left / 2]) << 8 | UInt64(p[n - 1]) << 16
        }
        h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 31)
    }

    mutating func code(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
        let h = Self.hash(p, n)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let c = table[slot]
            if c < 0 { break }
            let ci = Int(c)
            if hashes[ci] == h, offsets[ci + 1] - offsets[ci] == n, equalBytes(ci, p, n) { return c }
            slot = (slot + 1) & mask
        }
        let code = Int32(hashes.count)
        hashes.append(h)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(arena.count)
        table[slot] = code
        if hashes.count * 2 > table.count { grow() }
        return code
    }

    mutating func code(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { b in
            // An empty buffer may have no base address; any valid pointer works for n == 0.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { one in
                code(b.baseAddress ?? UnsafePointer(one.baseAddress!), b.count)
            }
        }
    }

    private func equalBytes(_ code: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        arena.withUnsafeBufferPointer { a in n == 0 || memcmp(a.baseAddress! + offsets[code], p, n) == 0 }
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: -1, count: table.count * 2)
        let mask = bigger.count - 1
        for (code, h) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: h) & mask
            while bigger[slot] >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(code)
        }
        table = bigger
    }

    func bytes(of code: Int) -> ArraySlice<UInt8> { arena[offsets[code]..<offsets[code + 1]] }

    /// The distinct values as Strings, in code order (bytes were validated as UTF-8 before).
    func strings() -> [String] {
        (0..<count).map { String(decoding: bytes(of: $0), as: UTF8.self) }
    }
}
