import Foundation

/// `file:` URIs and paths. Clients encode them differently (VS Code
/// escapes `:` and spaces, Neovim leaves most characters alone), so a URI
/// is compared by the path it decodes to, and replies about an open file
/// reuse the client's own spelling (`Snapshot.openURIs`).
enum URIs {
    /// The path of a `file:` URI; nil for any other scheme.
    static func path(_ uri: String) -> String? {
        guard uri.hasPrefix("file:") else { return nil }
        var rest = Substring(uri.dropFirst(5))
        // file:///path, or file://host/path with an empty or local host.
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let host = rest[..<slash]
            guard host.isEmpty || host == "localhost" else { return nil }
            rest = rest[slash...]
        }
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        return String(rest).removingPercentEncoding
    }

    /// A buffer the editor has never saved (VS Code's `untitled:Untitled-1`):
    /// analysed under its URI, which stands for its path.
    static func isUntitled(_ uri: String) -> Bool { uri.hasPrefix("untitled:") }

    /// The `file:` URI of an absolute path, escaping what RFC 3986 does
    /// not allow in a path.
    static func uri(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~!$&'()*+,;=@")
        return "file://" + (path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path)
    }
}
