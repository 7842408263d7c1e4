import LabData

/// Draws a Plot in a fixed number of columns: Unicode braille dots (2×4 per character)
/// on a UTF-8 terminal, plain ASCII marks otherwise; labelled axes, a legend, and the
/// notes underneath. Readable in 80 columns.
public struct PlotRenderer {
    public let width: Int
    public let height: Int
    public let unicode: Bool
    public let style: Style

    public init(width: Int, height: Int = 16, unicode: Bool, style: Style) {
        self.width = max(40, min(width, 120))
        self.height = max(8, height)
        self.unicode = unicode
        self.style = style
    }

    public func render(_ plot: Plot) -> String {
        let all = plot.series.flatMap(\.points)
        guard !all.isEmpty else { return plot.title + "\n(no points)" }
        // x runs edge to edge, so its labels are the data's own ends (25 rows, not 13.7); y keeps
        // a margin, so curves do not hide in the frame.
        let xr = plot.xRange ?? padded(all.map(\.0), by: 0)
        let yr = plot.yRange ?? padded(all.map(\.1), by: 0.05)
        let yLabels = [yr.upperBound, (yr.lowerBound + yr.upperBound) / 2, yr.lowerBound].map { Self.label($0, plot.yType) }
        let margin = (yLabels.map(\.count).max() ?? 1) + 1
        // Braille dots all look alike: several curves need colour to tell apart, or else plain marks.
        let unicode = self.unicode && (style.enabled || plot.series.filter { !$0.reference }.count <= 1)
        let columns = width - margin - 1
        let pixelsX = columns * (unicode ? 2 : 1), pixelsY = height * (unicode ? 4 : 1)
        var cells = [[UInt8]](repeating: [UInt8](repeating: 0, count: columns), count: height)
        var marks = [[Character?]](repeating: [Character?](repeating: nil, count: columns), count: height)
        // Which series drew each cell last (a reference line never covers a curve).
        var owner = [[Int?]](repeating: [Int?](repeating: nil, count: columns), count: height)
        let asciiMarks: [Character] = ["*", "o", "+", "x", "#"]
        for (s, series) in plot.series.enumerated() {
            let mark: Character = series.reference ? "." : asciiMarks[s % asciiMarks.count]
            var previous: (Int, Int)?
            for (x, y) in series.points {
                guard x.isFinite, y.isFinite else { previous = nil; continue }
                let px = Int(((x - xr.lowerBound) / (xr.upperBound - xr.lowerBound) * Double(pixelsX - 1)).rounded())
                let py = Int(((yr.upperBound - y) / (yr.upperBound - yr.lowerBound) * Double(pixelsY - 1)).rounded())
                let point = (min(max(px, 0), pixelsX - 1), min(max(py, 0), pixelsY - 1))
                let stepSkip = series.reference ? 3 : 1
                for (i, (ax, ay)) in line(from: series.connected ? previous ?? point : point, to: point).enumerated() where i % stepSkip == 0 {
                    if unicode {
                        cells[ay / 4][ax / 2] |= Self.brailleBit(ax % 2, ay % 4)
                        if owner[ay / 4][ax / 2] == nil || !series.reference { owner[ay / 4][ax / 2] = s }
                    } else if marks[ay][ax] == nil || !series.reference {
                        marks[ay][ax] = mark
                    }
                }
                previous = point
            }
        }
        var lines = [style.bold(plot.title)]
        for row in 0..<height {
            let label = row == 0 ? yLabels[0] : row == height / 2 ? yLabels[1] : row == height - 1 ? yLabels[2] : ""
            var text = String(repeating: " ", count: margin - label.count - 1) + label + (unicode ? " │" : " |")
            for c in 0..<columns {
                if unicode {
                    let bits = cells[row][c]
                    let glyph = bits == 0 ? " " : String(Character(Unicode.Scalar(0x2800 + UInt32(bits))!))
                    text += owner[row][c].map { paint(glyph, series: $0, plot) } ?? glyph
                } else {
                    text.append(marks[row][c] ?? " ")
                }
            }
            lines.append(text)
        }
        lines.append(String(repeating: " ", count: margin) + (unicode ? "└" : "+") + String(repeating: unicode ? "─" : "-", count: columns))
        let xl = Self.label(xr.lowerBound, plot.xType), xm = Self.label((xr.lowerBound + xr.upperBound) / 2, plot.xType)
        let xu = Self.label(xr.upperBound, plot.xType)
        var axis = String(repeating: " ", count: margin + 1) + xl
        let middleAt = margin + 1 + columns / 2 - xm.count / 2
        axis += String(repeating: " ", count: max(1, middleAt - axis.count)) + xm
        axis += String(repeating: " ", count: max(1, margin + 1 + columns - xu.count - axis.count)) + xu
        lines.append(axis)
        lines.append(String(repeating: " ", count: margin + 1) + "x: \(plot.xLabel)   y: \(plot.yLabel)")
        if plot.series.count > 1 || !unicode {
            let legend = plot.series.enumerated().map { s, series in
                "\(series.reference ? "." : String(asciiMarks[s % asciiMarks.count])) \(series.name)"
            }
            let painted = plot.series.indices.map { paint("━━ " + plot.series[$0].name, series: $0, plot) }
            lines.append(String(repeating: " ", count: margin + 1) + (unicode ? painted.joined(separator: "  ") : legend.joined(separator: "   ")))
        }
        lines += plot.notes
        return lines.joined(separator: "\n")
    }

    /// An axis label: 3 significant digits, or the day (and the minute, when not midnight) of a date axis.
    static func label(_ x: Double, _ type: ColumnType) -> String {
        switch type {
        case .date: return Column.canonicalText(x.rounded(.down), type: .date)
        case .datetime:
            // Day and minute, as a person writes them: 2013-07-02 02:30 (the day alone at midnight).
            let text = Column.canonicalText((x / 60).rounded() * 60, type: .datetime)
            if text.hasSuffix("T00:00:00Z") { return String(text.dropLast(10)) }
            return String(text.prefix(16).map { $0 == "T" ? " " : $0 })
        default: return NumberFormat.significant(x, digits: 3)
        }
    }

    /// A curve's colour: one per series, reference lines dimmed.
    private func paint(_ text: String, series s: Int, _ plot: Plot) -> String {
        if plot.series[s].reference { return style.dim(text) }
        let palette = ["36", "33", "32", "35", "31", "34"]
        return style.color(text, code: palette[s % palette.count])
    }

    private func padded(_ values: [Double], by fraction: Double) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return 0...1 }
        if lo == hi { return (lo - 1)...(hi + 1) }
        let pad = (hi - lo) * fraction
        return (lo - pad)...(hi + pad)
    }

    /// Bresenham's line between two pixels, both ends included.
    private func line(from a: (Int, Int), to b: (Int, Int)) -> [(Int, Int)] {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        var out: [(Int, Int)] = []
        while true {
            out.append((x0, y0))
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x0 += sx }
            if e2 <= dx { error += dx; y0 += sy }
        }
        return out
    }

    /// The braille dot for sub-position (x 0-1, y 0-3) of a character cell.
    private static func brailleBit(_ x: Int, _ y: Int) -> UInt8 {
        let table: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        return table[y][x]
    }
}
