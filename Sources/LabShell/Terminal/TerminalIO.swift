#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CLibEdit
import LabData

/// The few facts about the terminal the shell needs, and unbuffered writes.
public enum TerminalIO {
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Width for rendering: the terminal's, else $COLUMNS, else 100 (fixed, so piped output is reproducible).
    public static func width(fd: Int32, environment: [String: String]) -> Int {
        if isTerminal(fd) {
            let w = Int(opslab_terminal_columns(fd))
            if w > 0 { return w }
        }
        if let c = environment["COLUMNS"].flatMap(Int.init), c > 0 { return c }
        return 100
    }

    public static func useColor(fd: Int32, environment: [String: String]) -> Bool {
        isTerminal(fd) && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    }

    public static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var done = 0
        bytes.withUnsafeMutableBytes { raw in
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { break }
            }
        }
    }

    /// SIGINT sets the cancellation flag instead of killing the process.
    public static func installInterruptHandler() {
        _ = opslab_install_signal(SIGINT) { _ in Cancellation.request() }
    }
}
