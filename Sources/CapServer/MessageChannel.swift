#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// JSON-RPC messages over a pair of file descriptors, framed as the
/// Language Server Protocol frames them: `Content-Length: N\r\n\r\n` then N
/// bytes of JSON. Reading happens on one thread; writing may happen from
/// several (replies, published diagnostics), so it is serialised.
final class MessageChannel: @unchecked Sendable {
    /// What one read gives.
    enum Incoming {
        /// A message's body, not yet decoded.
        case message([UInt8])
        /// Headers that cannot be read, or a body over the limit: the
        /// message is skipped and the reader goes on with the next one.
        case malformed(String)
        case endOfInput
    }

    private let input: Int32
    private let output: Int32
    private let writeLock = NSLock()
    private var buffer: [UInt8] = []
    private var position = 0
    /// A document is at most 256 MiB (`Workspace.Limits`); its JSON, with
    /// escapes, may be somewhat larger.
    let maxBody: Int
    /// Set when the client stopped reading: nothing more is written.
    private(set) var outputClosed = false

    init(input: Int32, output: Int32, maxBody: Int = 512 << 20) {
        self.input = input
        self.output = output
        self.maxBody = maxBody
    }

    /// The next message, blocking until one has arrived.
    func read() -> Incoming {
        var contentLength: Int? = nil
        var sawHeader = false
        // A bad header spoils its message, but the headers are read to
        // their end, so that the next message is found.
        var problem: String? = nil
        while true {
            guard let line = readLine() else { return .endOfInput }
            if line.isEmpty {
                // Blank lines between messages are tolerated.
                if !sawHeader { continue }
                break
            }
            sawHeader = true
            guard let colon = line.firstIndex(of: ":") else {
                problem = problem ?? "a header line without ':'"
                continue
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                if let n = Int(value), n >= 0 {
                    contentLength = n
                } else {
                    problem = problem ?? "Content-Length is not a number: '\(value.prefix(40))'"
                }
            }
        }
        if let problem { return .malformed(problem) }
        guard let length = contentLength else { return .malformed("a message without Content-Length") }
        if length > maxBody {
            // Read and drop it, so that the next message is found.
            guard skip(length) else { return .endOfInput }
            return .malformed("a message of \(length) bytes, over the limit of \(maxBody)")
        }
        guard let body = take(length) else { return .endOfInput }
        return .message(body)
    }

    /// One header line without its CR LF; nil at the end of input. A line
    /// is at most a few kilobytes: longer is not a header.
    private func readLine() -> String? {
        var line: [UInt8] = []
        while true {
            if position == buffer.count, !fill() { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            let byte = buffer[position]
            position += 1
            if byte == 0x0A {
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            if line.count < 8192 { line.append(byte) }
        }
    }

    private func take(_ count: Int) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if position == buffer.count, !fill() { return nil }
            let n = min(count - out.count, buffer.count - position)
            out.append(contentsOf: buffer[position..<position + n])
            position += n
        }
        return out
    }

    private func skip(_ count: Int) -> Bool {
        var left = count
        while left > 0 {
            if position == buffer.count, !fill() { return false }
            let n = min(left, buffer.count - position)
            position += n
            left -= n
        }
        return true
    }

    /// Reads what is available into the buffer; false at the end of input
    /// or on an error.
    private func fill() -> Bool {
        buffer.removeAll(keepingCapacity: true)
        position = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(input, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
                return true
            }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Writes one message; false when the client no longer reads.
    @discardableResult
    func write(_ message: [String: Any]) -> Bool {
        guard let body = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes]) else { return false }
        let header = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
        writeLock.lock()
        defer { writeLock.unlock() }
        guard !outputClosed else { return false }
        if !writeAll(header) || !writeAll([UInt8](body)) {
            outputClosed = true
            return false
        }
        return true
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(output, $0.baseAddress! + offset, bytes.count - offset) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            return false
        }
        return true
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemRead = Darwin.read
private let systemWrite = Darwin.write
#endif
