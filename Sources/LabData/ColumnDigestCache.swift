import Synchronization

/// A column's content digest once computed (`Column.contentDigest`): its data never changes, so
/// the digest a load computes for the dataset version serves every later fit that reads the
/// column. Shared by the copies of a column; not part of its value (any two caches compare equal).
final class ColumnDigestCache: Sendable, Equatable {
    private let digest = Mutex<[UInt8]?>(nil)

    func value(_ compute: () -> [UInt8]) -> [UInt8] {
        if let known = digest.withLock({ $0 }) { return known }
        // Computed outside the lock: two threads may both compute it, with the same result.
        let computed = compute()
        digest.withLock { $0 = computed }
        return computed
    }

    static func == (lhs: ColumnDigestCache, rhs: ColumnDigestCache) -> Bool { true }
}
