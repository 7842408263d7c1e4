#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// A read-only memory map of a whole file. Pages already parsed can be released
/// early so that reading a large file does not keep all of it resident.
final class MappedFile {
    let base: UnsafePointer<UInt8>
    let size: Int
    private let mapping: UnsafeMutableRawPointer?
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw DataError("cannot read '\(path)': \(reason)",
                            hint: "give a path to a CSV file (relative to \(Self.currentDirectory())) or a bundled dataset name; `datasets` lists them")
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw DataError("'\(path)' is a directory, not a CSV file", hint: "name a .csv file inside it")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DataError("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        size = Int(info.st_size)
        if size == 0 {
            mapping = nil
            base = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))
            return
        }
        guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
            throw DataError("cannot map '\(path)' into memory: \(String(cString: strerror(errno)))")
        }
        _ = madvise(m, size, MADV_SEQUENTIAL)
        mapping = m
        base = UnsafePointer(m.assumingMemoryBound(to: UInt8.self))
    }

    /// Drops the resident pages wholly inside [from, to); they fault back in if read again.
    func release(from: Int, to: Int) {
        guard let mapping else { return }
        let start = (from + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let end = to / Self.pageSize * Self.pageSize
        if end > start { _ = madvise(mapping + start, end - start, MADV_DONTNEED) }
    }

    deinit {
        if let mapping { munmap(mapping, size) } else { UnsafeMutablePointer(mutating: base).deallocate() }
    }

    private static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "the current directory" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
