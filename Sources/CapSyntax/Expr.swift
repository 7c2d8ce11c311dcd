import CapBase
import CapValues

/// An expression of the scripting language, with its exact source range.
///
/// Scripts are small next to the data, so expressions are ordinary indirect
/// values rather than flat arrays; every node still carries its range for
/// diagnostics, the formatter and the language server.
public struct Expr: Sendable {
    public var kind: Kind { didSet { height = Self.height(of: kind) } }
    public var range: SourceRange
    /// Levels of nesting, 1 for a leaf. The checker, the evaluator and even
    /// freeing a tree walk it recursively, so the parser refuses trees
    /// higher than `Parser.maxExpressionDepth` (E0107).
    public private(set) var height: Int32

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        height = Self.height(of: kind)
    }

    static func height(of kind: Kind) -> Int32 {
        var deepest: Int32 = 0
        switch kind {
        case .interpolation(let parts):
            for case .expr(let e) in parts { deepest = max(deepest, e.height) }
        case .member(let base, _, _): deepest = base.height
        case .call(_, let arguments, _): for a in arguments { deepest = max(deepest, a.height) }
        case .unary(_, let operand): deepest = operand.height
        case .binary(_, let l, let r): deepest = max(l.height, r.height)
        case .list(let items): for e in items { deepest = max(deepest, e.height) }
        case .record(let fields): for (_, e) in fields { deepest = max(deepest, e.height) }
        case .pipeline(let head, let stages):
            deepest = head.height
            for stage in stages { for a in stage.arguments { deepest = max(deepest, a.height) } }
        case .integer, .decimal, .string, .boolean, .none, .date, .dateTime, .dateRange, .name, .it, .error: break
        }
        return deepest == .max ? deepest : deepest + 1
    }

    public indirect enum Kind: Sendable {
        case integer(Int64)
        /// `3.2`: a number with a fractional part.
        case decimal(Double)
        case string(String)
        /// `"{name} joined in {joined}"`: literal text and expressions.
        case interpolation([InterpolationPart])
        case boolean(Bool)
        case none
        case date(CapDate)
        case dateTime(CapDateTime)
        case dateRange(CapDate, CapDate)
        /// A bare word: a field of the current element, a binding, a
        /// collection (`members`), an entity id, an enumeration word or a code.
        case name(String)
        /// `it`: the current element inside a pipeline stage.
        case it
        case member(Expr, String, nameRange: SourceRange)
        case call(String, [Expr], nameRange: SourceRange)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case list([Expr])
        case record([(String, Expr)])
        case pipeline(Expr, [Stage])
        /// Stands for a part that could not be parsed (already reported).
        case error
    }

    public enum InterpolationPart: Sendable {
        case text(String)
        case expr(Expr)
    }
}

public enum UnaryOperator: String, Sendable { case negate = "-", not }

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or, `in`, notIn = "not in"
}

/// One `| stage` of a pipeline: `where joined == 2017`, `sort date desc`,
/// `count`, `first 3`.
public struct Stage: Sendable {
    public var name: String
    public var nameRange: SourceRange
    public var arguments: [Expr]
    /// `desc` after a sort key, per argument.
    public var descending: [Bool]
    public var range: SourceRange
}

/// A top-level statement in a .cap file or at the REPL.
public struct Statement: Sendable {
    public enum Kind: Sendable {
        /// `let name = expr` or `let name(a, b) = expr`.
        case binding(name: String, nameRange: SourceRange, parameters: [String], value: Expr)
        /// `assert expr` or `assert expr, "message"`: a data rule that
        /// `cap check` enforces.
        case assertion(Expr, message: String?)
        /// `print expr`: output of `cap run`.
        case print(Expr)
        /// A bare expression (the REPL, `cap eval`).
        case expression(Expr)
    }

    public var kind: Kind
    public var range: SourceRange
    public var keywordStart: UInt32
}
