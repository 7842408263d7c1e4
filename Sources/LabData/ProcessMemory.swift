#if canImport(Glibc)
import Glibc
#endif

/// How the process's allocator treats memory. By default glibc maps every block over 128 KB
/// afresh and unmaps it on release, so each command's columns, matrices and sort buffers are
/// paid for again in page faults (a third of the time of a metric over 1M scores); and each
/// 4 KB of heap first touched is a fault of its own (a fifth of the time of a `runs` query
/// over thousands of runs).
public enum ProcessMemory {
    /// Blocks up to 32 MB come from the heap, and up to 256 MB of released heap is kept.
    /// The heap grows 64 MB at a time, and its first 64 MB are backed by 2 MB pages where the
    /// kernel allows it (transparent huge pages on request), so filling it costs a fault per
    /// 2 MB instead of per 4 KB. Call once, at start.
    public static func keepReleasedBlocks() {
        #if os(Linux)
        // glibc's <malloc.h> (not part of the Glibc module): M_TRIM_THRESHOLD -1, M_TOP_PAD -2, M_MMAP_THRESHOLD -3.
        _ = glibcMallopt(-3, 32 << 20)
        _ = glibcMallopt(-1, 256 << 20)
        _ = glibcMallopt(-2, Int32(heapStep))
        let start = Int(bitPattern: sbrk(0))
        growHeap()
        let end = Int(bitPattern: sbrk(0))
        let huge = 2 << 20
        let first = (start + huge - 1) & ~(huge - 1)
        if end - first >= huge, let address = UnsafeMutableRawPointer(bitPattern: first) {
            _ = madvise(address, (end - first) & ~(huge - 1), 14)  // MADV_HUGEPAGE; refused (EINVAL) where unsupported
        }
        #endif
    }

    static let heapStep = 64 << 20

    /// A block bigger than what is left at the heap's top makes it grow by the pad now. Not
    /// optimised: the compiler would otherwise drop an allocation that is freed unused.
    @_optimize(none)
    private static func growHeap() {
        #if os(Linux)
        free(malloc(1 << 20))
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
