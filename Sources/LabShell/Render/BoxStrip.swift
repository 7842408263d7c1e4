import LabData

/// A box plot as one line of text on a scale shared by the boxes of a table: whiskers as a
/// line with end marks, the box (quartile to quartile) shaded, the median solid, outliers as
/// dots. Positions round to the nearest character; where marks meet, the median wins over the
/// box, the box over the whiskers, a whisker over an outlier. Without Unicode the same marks are
/// spelled as `Charset` spells them (|-=#=-| and . for outliers), so a table's note reads alike.
public enum BoxStrip {
    /// Characters a strip takes when the table has room, and the least it is narrowed to.
    public static let width = 40
    public static let minimumWidth = 12

    public static func render(_ box: BoxStats, scale: ClosedRange<Double>, charset: Charset, width: Int = width) -> String {
        var line = [Character](repeating: " ", count: width)
        func at(_ x: Double) -> Int {
            let span = scale.upperBound - scale.lowerBound
            guard span > 0, span.isFinite else { return width / 2 }
            return min(width - 1, max(0, Int(((x - scale.lowerBound) / span * Double(width - 1)).rounded())))
        }
        for x in box.outliers { line[at(x)] = "·" }
        let low = at(box.whiskerLow), high = at(box.whiskerHigh)
        for i in low...high { line[i] = "─" }
        line[low] = "├"
        line[high] = "┤"
        let q1 = at(box.q1), q3 = at(box.q3)
        for i in q1...q3 { line[i] = "▒" }
        line[at(box.median)] = "█"
        return charset.render(String(line))
    }
}
