/// How the process's allocator treats big blocks. By default glibc maps every block over
/// 128 KB afresh and unmaps it on release, so each command's columns, matrices and sort
/// buffers are paid for again in page faults (a third of the time of a metric over 1M
/// scores). Kept instead, a block released by one step is reused by the next.
public enum ProcessMemory {
    /// Blocks up to 32 MB come from the heap, and up to 256 MB of released heap is kept.
    /// Call once, at start.
    public static func keepReleasedBlocks() {
        #if os(Linux)
        // glibc's <malloc.h> (not part of the Glibc module): M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3.
        _ = glibcMallopt(-3, 32 << 20)
        _ = glibcMallopt(-1, 256 << 20)
        #endif
    }
}

#if os(Linux)
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
