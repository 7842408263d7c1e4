/// How many terminal columns text takes: East Asian wide and fullwidth characters and emoji
/// take two, combining marks none, everything else one. Tables pad and cut by it, so a row
/// holding 東京 or 😀 stays aligned with the others.
enum DisplayWidth {
    static func of(_ s: String) -> Int {
        var total = 0
        for c in s {
            total += of(c)
        }
        return total
    }

    static func of(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        if first.isASCII { return 1 }
        // A character is one cluster: its first scalar decides, a variation selector can make it an emoji.
        if c.unicodeScalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `s` cut to at most `limit` columns, ending in `marker` (one column) when cut.
    static func clip(_ s: String, _ limit: Int, marker: String) -> String {
        guard of(s) > limit else { return s }
        var out = "", used = 0
        for c in s {
            let w = of(c)
            if used + w > limit - 1 { break }
            out.append(c)
            used += w
        }
        return out + marker
    }

    /// `s` padded with spaces to `width` columns, on the right or (for numbers) on the left.
    static func pad(_ s: String, to width: Int, right: Bool) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(s)))
        return right ? fill + s : s + fill
    }
}
