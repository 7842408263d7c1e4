/// Files that are plainly not text, known by their first bytes: a compressed file, a
/// spreadsheet or a columnar file handed to `load`, which would otherwise fail with a parse
/// error about quotes or UTF-8 somewhere in its first line.
enum NotCSV {
    private struct Format {
        /// Bytes at the start of the file.
        let magic: [UInt8]
        /// More bytes the format has, where text could start with `magic` (at an offset from
        /// the start, or from the end when negative).
        var more: [(offset: Int, bytes: [UInt8])] = []
        let what: String
        /// Text in another encoding, rather than another format.
        var isText = false
        /// What to do instead; FILE stands for the path.
        let instead: String
    }

    private static let formats: [Format] = [
        Format(magic: [0x1F, 0x8B], what: "compressed with gzip", instead: "decompress it first: gunzip -k FILE"),
        // "BZh", a block size digit, then the block magic.
        Format(magic: Array("BZh".utf8), more: [(4, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59])],
               what: "compressed with bzip2", instead: "decompress it first: bunzip2 -k FILE"),
        Format(magic: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], what: "compressed with xz", instead: "decompress it first: unxz -k FILE"),
        Format(magic: [0x28, 0xB5, 0x2F, 0xFD], what: "compressed with zstd", instead: "decompress it first: unzstd FILE"),
        Format(magic: [0x50, 0x4B, 0x03, 0x04], what: "a zip archive (an Excel .xlsx workbook is one too)",
               instead: "unzip it, or save the sheet as CSV from the spreadsheet program"),
        Format(magic: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], what: "an old Excel (.xls) workbook",
               instead: "save the sheet as CSV from the spreadsheet program"),
        // Parquet starts and ends with PAR1.
        Format(magic: Array("PAR1".utf8), more: [(-4, Array("PAR1".utf8))], what: "a Parquet file",
               instead: "write it as CSV first, e.g. with pandas: pd.read_parquet(\"FILE\").to_csv(\"out.csv\", index=False)"),
        // Byte order marks of UTF-16 (spreadsheets' "Unicode text"): text, but not in UTF-8.
        Format(magic: [0xFF, 0xFE], what: "text in UTF-16 (little-endian)", isText: true, instead: "convert it to UTF-8: iconv -f UTF-16 -t UTF-8 FILE > out.csv"),
        Format(magic: [0xFE, 0xFF], what: "text in UTF-16 (big-endian)", isText: true, instead: "convert it to UTF-8: iconv -f UTF-16 -t UTF-8 FILE > out.csv"),
        Format(magic: Array("SQLite format 3".utf8) + [0], what: "a SQLite database", instead: "load one of its tables: load sqlite:FILE table=NAME"),
    ]

    /// The error for a file whose bytes name another format, or nil.
    static func check(_ base: UnsafePointer<UInt8>, _ size: Int, source: String) -> DataError? {
        func has(_ bytes: [UInt8], at offset: Int) -> Bool {
            let start = offset < 0 ? size + offset : offset
            return start >= 0 && start + bytes.count <= size && bytes.indices.allSatisfy { base[start + $0] == bytes[$0] }
        }
        guard let format = formats.first(where: { f in has(f.magic, at: 0) && f.more.allSatisfy { has($0.bytes, at: $0.offset) } }) else {
            return nil
        }
        return DataError(format.isText ? "\(source) is \(format.what), not UTF-8" : "\(source) is not a CSV file: it is \(format.what)", hint: format.instead.replacing("FILE", with: source))
    }
}
