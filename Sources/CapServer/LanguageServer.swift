import Foundation
import CapBase
import CapRuntime

/// `cap lsp`: a Language Server Protocol 3.17 server for one workspace
/// folder, over a pair of file descriptors (standard input and output).
///
/// Three threads: this one reads messages and applies document changes at
/// once (so they are never queued behind a slow request); the analyser
/// analyses the newest documents (`Analyzer`); a request thread answers
/// requests in order, each from an analysis at least as new as the
/// documents were when the request arrived. `exit` or the end of input
/// ends the process.
public final class LanguageServer: @unchecked Sendable {
    let channel: MessageChannel
    private var analyzer: Analyzer?
    private let queue = NSCondition()
    private var pending: [(id: Any, method: String, params: JSONObject, generation: Int)] = []
    private var cancelled: Set<String> = []
    /// The newest fresh analysis whose diagnostics are not yet published.
    /// Published from the request thread, as everything that reads an
    /// analysis is: its `SourceManager` fills its line tables lazily and is
    /// not for two threads at once.
    private var toPublish: Snapshot?
    private var initialized = false
    private var shuttingDown = false
    /// Files diagnostics were last published for, by URI, with how many.
    private var published: [String: Int] = [:]
    /// initializationOptions.diagnosticsURL: where codes link to.
    var diagnosticsURL: String?
    /// Whether the client takes markdown in hovers.
    var markdown = true

    /// The version `initialize` reports (the CLI owns it).
    let version: String

    /// Where definitions of built-in kinds and fields land.
    let prelude: PreludeSource

    public init(input: Int32 = 0, output: Int32 = 1, version: String) {
        channel = MessageChannel(input: input, output: output)
        self.version = version
        prelude = PreludeSource(version: version)
    }

    /// Serves until `exit` or the end of input; returns the exit status
    /// (0 after `shutdown`, 1 otherwise, as the protocol asks).
    public func run() -> Int32 {
        let worker = Thread { [self] in DeepStack.run { self.serveRequests() } }
        worker.name = "cap-requests"
        worker.start()
        while true {
            switch channel.read() {
            case .endOfInput:
                return finish()
            case .malformed(let why):
                reply(error: ErrorCode.parseError, "cannot read the message: \(why)", id: NSNull())
            case .message(let body):
                if receive(body) { return finish() }
            }
        }
    }

    private func finish() -> Int32 {
        analyzer?.stop()
        queue.lock()
        let status: Int32 = shuttingDown ? 0 : 1
        queue.unlock()
        return status
    }

