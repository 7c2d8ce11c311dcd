/// How bad a diagnostic is. `--werror` promotes warnings at the end of a run.
public enum Severity: String, Sendable, Comparable {
    case error, warning, note

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int { switch self { case .error: 2; case .warning: 1; case .note: 0 } }
}

/// Extra context attached to a diagnostic, optionally at its own location
/// (e.g. "first defined here" pointing at the earlier definition).
public struct DiagnosticNote: Sendable, Equatable {
    public var message: String
    public var range: SourceRange?
    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }
}

/// A replacement the user (or an editor) can apply to fix the problem.
public struct FixIt: Sendable, Equatable {
    public var range: SourceRange
    public var replacement: String
    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// A problem found in the user's files, as a plain value. Nothing here knows
/// how it will be shown: renderers turn it into text, JSON or CI annotations.
public struct Diagnostic: Sendable, Equatable {
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    /// Where the problem is. `nil` only for problems that have no place in a
    /// file (an unreadable command-line path, say).
    public var range: SourceRange?
    /// A few words shown under the underline, e.g. "not a known field".
    public var label: String?
    public var notes: [DiagnosticNote]
    /// One line telling the user how to fix it.
    public var help: String?
    public var fixIts: [FixIt]

    public init(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String,
        at range: SourceRange?, label: String? = nil,
        notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = []
    ) {
        self.severity = severity
        self.code = code
        self.message = message
        self.range = range
        self.label = label
        self.notes = notes
        self.help = help
        self.fixIts = fixIts
    }

    public static func error(
        _ code: DiagnosticCode, _ message: String, at range: SourceRange?, label: String? = nil,
        notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = []
    ) -> Diagnostic {
        Diagnostic(.error, code, message, at: range, label: label, notes: notes, help: help, fixIts: fixIts)
    }

    public static func warning(
        _ code: DiagnosticCode, _ message: String, at range: SourceRange?, label: String? = nil,
        notes: [DiagnosticNote] = [], help: String? = nil, fixIts: [FixIt] = []
    ) -> Diagnostic {
        Diagnostic(.warning, code, message, at: range, label: label, notes: notes, help: help, fixIts: fixIts)
    }
}
