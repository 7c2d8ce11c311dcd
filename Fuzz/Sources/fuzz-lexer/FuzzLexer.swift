@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL
import FuzzSupport

/// The lexer alone, on any bytes: it must reach the end of the file in at
/// most one token per byte, with tokens in order, inside the file, each
/// covering at least one byte; its lookahead must see the tokens that
/// follow; and every string token it accepts must decode.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLexer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    Fuzz.withMemoryLimit { bytes.withUnsafeBufferPointer { buffer in
        var lexer = Lexer(bytes: buffer, file: 0)
        var previousEnd: UInt32 = 0
        var tokens = 0
        // What lookahead saw two tokens ahead at the previous step.
        var expected: Token? = nil
        func same(_ a: Token, _ b: Token) -> Bool {
            a.kind == b.kind && a.start == b.start && a.end == b.end && a.atLineStart == b.atLineStart
        }
        while true {
            let ahead = lexer.lookahead { a in (a.next(), a.next()) }
            let token = lexer.next()
            tokens += 1
            precondition(same(ahead.0, token), "lookahead saw \(ahead.0.kind) at \(ahead.0.start), next() gave \(token.kind) at \(token.start)")
            if let expected {
                precondition(same(expected, token), "two-token lookahead saw \(expected.kind) at \(expected.start), not \(token.kind) at \(token.start)")
            }
            expected = ahead.1
            if token.kind == .eof {
                precondition(token.start == UInt32(size) && token.end == UInt32(size), "EOF at \(token.start), not at \(size)")
                break
            }
            precondition(tokens <= size, "\(tokens) tokens from \(size) bytes: the lexer is not making progress")
            precondition(token.start >= previousEnd, "token at \(token.start) overlaps the previous one, which ended at \(previousEnd)")
            precondition(token.end > token.start && Int(token.end) <= size, "token \(token.kind) at \(token.start)..<\(token.end) of \(size) bytes")
            if token.kind == .string || token.kind == .longString {
                _ = StringLiteral.decode(bytes[Int(token.start)..<Int(token.end)])
            }
            previousEnd = token.end
        }
        var commentEnd: UInt32 = 0
        for comment in lexer.comments {
            precondition(comment.lowerBound >= commentEnd && Int(comment.upperBound) <= size, "comment \(comment) out of order or out of the file")
            commentEnd = comment.upperBound
        }
        for d in lexer.diagnostics {
            if let r = d.range { precondition(r.start <= r.end && Int(r.end) <= size, "\(d.code.id) at \(r.start)..<\(r.end) of \(size) bytes") }
        }
    } }
    return 0
}
