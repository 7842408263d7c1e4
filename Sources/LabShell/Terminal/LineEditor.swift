#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CLibEdit
import LabData

/// Interactive line input through libedit: emacs key bindings, persistent history,
/// TAB completion. Ctrl-C on the line discards it; Ctrl-D on an empty line ends input.
public final class LineEditor {
    public enum Input { case line(String), interrupted, endOfInput }

    private let editor: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String
    private var promptBuffer: UnsafeMutablePointer<CChar>
    public var prompt: String = "opslab> " {
        didSet {
            free(promptBuffer)
            promptBuffer = strdup(prompt)
        }
    }
    /// Returns the completion candidates for the text before the cursor.
    /// The word to replace, its candidates, and whether a list goes on after it (no space then).
    public var complete: ((String) -> (word: String, candidates: [String], listGoesOn: Bool))?

    public init(historyPath: String) {
        self.historyPath = historyPath
        promptBuffer = strdup("opslab> ")
        history = opslab_history_init(1000)
        editor = opslab_el_init("opslab")
        opslab_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        opslab_el_set_prompt(editor) { e in
            guard let e, let data = opslab_el_client_data(e) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        opslab_el_set_editor(editor, "emacs")
        opslab_el_set_history(editor, history)
        opslab_el_set_getc(editor) { e, out in
            // Our own read loop: a SIGINT interrupts read() and ends this line.
            var byte: UInt8 = 0
            while true {
                let n = Glibc.read(0, &byte, 1)
                if n == 1 {
                    out?.pointee = wchar_t(byte)
                    return 1
                }
                if n == 0 { return 0 }
                if opslab_errno() == EINTR {
                    if Cancellation.isRequested { return -1 }
                    continue
                }
                return -1
            }
        }
        opslab_el_add_function(editor, "opslab-complete", "complete the word before the cursor") { e, _ in
            guard let e, let data = opslab_el_client_data(e) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor()
        }
        opslab_el_bind(editor, "^I", "opslab-complete")
        _ = opslab_history_load(history, historyPath)
    }

    deinit {
        el_end(editor)
        history_end(history)
        free(promptBuffer)
    }

    public func read() -> Input {
        Cancellation.reset()
        var count: Int32 = 0
        guard let raw = el_gets(editor, &count) else {
            if Cancellation.isRequested {
                Cancellation.reset()
                el_reset(editor)
                return .interrupted
            }
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    public func remember(_ line: String) {
        guard !line.trimmingCharacters().isEmpty else { return }
        _ = opslab_history_enter(history, line)
        _ = opslab_history_save(history, historyPath)
    }

    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editor)?.pointee, let complete else { return UInt8(CC_ERROR) }
        let length = info.cursor - info.buffer
        let bytes = UnsafeRawBufferPointer(start: info.buffer, count: length)
        let before = String(decoding: bytes, as: UTF8.self)
        let (word, candidates, listGoesOn) = complete(before)
        if candidates.isEmpty { return UInt8(CC_REFRESH_BEEP) }
        let common = commonPrefix(candidates)
        if common != word && common.count >= word.count {
            // Replace the word (a completion may add quotes around it), then add a space after a finished word
            // (not after an item of a list such as features=a,b: a comma may come next).
            var insert = common
            if candidates.count == 1, !listGoesOn, !common.hasSuffix("=") && !common.hasSuffix("/") && !common.hasSuffix("(") && !common.hasSuffix(" ") {
                insert += " "
            }
            el_deletestr(editor, Int32(word.unicodeScalars.count))
            el_insertstr(editor, insert)
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 {
            if !common.hasSuffix(" ") && !listGoesOn { el_insertstr(editor, " ") }
            return UInt8(CC_REFRESH)
        }
        // Nothing more to insert: list the choices under the line, then redraw it.
        let width = max(20, Int(opslab_terminal_columns(2)))
        let cell = (candidates.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var text = "\n"
        for (i, c) in candidates.prefix(200).enumerated() {
            text += c + String(repeating: " ", count: cell - c.count)
            if (i + 1) % perLine == 0 { text += "\n" }
        }
        if candidates.count > 200 { text += "\n… \(candidates.count - 200) more" }
        if !text.hasSuffix("\n") { text += "\n" }
        fputs(text, opslab_stderr())
        return UInt8(CC_REDISPLAY)
    }

    private func commonPrefix(_ xs: [String]) -> String {
        guard var prefix = xs.first else { return "" }
        for x in xs.dropFirst() {
            while !x.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