    /// Handles one message on the reading thread; true for `exit`.
    private func receive(_ body: [UInt8]) -> Bool {
        guard let decoded = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            reply(error: ErrorCode.parseError, "the message is not JSON", id: NSNull())
            return false
        }
        guard let message = decoded as? JSONObject else {
            // A batch (an array) is JSON-RPC but not the protocol's.
            reply(error: ErrorCode.invalidRequest, "a message must be a JSON object", id: NSNull())
            return false
        }
        let id = message["id"]
        guard let method = message["method"] as? String else {
            // A response to a request of ours (we send none that need one), or junk.
            if id == nil || message["result"] != nil || message["error"] != nil { return false }
            reply(error: ErrorCode.invalidRequest, "a request needs a method", id: id!)
            return false
        }
        let params = message["params"] as? JSONObject ?? [:]
        guard let id else {
            return notify(method, params)
        }
        guard id is String || id is NSNumber else {
            reply(error: ErrorCode.invalidRequest, "a request's id is a number or a string", id: NSNull())
            return false
        }
        queue.lock()
        let isInitialized = initialized, isShuttingDown = shuttingDown
        queue.unlock()
        if method == "initialize" {
            if isInitialized {
                reply(error: ErrorCode.invalidRequest, "initialize was already sent", id: id)
            } else {
                initialize(id: id, params)
            }
            return false
        }
        guard isInitialized else {
            reply(error: ErrorCode.serverNotInitialized, "the first request must be initialize", id: id)
            return false
        }
        guard !isShuttingDown else {
            reply(error: ErrorCode.invalidRequest, "the server is shutting down", id: id)
            return false
        }
        if method == "shutdown" {
            queue.lock()
            shuttingDown = true
            queue.unlock()
        }
        enqueue(id: id, method: method, params: params)
        return false
    }

    private func enqueue(id: Any, method: String, params: JSONObject) {
        let generation = analyzer?.currentGeneration ?? 0
        queue.lock()
        pending.append((id, method, params, generation))
        queue.signal()
        queue.unlock()
    }

    /// Notifications: document changes, applied at once. Unknown ones are
    /// ignored, as the protocol asks.
    private func notify(_ method: String, _ params: JSONObject) -> Bool {
        do {
            switch method {
            case "exit":
                return true
            case "$/cancelRequest":
                if let id = params["id"] {
                    queue.lock()
                    cancelled.insert("\(id)")
                    queue.unlock()
                }
            case "textDocument/didOpen":
                let item = try params.object("textDocument")
                let uri = try item.string("uri")
                let text = try item.string("text")
                let version = (try? item.int("version")) ?? 0
                guard let path = Self.canonicalPath(uri) else { return false }
                try analyzer?.update { documents in
                    documents[path] = Document(uri: uri, path: path, version: version, bytes: Array(text.utf8))
                }
            case "textDocument/didChange":
                let item = try params.object("textDocument")
                let uri = try item.string("uri")
                guard let path = Self.canonicalPath(uri) else { return false }
                let changes = params.array("contentChanges").compactMap { $0 as? JSONObject }
                try analyzer?.update { documents throws(InvalidParams) in
                    // A change to a file never opened cannot be applied to
                    // anything: ignored.
                    guard var document = documents[path] else { return }
                    for change in changes { try document.apply(change) }
                    if let version = try? item.int("version") { document.version = version }
                    documents[path] = document
                }
            case "textDocument/didClose":
                let uri = try params.object("textDocument").string("uri")
                guard let path = Self.canonicalPath(uri) else { return false }
                try analyzer?.update { documents in documents[path] = nil }
            case "textDocument/didSave", "workspace/didChangeWatchedFiles":
                analyzer?.invalidate()
            default:
                break
            }
        } catch {
            // A notification has no reply: a malformed one is dropped.
        }
        return false
    }

    /// The canonical path of a `file:` URI (the file's real path when it
    /// exists, so that a link and its target are one document); an
    /// `untitled:` URI (a buffer never saved) is its own key.
    static func canonicalPath(_ uri: String) -> String? {
        if URIs.isUntitled(uri) { return uri }
        guard let path = URIs.path(uri), path.hasPrefix("/") else { return nil }
        return FileSystem.realPath(path) ?? path
    }

    private func initialize(id: Any, _ params: JSONObject) {
        var root: String? = nil
        if let folders = params["workspaceFolders"] as? [Any], let first = folders.first as? JSONObject,
           let uri = first["uri"] as? String {
            root = Self.canonicalPath(uri)
        } else if let uri = params["rootUri"] as? String {
            root = Self.canonicalPath(uri)
        } else if let path = params["rootPath"] as? String {
            root = FileSystem.realPath(path)
        }
        if let options = params["initializationOptions"] as? JSONObject {
            diagnosticsURL = options["diagnosticsURL"] as? String
        }
        let formats = ((params["capabilities"] as? JSONObject)?["textDocument"] as? JSONObject)
            .flatMap { ($0["hover"] as? JSONObject)?["contentFormat"] as? [String] }
        if let formats, !formats.contains("markdown") { markdown = false }
        let analyzer = Analyzer(root: root.flatMap { FileSystem.kind($0) == .directory ? $0 : nil }, ignoring: prelude.path) { [weak self] snapshot in
            guard let self else { return }
            self.queue.lock()
            self.toPublish = snapshot
            self.queue.signal()
            self.queue.unlock()
        }
        self.analyzer = analyzer
        analyzer.start()
        analyzer.invalidate()
        queue.lock()
        initialized = true
        queue.unlock()
        reply(result: [
            "capabilities": Self.capabilities,
            "serverInfo": ["name": "cap", "version": version],
        ] as JSONObject, id: id)
    }


    // MARK: Requests

    private func serveRequests() {
        while true {
            queue.lock()
            while pending.isEmpty && toPublish == nil { queue.wait() }
            if let snapshot = toPublish {
                toPublish = nil
                queue.unlock()
                publishDiagnostics(snapshot)
                continue
            }
            let request = pending.removeFirst()
            let wasCancelled = cancelled.remove("\(request.id)") != nil
            if pending.isEmpty { cancelled.removeAll() }
            queue.unlock()
            if wasCancelled {
                reply(error: ErrorCode.requestCancelled, "cancelled", id: request.id)
                continue
            }
            answer(request.id, request.method, request.params, generation: request.generation)
        }
    }

    private func answer(_ id: Any, _ method: String, _ params: JSONObject, generation: Int) {
        if method == "shutdown" {
            reply(result: NSNull(), id: id)
            return
        }
        guard let handler = Self.handlers[method] else {
            reply(error: ErrorCode.methodNotFound, "cap lsp does not handle '\(method)'", id: id)
            return
        }
        guard let snapshot = analyzer?.snapshot(atLeast: generation) else {
            reply(error: ErrorCode.requestFailed, "the workspace could not be analysed", id: id)
            return
        }
        do {
            reply(result: try handler(snapshot, params, self), id: id)
        } catch let failure as RequestFailure {
            reply(error: ErrorCode.requestFailed, failure.message, id: id)
        } catch let invalid as InvalidParams {
            reply(error: ErrorCode.invalidParams, invalid.message, id: id)
        } catch {
            reply(error: ErrorCode.internalError, "\(error)", id: id)
        }
    }

    typealias Handler = @Sendable (Snapshot, JSONObject, LanguageServer) throws -> Any

    /// Every request the server answers, by method.
    static let handlers: [String: Handler] = [
        "textDocument/hover": { s, p, server in try s.hover(p, markdown: server.markdown) },
        "textDocument/definition": { s, p, server in try s.definition(p, prelude: server.prelude) },
        "textDocument/declaration": { s, p, server in try s.definition(p, prelude: server.prelude) },
        "textDocument/references": { s, p, _ in try s.references(p) },
        "textDocument/documentHighlight": { s, p, _ in try s.highlights(p) },
        "textDocument/prepareRename": { s, p, _ in try s.prepareRename(p) },
        "textDocument/rename": { s, p, _ in try s.rename(p) },
        "textDocument/completion": { s, p, _ in try s.completion(p) },
        "textDocument/documentSymbol": { s, p, _ in try s.documentSymbols(p) },
        "workspace/symbol": { s, p, _ in try s.workspaceSymbols(p) },
        "textDocument/foldingRange": { s, p, _ in try s.foldingRanges(p) },
        "textDocument/semanticTokens/full": { s, p, _ in try s.semanticTokens(p) },
        "textDocument/codeAction": { s, p, _ in try s.codeActions(p) },
        "textDocument/formatting": { s, p, _ in try s.formatting(p) },
    ]

    static var capabilities: JSONObject {
        [
            "positionEncoding": "utf-16",
            "textDocumentSync": ["openClose": true, "change": 2, "save": ["includeText": false]] as JSONObject,
            "hoverProvider": true,
            "definitionProvider": true,
            "declarationProvider": true,
            "referencesProvider": true,
            "documentHighlightProvider": true,
            "renameProvider": ["prepareProvider": true] as JSONObject,
            "completionProvider": ["triggerCharacters": [" ", "|", ".", "\""], "resolveProvider": false] as JSONObject,
            "documentSymbolProvider": true,
            "workspaceSymbolProvider": true,
            "foldingRangeProvider": true,
            "semanticTokensProvider": [
                "legend": ["tokenTypes": SemanticTokens.types, "tokenModifiers": SemanticTokens.modifiers] as JSONObject,
                "full": true, "range": false,
            ] as JSONObject,
            "codeActionProvider": ["codeActionKinds": ["quickfix"]] as JSONObject,
            "documentFormattingProvider": true,
        ]
    }

    // MARK: Writing

    func reply(result: Any, id: Any) {
        channel.write(["jsonrpc": "2.0", "id": id, "result": result])
    }

    func reply(error code: Int, _ message: String, id: Any) {
        channel.write(["jsonrpc": "2.0", "id": id, "error": ["code": code, "message": message] as JSONObject])
    }

    func notify(client method: String, _ params: JSONObject) {
        channel.write(["jsonrpc": "2.0", "method": method, "params": params])
    }

    /// Publishes the diagnostics of every file the analysis loaded that
    /// has some, is open, or had some last time (to clear them). On the
    /// request thread only.
    private func publishDiagnostics(_ snapshot: Snapshot) {
        let byURI = snapshot.diagnostics(linkingTo: diagnosticsURL)
        var uris = Set(byURI.keys).union(published.keys).union(snapshot.openURIs.values)
        // Files with nothing before and nothing now need no message.
        uris = uris.filter { (byURI[$0]?.count ?? 0) > 0 || (published[$0] ?? 0) > 0 || snapshot.openURIs.values.contains($0) }
        var now: [String: Int] = [:]
        for uri in uris.sorted() {
            let list = byURI[uri] ?? []
            var params: JSONObject = ["uri": uri, "diagnostics": list]
            if let version = snapshot.versions[uri] { params["version"] = version }
            notify(client: "textDocument/publishDiagnostics", params)
            if !list.isEmpty { now[uri] = list.count }
        }
        published = now
    }
}

/// A request that cannot be answered as asked (a rename to a name that is
/// taken): the client shows the message.
struct RequestFailure: Error {
    let message: String
}
