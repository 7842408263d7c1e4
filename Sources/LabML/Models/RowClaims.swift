import Synchronization

/// Hands out the rows of one piece of work to the threads sharing it, a chunk at a time: each
/// takes a quarter of what is left (at least `minimum` rows) until none is; a piece of fewer
/// than 16 × `minimum` rows comes in two halves. A fixed half each makes the faster core wait
/// for the slower one at every split: two cores can run 5-10% apart for minutes (one of them
/// shared with another task, or clocked lower), and a boosting fit meets at thousands of splits.
/// Chunks shrink as the work runs out, so both threads finish within a small chunk of each
/// other, with a few dozen claims. Which thread takes which rows changes nothing in a result
/// built from integer sums or from row positions fixed in advance.
final class RowClaims: Sendable {
    private let taken = Atomic<Int>(0)
    let minimum: Int

    init(minimum: Int) { self.minimum = minimum }

    /// Starts a piece of `total` rows. Call before the threads start on it (the post that starts
    /// them publishes this store).
    func reset() { taken.store(0, ordering: .relaxed) }

    /// The next chunk of 0..<total, or nil when every row is taken.
    func next(of total: Int) -> Range<Int>? {
        // A small piece comes in two halves: its imbalance is small, and each claim costs time.
        let least = total < 16 * minimum ? (total + 1) / 2 : minimum
        var start = taken.load(ordering: .relaxed)
        while start < total {
            let end = min(total, start + max(least, (total - start) / 4))
            let (exchanged, found) = taken.compareExchange(expected: start, desired: end, ordering: .relaxed)
            if exchanged { return start..<end }
            start = found
        }
        return nil
    }
}
