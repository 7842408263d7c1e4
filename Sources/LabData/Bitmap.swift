/// A packed set of row flags (one bit a row). Columns use it to mark missing values.
public struct Bitmap: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public let count: Int

    public init(count: Int, value: Bool = false) {
        self.count = count
        let fill: UInt64 = value ? ~0 : 0
        words = [UInt64](repeating: fill, count: (count + 63) >> 6)
        if value, count & 63 != 0 { words[words.count - 1] = (1 << UInt64(count & 63)) - 1 }
    }

    public init(_ flags: [Bool]) {
        self.init(count: flags.count)
        for (i, f) in flags.enumerated() where f { self[i] = true }
    }

    @inline(__always)
    public subscript(i: Int) -> Bool {
        get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
        set {
            if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
        }
    }

    public var setCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }
    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// Indices of the set bits, in order.
    public var setIndices: [Int] {
        var out: [Int] = []
        out.reserveCapacity(setCount)
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                out.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }

    public func gathering(_ rows: [Int]) -> Bitmap {
        var out = Bitmap(count: rows.count)
        for (i, r) in rows.enumerated() where self[r] { out[i] = true }
        return out
    }
}
