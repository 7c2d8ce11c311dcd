#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import CapBase

/// How the CLI talks to the terminal: colour choice and raw writes.
enum Terminal {
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

    /// Colour only on a terminal, and never when NO_COLOR is set (no-color.org)
    /// or TERM is dumb.
    static func palette(_ choice: ColorChoice, fd: Int32 = 1) -> Palette {
        switch choice {
        case .always: return .ansi
        case .never: return .plain
        case .auto:
            if let v = getenv("NO_COLOR"), v.pointee != 0 { return .plain }
            if let t = getenv("TERM"), String(cString: t) == "dumb" { return .plain }
            return isatty(fd) == 1 ? .ansi : .plain
        }
    }

    static func write(_ text: String, to fd: Int32 = 1) {
        var bytes = Array(text.utf8)
        var offset = 0
        bytes.withUnsafeMutableBytes { buffer in
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }

    static func error(_ message: String) {
        write("cap: error: \(message)\n", to: 2)
    }
}
