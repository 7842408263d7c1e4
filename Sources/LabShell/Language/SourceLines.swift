/// The lines of a script or journal file: split at each LF, a CR before it dropped (a file
/// saved on Windows). Split as bytes: Swift reads "\r\n" as one Character, which a split
/// at the Character "\n" never finds.
enum SourceLines {
    static func of(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            String(decoding: line.last == 0x0D ? line.dropLast() : line, as: UTF8.self)
        }
    }
}
