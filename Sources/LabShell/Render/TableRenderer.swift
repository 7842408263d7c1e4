import LabData

/// Lays a result table out in a fixed width: columns that do not fit are elided in
/// the middle behind a `…` column, long cells are cut with `…` (`~` in ASCII), never wrapped;
/// widths are terminal columns (a wide character takes two).
public struct TableRenderer {
    public let width: Int
    public let style: Style
    public let charset: Charset
    /// Cells are cut down to this before columns are hidden: a short cell still says what it holds.
    public static let minimumCutWidth = 12
    public static let missingText = "NA"

    public init(width: Int, style: Style, charset: Charset = .unicode) {
        self.width = max(20, width)
        self.style = style
        self.charset = charset
    }

    static func text(_ cell: Cell, charset: Charset = .unicode, boxWidth: Int = BoxStrip.width) -> String {
        switch cell {
        // A value that reads like the missing marker is quoted, so the two never look alike.
        case .text(let s): return s == missingText ? "\"\(s)\"" : s
        case .number(let x, let t): return NumberFormat.display(x, type: t)
        case .missing: return missingText
        case .fixed(let x, let decimals): return x.isFinite ? NumberFormat.fixed(x, decimals: decimals) : NumberFormat.significant(x)
        case .histogram(let h): return Sparkline.render(h.counts, charset: charset)
        case .box(let b, let scale): return BoxStrip.render(b, scale: scale, charset: charset, width: boxWidth)
        }
    }

    public func render(_ table: ResultTable) -> String {
        if let column = table.barsFor { return render(withBars(table, column)) }
        let n = table.columns.count
        let gap = 2
        // Cut long cells only when the table would not fit as it is.
        // Tabs and line breaks inside a cell would break the grid: each shows as a space.
        let columnNames = table.columns.map { charset.render($0.replacingNewlines().replacingTabs()) }
        let strips = boxColumns(table)
        let boxWidth = stripWidth(table, strips: strips, columnNames: columnNames, gap: gap)
        let full = table.rows.map { $0.map { charset.render(Self.text($0, charset: charset, boxWidth: boxWidth).replacingNewlines().replacingTabs()) } }
        let fullWidths = (0..<n).map { j in full.reduce(DisplayWidth.of(columnNames[j])) { max($0, DisplayWidth.of($1[j])) } }
        // Too wide: every column wider than a cap is cut to it, the cap as high as the width allows
        // (and at least minimumCutWidth), so a long description takes the room short columns leave; only
        // then are columns hidden. A box plot strip, already as narrow as it is drawn, is never cut.
        func needed(_ limits: [Int]) -> Int { limits.reduce(0, +) + gap * max(0, n - 1) }
        func capped(_ cap: Int) -> [Int] { fullWidths.indices.map { strips.contains($0) ? fullWidths[$0] : min(fullWidths[$0], cap) } }
        var limits = fullWidths
        if needed(limits) > width {
            var cap = fullWidths.max() ?? 0
            while cap > Self.minimumCutWidth && needed(capped(cap)) > width { cap -= 1 }
            limits = capped(cap)
        }
        var texts = full.map { row in row.indices.map { clip(row[$0], limits[$0]) } }
        let headers = columnNames.indices.map { clip(columnNames[$0], limits[$0]) }
        var widths = (0..<n).map { j in texts.reduce(DisplayWidth.of(headers[j])) { max($0, DisplayWidth.of($1[j])) } }
        var shown = Array(0..<n)
        func total(_ cols: [Int]) -> Int { cols.reduce(0) { $0 + widths[$1] } + gap * max(0, cols.count - 1) }
        if total(shown) > width, n > 1 {
            // Keep columns from both ends, alternately, while they fit beside a "…" column. A box plot
            // strip is the picture: the columns up to it are kept first when they fit.
            var left: [Int] = [], right: [Int] = []
            var i = 0, j = n - 1, takeLeft = true
            if let last = strips.max(), last < n - 1, (0...last).reduce(0, { $0 + widths[$1] }) + gap * (last + 1) + 1 <= width {
                left = Array(0...last)
                (i, takeLeft) = (last + 1, false)
            }
            while i <= j {
                let candidate = takeLeft ? i : j
                let trial = (takeLeft ? left + [candidate] : left) + [-1] + (takeLeft ? right : [candidate] + right)
                let used = trial.reduce(0) { $0 + ($1 < 0 ? 1 : widths[$1]) } + gap * (trial.count - 1)
                if used > width { break }
                if takeLeft { left.append(i); i += 1 } else { right.insert(j, at: 0); j -= 1 }
                takeLeft.toggle()
            }
            if left.isEmpty {
                left = [0]
                widths[0] = max(4, width - 3)
                texts = texts.map { row in row.enumerated().map { $0.offset == 0 ? clip($0.element, widths[0]) : $0.element } }
            }
            shown = left + [-1] + right
        }
        var lines: [String] = []
        if let title = table.title { lines.append(style.bold(charset.render(title))) }
        func line(_ cells: (Int) -> String, header: Bool, missing: [Bool] = []) -> String {
            var parts: [String] = []
            for c in shown {
                if c < 0 { parts.append(charset.ellipsis); continue }
                let raw = cells(c)
                // Numbers and their titles align right, so a title sits over its digits.
                let padded = DisplayWidth.pad(raw, to: widths[c], right: table.numericColumns.contains(c))
                if header {
                    parts.append(style.bold(padded))
                } else if c < missing.count && missing[c] {
                    parts.append(style.dim(padded))
                } else {
                    parts.append(padded)
                }
            }
            return trimTrailing(parts.joined(separator: String(repeating: " ", count: gap)))
        }
        lines.append(line({ headers[$0] }, header: true))
        for r in texts.indices {
            let row = texts[r]
            let isMissing = table.rows[r].map { $0 == .missing }
            lines.append(line({ isMissing[$0] ? Self.missingText : row[$0] }, header: false, missing: isMissing))
        }
        var footer: [String] = []
        if let total = table.totalRows, let first = table.firstRow, first > 1 {
            footer.append(table.rows.isEmpty ? "no rows from row \(first) of \(total)"
                : table.rows.count == 1 ? "showing row \(first) of \(total)"
                : "showing rows \(first)–\(first + table.rows.count - 1) of \(total)")
        } else if let total = table.totalRows, total > table.rows.count {
            footer.append("showing \(table.rows.count) of \(total) rows")
        }
        if shown.contains(-1) {
            footer.append("\(n - shown.count + 1) of \(n) columns hidden" + (table.hiddenColumnsHint.map { " (\($0))" } ?? ""))
        }
        let joined = "[" + footer.joined(separator: "; ") + "]"
        if joined.count <= width {
            if !footer.isEmpty { lines.append(style.dim(joined)) }
        } else {
            lines += footer.map { style.dim("[" + $0 + "]") }
        }
        if let note = table.note { lines.append(style.dim(TextWrap.wrap(charset.render(note), width: width, indent: "", flushParagraphs: true))) }
        return lines.joined(separator: "\n")
    }

