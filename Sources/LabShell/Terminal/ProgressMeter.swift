#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Dispatch
import LabData
import Synchronization

/// Draws `Progress` as a bar with an ETA on the terminal's stderr while a command runs.
/// Quiet for the first second (most commands finish sooner) and when stderr is not a terminal.
///
/// It polls on a thread of its own: on one of Dispatch's workers, its sleeps held a place in
/// the pool that the command's parallel work then waited for (half a second on the shell's
/// first parallel command, until Dispatch decided the worker was stuck and added another).
final class ProgressMeter: Sendable {
    private let running = Atomic<Bool>(true)
    private let finished = DispatchSemaphore(value: 0)
    private let unicode: Bool
    private let width: Int

    init(unicode: Bool, width: Int) {
        self.unicode = unicode
        self.width = width
        Progress.reset()
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            let meter = Unmanaged<ProgressMeter>.fromOpaque(context!).takeRetainedValue()
            meter.loop()
            meter.finished.signal()
            return nil
        }, context)
        if started == 0 {
            pthread_detach(thread)
        } else {
            // No thread, no bar: the command runs as it would off a terminal.
            Unmanaged<ProgressMeter>.fromOpaque(context).release()
            finished.signal()
        }
    }

    func stop() {
        running.store(false, ordering: .relaxed)
        finished.wait()
        Progress.reset()
    }

    private func loop() {
        var start: UInt64?
        var drawn = false
        var shown = ""
        let began = Self.now()
        while running.load(ordering: .relaxed) {
            usleep(100_000)
            let p = Progress.current
            let text: String
            if p.total > 0 {
                if start == nil { start = Self.now() }
                guard Self.now() - began > 1_000_000_000 else { continue }
                let elapsed = Double(Self.now() - start!) / 1e9
                text = Self.line(done: p.done, total: p.total, what: p.what, elapsed: elapsed, unicode: unicode, width: width)
            } else if let activity = Progress.currentActivity, Self.now() - began > 1_000_000_000 {
                // After the counted steps (or instead of them): a finished bar would look stuck.
                text = activity + (unicode ? "…" : "...")
            } else {
                // Counting ended: a bar left at its last step would look stuck.
                if drawn, !shown.isEmpty { TerminalIO.write("\r\u{1B}[K", to: 2) }
                shown = ""
                continue
            }
            if text != shown { TerminalIO.write("\r" + text + "\u{1B}[K", to: 2) }
            shown = text
            drawn = true
        }
        if drawn { TerminalIO.write("\r\u{1B}[K", to: 2) }
    }

    /// `fold 3/5 [██████░░░░░░] 60%  ETA 4s`.
    static func line(done: Int, total: Int, what: String, elapsed: Double, unicode: Bool, width: Int) -> String {
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let barWidth = max(10, min(40, width - 40))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = String(repeating: unicode ? "█" : "#", count: filled) + String(repeating: unicode ? "░" : ".", count: barWidth - filled)
        var eta = "ETA --"
        if done > 0 {
            let seconds = Int((elapsed / Double(done) * Double(total - done)).rounded())
            eta = "ETA " + (seconds >= 60 ? "\(seconds / 60)m\(String(format2: seconds % 60))s" : "\(seconds)s")
        }
        return "\(what) \(done)/\(total) [\(bar)] \(Int((fraction * 100).rounded(.down)))%  \(eta)"
    }

    private static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}

private extension String {
    /// Two digits, zero-padded.
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : String(value) }
}
