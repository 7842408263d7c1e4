import CKernels

/// The reader's fast path for a piece whose records are plain numbers (empty fields missing):
/// C's `opslab_csv_numbers` writes them straight into the piece's columns, and stops at the first
/// record it does not read exactly as `CSVScanner` would; the scanner goes on from there (the
/// rest of the piece, or all of it). Used only where that is the same result: no column already
/// text, no missing-value marker that reads as a number, and a separator that cannot be part of one.
enum NumericRecords {
    static func applies(separator: UInt8, missing: MissingMatcher) -> Bool {
        !missing.hasNumericMarkers && !"0123456789.+-eE\"\r\n".utf8.contains(separator)
    }

    /// Reads records from `from` while one starts before `stopAt`; returns how many and where the
    /// next one starts.
    static func read(_ scanner: CSVScanner, from: Int, stopAt: Int, columns: UnsafeMutablePointer<ChunkColumn>,
                     width: Int) -> (records: Int, end: Int) {
        guard width > 0 else { return (0, from) }
        var values = [UnsafeMutablePointer<Double>?](repeating: nil, count: width)
        var missing = [UnsafeMutablePointer<Int32>?](repeating: nil, count: width)
        var missingCounts = [Int](repeating: 0, count: width)
        // Bit 0: a float was written; bit 1: a value that is not missing.
        var flags = [UInt8](repeating: 0, count: width)
        var position = from, records = 0
        while position < stopAt {
            var room = Int.max
            for j in 0..<width {
                let slots = columns[j].numberSlots(atLeast: 1024)
                (values[j], missing[j]) = (slots.values, slots.missing)
                room = min(room, slots.room)
                missingCounts[j] = 0
            }
            var end = position
            let first = columns[0].rows
            let read = opslab_csv_numbers(scanner.base, scanner.size, position, stopAt, scanner.separator, width,
                                          values, missing, &missingCounts, first, room, &flags, &end)
            for j in 0..<width {
                columns[j].adoptNumbers(read, missing: missingCounts[j], float: flags[j] & 1 != 0, valued: flags[j] & 2 != 0)
            }
            records += read
            position = end
            // Stopped short of the room: at a record it leaves to the scanner, or at the piece's end.
            if read < room { break }
        }
        return (records, position)
    }
}
