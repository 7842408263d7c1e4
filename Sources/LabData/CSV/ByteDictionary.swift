#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Interns byte strings to dense codes without creating a Swift String per cell:
/// an open-addressing table over an arena of the distinct values' bytes. Each slot holds
/// the value's hash, length and place in the arena, so a lookup reads one slot and, for
/// the short values categories mostly are, compares the bytes with two loads a side.
struct ByteDictionary {
    private(set) var arena: [UInt8] = []
    private(set) var offsets: [Int] = [0]
    private var slots = [Slot](repeating: Slot(), count: 64)

    private struct Slot {
        var hash: UInt64 = 0
        var offset = 0
        var length: Int32 = 0
        /// -1: empty.
        var code: Int32 = -1
    }

    var count: Int { offsets.count - 1 }

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
        let found: (code: Int32, slot: Int) = slots.withUnsafeBufferPointer { table in
            arena.withUnsafeBufferPointer { a in
                let mask = table.count - 1
                var slot = Int(truncatingIfNeeded: h) & mask
                while true {
                    let s = table[slot]
                    if s.code < 0 { return (-1, slot) }
                    if s.hash == h, Int(s.length) == n, Self.equal(a.baseAddress.map { $0 + s.offset }, p, n) { return (s.code, slot) }
                    slot = (slot + 1) & mask
                }
            }
        }
        if found.code >= 0 { return found.code }
        let code = Int32(count)
        slots[found.slot] = Slot(hash: h, offset: arena.count, length: Int32(n), code: code)
        arena.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
        offsets.append(arena.count)
        if count * 2 > slots.count { grow() }
        return code
    }

    /// Whether `n` bytes at `a` and `b` are equal: up to 16 bytes as two overlapping loads a side.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n > 0, let a else { return true }
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if n >= 8 {
            if n > 16 { return memcmp(x, y, n) == 0 }
            return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                && x.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        if n >= 4 {
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
        }
        for i in 0..<n where a[i] != b[i] { return false }
        return true
    }

    mutating func code(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { b in
            // An empty buffer may have no base address; any valid pointer works for n == 0.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { one in
                code(b.baseAddress ?? UnsafePointer(one.baseAddress!), b.count)
            }
        }
    }

    private mutating func grow() {
        var bigger = [Slot](repeating: Slot(), count: slots.count * 2)
        let mask = bigger.count - 1
        for s in slots where s.code >= 0 {
            var slot = Int(truncatingIfNeeded: s.hash) & mask
            while bigger[slot].code >= 0 { slot = (slot + 1) & mask }
            bigger[slot] = s
        }
        slots = bigger
    }

    func bytes(of code: Int) -> ArraySlice<UInt8> { arena[offsets[code]..<offsets[code + 1]] }

    /// The distinct values as Strings, in code order (bytes were validated as UTF-8 before).
    func strings() -> [String] {
        (0..<count).map { String(decoding: bytes(of: $0), as: UTF8.self) }
    }
}
