#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Reads lines from a file descriptor with large buffered reads (libedit reads one
/// byte per system call, which is slow for piped scripts).
public final class LineSource {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    public init(fd: Int32) { self.fd = fd }

    public func next() -> String? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                var line = Array(buffer[start..<nl])
                start = nl + 1
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if finished {
                guard start < buffer.count else { return nil }
                let rest = Array(buffer[start...])
                start = buffer.count
                return String(decoding: rest, as: UTF8.self)
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 65_536) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                finished = true
            }
        }
    }
}

/// Joins lines ending in a backslash with the line after them.
public struct LogicalLines {
    public static func join(_ next: () -> String?) -> (text: String, lines: Int)? {
        guard var line = next() else { return nil }
        var count = 1
        while line.hasSuffix("\\") {
            line.removeLast()
            guard let more = next() else { break }
            line += " " + more
            count += 1
        }
        return (line, count)
    }
}
