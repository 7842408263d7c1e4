import Dispatch
import Synchronization

/// Independent pieces of work spread over the cores. Every piece writes only its own
/// slots, and what a piece computes never depends on which thread runs it or when, so
/// results are identical to a serial run.
enum Parallel {
    /// How many loops of several pieces are running. Work that would hold a core for itself
    /// (`HelperThread`, which spins) stays off while any runs: the folds of a cross-validation
    /// already take both cores, and a spinning thread among them would steal one.
    static let running = Atomic<Int>(0)

    /// Runs body(0..<count), concurrently when there is more than one piece.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        if count <= 0 { return }
        if count == 1 { body(0); return }
        running.wrappingAdd(1, ordering: .relaxed)
        defer { running.wrappingSubtract(1, ordering: .relaxed) }
        // Dispatch wants a @Sendable closure; the pieces' disjoint writes (above) are what make sharing safe.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedBody(run: body)
            DispatchQueue.concurrentPerform(iterations: count) { shared.run($0) }
        }
    }

    /// Runs body(0..<count), concurrently only when each piece reads `length` values or more: a
    /// thread takes tens of microseconds to wake, more than a short piece takes to run.
    static func forEach(_ count: Int, eachReading length: Int, _ body: (Int) -> Void) {
        if length >= 16_384 { forEach(count, body) } else { for i in 0..<max(count, 0) { body(i) } }
    }

    private struct UncheckedBody: @unchecked Sendable {
        let run: (Int) -> Void
    }

    /// `side` on another thread while `main` runs on this one; both results once both are done.
    /// Not through `forEach`: a fit that spreads its own work over the cores would find itself
    /// nested in a parallel loop, and Dispatch runs nested loops on one core.
    static func alongside<Side: Sendable, Main>(_ side: @escaping @Sendable () -> Side, _ main: () throws -> Main) rethrows -> (Main, Side) {
        let done = DispatchSemaphore(value: 0)
        let result = SideResult<Side>()
        DispatchQueue.global().async {
            result.value = side()
            done.signal()
        }
        let out: Main
        do {
            out = try main()
        } catch {
            done.wait()  // the side task reads what the caller may free once this returns
            throw error
        }
        done.wait()
        return (out, result.value!)
    }

    /// Written by the side task before it signals, read after the wait: the semaphore orders the two.
    private final class SideResult<Value>: @unchecked Sendable {
        var value: Value?
    }

    /// Splits 0..<total into at most `pieces` contiguous ranges of at least `minimum` items each.
    static func ranges(_ total: Int, pieces: Int, minimum: Int) -> [Range<Int>] {
        guard total > 0 else { return [] }
        let count = max(1, min(pieces, total / max(minimum, 1)))
        return (0..<count).map { i in (total * i / count)..<(total * (i + 1) / count) }
    }

    /// How many pieces to cut parallel work into: a few per core, so an uneven piece does not leave a core idle.
    static let pieces = 8
}

/// A mutable buffer shared by parallel pieces that write disjoint slots.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    @inline(__always) subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}
