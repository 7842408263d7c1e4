/// Turns a byte offset into "file:line:column" and a scan failure into a message a person can act on.
struct Locator {
    let base: UnsafePointer<UInt8>
    let size: Int
    let source: String
    let options: CSVOptions

    func position(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let stop = min(offset, size)
        for i in 0..<stop where base[i] == 0x0A {
            line += 1
            lineStart = i + 1
        }
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        var column = 1
        for i in lineStart..<stop where base[i] & 0xC0 != 0x80 { column += 1 }
        return (line, column)
    }

    func error(_ e: CSVScanError, names: [String]?) -> DataError {
        let (line, column) = position(of: e.offset)
        let width = names?.count ?? 0
        let fieldName = names.flatMap { e.field < $0.count ? " ('\($0[e.field])')" : nil } ?? ""
        let what: String
        let hint: String
        switch e.reason {
        case .unterminatedQuote:
            what = "a quoted field opened here is never closed"
            hint = "close the quote; write a quote inside a quoted field as two quotes (\"\")"
        case .textAfterClosingQuote:
            what = "unexpected text after the closing quote of field \(e.field + 1)\(fieldName)"
            hint = "a quoted field must end at its closing quote; write a quote inside it as two quotes (\"\")"
        case .strayQuote:
            what = "a quote inside unquoted field \(e.field + 1)\(fieldName)"
            hint = "put the whole field in quotes and double the quote inside: \"5'10\"\"\""
        case .fieldTooLarge(let bytes):
            let mb = Double(bytes) / 1_048_576
            let limit = options.maxFieldBytes / 1_048_576
            what = "field \(e.field + 1)\(fieldName) is \(Self.megabytes(mb)) MB, over the \(limit) MB limit for one field"
            hint = "usually a quote is missing; if the data is real, raise the limit: load ... maxfield=\(Int(mb.rounded(.up)) + 1)"
        case .tooManyFields:
            what = "this row has more than the \(width) fields of the header"
            hint = "a value containing the separator must be quoted; or the header is missing a column name"
        case .tooFewFields(let n):
            what = "this row has \(n) field\(n == 1 ? "" : "s"), the header has \(width)"
            hint = "every row needs one value per column; leave a value empty (a,,c) to mark it missing"
        case .invalidUTF8:
            what = "invalid UTF-8 (byte 0x\(String(base[e.offset], radix: 16, uppercase: true)))"
            hint = "convert the file to UTF-8, e.g. iconv -f latin1 -t utf-8 in.csv > out.csv"
        }
        return DataError("\(source):\(line):\(column): \(what)", hint: separatorAdvice(e, names: names) ?? hint)
    }

    /// A row that does not read as the header does, under a header read as one column with another
    /// likely separator in it (`a;b;c` read with commas): the separator is the likely cause, whatever the row's fault.
    private func separatorAdvice(_ e: CSVScanError, names: [String]?) -> String? {
        switch e.reason {
        case .strayQuote, .textAfterClosingQuote, .tooManyFields, .tooFewFields: break
        default: return nil
        }
        guard let names, names.count == 1, let advice = options.likelySeparator(header: names[0], action: "load the file") else { return nil }
        return "the header read as one column, '\(names[0])': \(advice)"
    }

    private static func megabytes(_ v: Double) -> String {
        let tenths = (v * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