    /// How wide box plot strips are drawn: the room the other columns leave, within
    /// `BoxStrip.minimumWidth...BoxStrip.width`, so a picture is narrowed rather than cut.
    private func stripWidth(_ table: ResultTable, strips boxColumns: Set<Int>, columnNames: [String], gap: Int) -> Int {
        guard !boxColumns.isEmpty else { return BoxStrip.width }
        let others = table.columns.indices.filter { !boxColumns.contains($0) }.reduce(0) { used, j in
            used + table.rows.reduce(DisplayWidth.of(columnNames[j])) { max($0, DisplayWidth.of(charset.render(Self.text($1[j], charset: charset)))) }
        }
        let room = (width - others - gap * max(0, table.columns.count - 1)) / boxColumns.count
        return min(BoxStrip.width, max(BoxStrip.minimumWidth, room))
    }

    /// The columns holding box plot strips.
    private func boxColumns(_ table: ResultTable) -> Set<Int> {
        Set(table.rows.flatMap { row in row.indices.filter { if case .box = row[$0] { return true }; return false } })
    }

    /// The table with a last column of bars, the largest value's (or `barsFull`'s) `barWidth`
    /// characters long (eighths of a block in Unicode, # in ASCII).
    private func withBars(_ table: ResultTable, _ column: Int) -> ResultTable {
        let values = table.rows.map { row -> Double in
            switch row[column] {
            case .number(let x, _), .fixed(let x, _): return x.isFinite ? max(0, x) : 0
            default: return 0
            }
        }
        let largest = table.barsFull ?? values.max() ?? 0
        var out = table
        out.barsFor = nil
        out.columns.append("")
        for (r, x) in values.enumerated() {
            let eighths = largest > 0 ? Int((min(x, largest) / largest * Double(Self.barWidth * 8)).rounded()) : 0
            let bar = charset == .unicode
                ? String(repeating: "█", count: eighths / 8) + (eighths % 8 == 0 ? "" : String(Self.partialBlocks[eighths % 8 - 1]))
                : String(repeating: "#", count: (eighths + 4) / 8)
            out.rows[r].append(.text(bar))
        }
        return out
    }

    static let barWidth = 20
    private static let partialBlocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    private func clip(_ s: String, _ limit: Int) -> String { DisplayWidth.clip(s, limit, marker: charset.ellipsis) }

    private func trimTrailing(_ s: String) -> String {
        var t = Substring(s)
        while t.last == " " { t.removeLast() }
        return String(t)
    }
}
