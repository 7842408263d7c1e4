#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Synchronization

/// A loop over the rows that must meet itself thousands of times a second (coordinate descent:
/// every coordinate step needs a dot product over all rows before the next can start), split
/// into two fixed halves of the rows. The same driver runs on two threads, one per half, and
/// meets at every `sum`: each side adds its own half, the two partial sums are added, half 0's
/// first, and both sides go on with the same total. Everything else the driver computes it
/// computes twice, identically. A dedicated thread spins between meetings (a pool thread takes
/// longer to wake than a step takes); without a second core, or inside another parallel loop,
/// one thread runs both halves in turn. The halves and the order of the additions never change,
/// so the result is the same to the bit either way.
struct RowHalves {
    /// The rows this side works on (both halves, one after the other, when running alone).
    let ranges: [Range<Int>]
    private let meeting: Meeting?
    private let side: Int
    private var step = 0

    /// Runs `driver` over `rows` rows; returns what side 0 (this thread) returned. The driver may
    /// throw only on a decision both sides take together (`sideZero`): a side that stopped alone
    /// would leave the other waiting for it.
    static func run<T>(rows: Int, alone: Bool = false, _ driver: (inout RowHalves) throws -> T) rethrows -> T {
        let half = rows / 2
        let halves = [0..<half, half..<rows]
        guard !alone, rows >= minimumRows, Parallel.cores > 1, !Parallel.isInside else {
            var alone = RowHalves(ranges: halves, meeting: nil, side: 0)
            return try driver(&alone)
        }
        let meeting = Meeting()
        return try withoutActuallyEscaping(driver) { driver in
            let helper = Helper {
                var other = RowHalves(ranges: [halves[1]], meeting: meeting, side: 1)
                _ = try? driver(&other)
            }
            defer { helper.join() }
            var mine = RowHalves(ranges: [halves[0]], meeting: meeting, side: 0)
            return try driver(&mine)
        }
    }

    /// Below this many rows a step is shorter than a meeting: one thread does both halves.
    static let minimumRows = 32_768

    /// `partial(range)` over both halves, added half 0 first. Every side must call it the same
    /// number of times, in the same order.
    mutating func sum(_ partial: (Range<Int>) -> Double) -> Double {
        guard let meeting else { return partial(ranges[0]) + partial(ranges[1]) }
        let mine = partial(ranges[0])
        let (first, second) = meeting.exchange(mine, side: side, step: step)
        step &+= 1
        return first + second
    }

    /// `body` on this side's rows, with no meeting: for work whose result the other side never reads.
    func each(_ body: (Range<Int>) -> Void) {
        for range in ranges { body(range) }
    }

    /// Several sums at once: `partial(range, out)` fills `count` values for its half.
    mutating func sums(_ count: Int, _ partial: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        let halves = UnsafeMutablePointer<Double>.allocate(capacity: 2 * count)
        defer { halves.deallocate() }
        halves.initialize(repeating: 0, count: 2 * count)
        if meeting == nil {
            partial(ranges[0], halves)
            partial(ranges[1], halves + count)
        } else {
            partial(ranges[0], halves)
            // One meeting per value: rare (a convergence check per pass), so kept simple.
            for i in 0..<count {
                let (first, second) = meeting!.exchange(halves[i], side: side, step: step)
                step &+= 1
                halves[i] = first
                halves[count + i] = second
            }
        }
        for i in 0..<count { out[i] = halves[i] + halves[count + i] }
        return out
    }

    /// Side 0's `flag` on both sides: for a decision both must take together though only one
    /// may look (whether the command was cancelled can change between two looks).
    mutating func sideZero(_ flag: Bool) -> Bool {
        guard let meeting else { return flag }
        let (first, _) = meeting.exchange(flag ? 1 : 0, side: side, step: step)
        step &+= 1
        return first != 0
    }
}

/// Two sides handing each other one number per step: each writes its value into the step's slot,
/// says it arrived, and waits for the other. Slots alternate by step, so a side one step ahead
/// never overwrites a value the other has yet to read.
private final class Meeting: @unchecked Sendable {
    private let arrivedZero = Atomic<Int>(0), arrivedOne = Atomic<Int>(0)
    private let values = UnsafeMutablePointer<Double>.allocate(capacity: 4)

    deinit { values.deallocate() }

    func exchange(_ value: Double, side: Int, step: Int) -> (Double, Double) {
        let slot = (step & 1) * 2
        values[slot + side] = value
        if side == 0 {
            arrivedZero.store(step + 1, ordering: .releasing)
            wait { self.arrivedOne.load(ordering: .acquiring) > step }
        } else {
            arrivedOne.store(step + 1, ordering: .releasing)
            wait { self.arrivedZero.load(ordering: .acquiring) > step }
        }
        return (values[slot], values[slot + 1])
    }

    /// Spins (the other side is usually microseconds away), then yields the core: with more
    /// threads than cores the other side may need this one's core to arrive at all.
    private func wait(_ done: () -> Bool) {
        var spins = 0
        while !done() {
            spins &+= 1
            if spins > 20_000 { sched_yield() }
        }
    }
}

/// A thread running one closure, joined before the closure's captures go away.
private final class Helper: @unchecked Sendable {
    private var thread = pthread_t()
    private let body: () -> Void

    init(_ body: @escaping () -> Void) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { context in
            let helper = Unmanaged<Helper>.fromOpaque(context!).takeRetainedValue()
            helper.body()
            return nil
        }, context)
    }

    func join() { pthread_join(thread, nil) }
}
