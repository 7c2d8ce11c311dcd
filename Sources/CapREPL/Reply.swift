/// What the REPL engine answers to one input: text for standard output,
/// diagnostics for standard error, and whether the input failed (the exit
/// code of a piped session) or asked to leave.
public struct Reply: Equatable, Sendable {
    public var output = ""
    public var errors = ""
    public var failed = false
    public var quit = false
    public init() {}
}
