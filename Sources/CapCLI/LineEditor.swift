#if canImport(Glibc)
import Glibc
#endif
import CLineEditor
import CapREPL

/// libedit, for the interactive REPL: emacs keys (vi through ~/.editrc),
/// history with reverse search, and tab completion from a callback.
///
/// libedit restores the terminal before any signal acts (EL_SIGNAL) and
/// `close()` restores it on the way out. SIGINT only sets a flag (see
/// CLineEditor.c), so Ctrl-C ends the current `readLine` with
/// `.interrupted` and the session goes on.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        case interrupted
        case end
    }

    private var editor: OpaquePointer?
    private var history: OpaquePointer?
    private let complete: (String) -> Session.Completion
    /// More candidates than this are counted, not listed.
    static let maxListed = 100

    /// What `history` holds, oldest first, each once.
    private var entries: [String] = []

    init?(program: String, history entries: [String], complete: @escaping (String) -> Session.Completion) {
        self.complete = complete
        history = cap_history_open(1000)
        for entry in entries { remember(entry) }
        guard let editor = cap_editor_open(program, history) else { return nil }
        self.editor = editor
        cap_editor_set_client(editor, Unmanaged.passUnretained(self).toOpaque())
        cap_editor_bind_completion(editor) { editor, _ in
            guard let editor, let client = cap_editor_client(editor) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(client).takeUnretainedValue().completeWord(editor)
        }
    }

    var prompt = "cap> " {
        didSet { cap_editor_set_prompt(prompt) }
    }

    func readLine() -> Input {
        cap_editor_set_prompt(prompt)
        while true {
            var count: Int32 = 0
            guard let line = el_gets(editor, &count) else {
                if cap_take_interrupt() != 0 {
                    el_reset(editor)
                    return .interrupted
                }
                if count < 0 && errno == EINTR { continue }
                return .end
            }
            var text = String(cString: line)
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return .line(text)
        }
    }

    /// Adds one whole input as the newest entry. libedit only drops a
    /// repeat of the newest; an older occurrence is removed here, so that
    /// Up never shows the same input twice.
    func remember(_ entry: String) {
        guard entries.last != entry else { return }
        let before = entries.count
        entries = HistoryFile.adding(entry, to: entries)
        if entries.count > 1000 { entries.removeFirst(entries.count - 1000) }
        if entries.count > before {
            cap_history_enter(history, entry)
        } else {
            cap_history_clear(history)
            for e in entries { cap_history_enter(history, e) }
        }
    }

    func close() {
        if let editor { cap_editor_close(editor) }
        if let history { cap_history_close(history) }
        editor = nil
        history = nil
    }

    deinit { close() }

    // MARK: Completion

    private func completeWord(_ editor: OpaquePointer) -> UInt8 {
        guard let info = el_line(editor)?.pointee, let start = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let before = UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self),
                                         count: cursor - start)
        let completion = complete(String(decoding: before, as: UTF8.self))
        let candidates = completion.candidates
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let common = Self.commonPrefix(candidates)
        if common.utf8.count > completion.prefix.utf8.count {
            var insertion = String(common.utf8.dropFirst(completion.prefix.utf8.count))!
            if candidates.count == 1 && !common.hasSuffix("/") { insertion += " " }
            el_insertstr(editor, insertion)
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 {
            if !common.hasSuffix("/") { el_insertstr(editor, " ") }
            return UInt8(CC_REFRESH)
        }
        Terminal.write("\n" + Self.columns(candidates))
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for word in words.dropFirst() {
            let scalars = Array(word.unicodeScalars)
            var n = 0
            while n < prefix.count, n < scalars.count, prefix[n] == scalars[n] { n += 1 }
            prefix.removeLast(prefix.count - n)
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: prefix)
        return out
    }

    /// Candidates in columns across the terminal's width.
    static func columns(_ words: [String]) -> String {
        let shown = Array(words.prefix(maxListed))
        var size = winsize()
        let width = ioctl(1, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        let cell = (shown.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / cell)
        var out = ""
        for (i, word) in shown.enumerated() {
            let last = i % perLine == perLine - 1 || i == shown.count - 1
            out += last ? word + "\n" : word + String(repeating: " ", count: cell - word.count)
        }
        if words.count > shown.count { out += "… and \(words.count - shown.count) more: type more of the name\n" }
        return out
    }
}
