#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Small, durable file operations on top of POSIX (no Foundation needed).
public enum FileIO {
    /// `example`: a file name to suggest when `path` is a folder.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, example: String = "out.csv") throws {
        try writeAtomically(parts: [bytes], to: path, example: example)
    }

    /// The same for bytes in several parts, written one after another.
    public static func writeAtomically(parts: [[UInt8]], to path: String, example: String = "out.csv") throws {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw DataError("'\(path)' is a directory", hint: "give a file name inside it, e.g. \(path.hasSuffix("/") ? path : path + "/")\(example)")
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw DataError("cannot write '\(path)': \(String(cString: strerror(errno)))", hint: "check that the folder exists and is writable")
        }
        let ok = parts.allSatisfy { bytes in
            bytes.withUnsafeBytes { raw in
                var written = 0
                while written < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                    if n <= 0 { return false }
                    written += n
                }
                return true
            }
        } && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw DataError("cannot write '\(path)': \(reason)")
        }
    }

    public static func readAll(_ path: String) throws -> [UInt8] {
        let file = try MappedFile(path: path)
        return Array(UnsafeBufferPointer(start: file.base, count: file.size))
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    public static func makeDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        guard mkdir(path, 0o755) == 0 || errno == EEXIST else {
            throw DataError("cannot create folder '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
