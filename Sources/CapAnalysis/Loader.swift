import CapBase
import CapSyntax
import CapRuntime

/// Reads the files named on the command line and everything they include.
///
/// Each file is loaded once however it is reached (named, found in a folder,
/// or included), so checking a folder whose entry file includes the others
/// does not define anything twice. Includes must stay inside the folders
/// being checked: a data file in a pull request must not be able to pull
/// /etc/passwd into a public CI log, so such an include is refused unread.
extension Workspace {
    public static func load(paths: [String], limits: Limits = Limits()) -> Workspace {
        let workspace = Workspace(limits: limits)
        workspace.load(paths: paths)
        return workspace
    }

    public func load(paths: [String]) {
        // The parser recurses once per level of nesting (up to its limits).
        DeepStack.run { () -> Void in loadFiles(paths) }
    }

    private func loadFiles(_ paths: [String]) {
        var queue: [(path: String, display: String)] = []
        for path in paths {
            switch FileSystem.kind(path) {
            case .missing:
                usageErrors.append("cannot read '\(Excerpt.forTerminal(path))': \(FileSystem.whyMissing(path).message)")
            case .directory:
                guard let root = FileSystem.realPath(path) else {
                    usageErrors.append("cannot read '\(path)'")
                    continue
                }
                addRoot(root)
                let (files, outside, unreadable) = FileSystem.capFiles(under: path)
                for (folder, failure) in unreadable {
                    diagnostics.add(.error(.unreadableFile,
                                           "cannot read the folder '\(Self.displayPath(folder))': \(failure.message); the files in it were not checked",
                                           at: nil, help: "give cap permission to read it, or check the other folders by name"))
                }
                for link in outside {
                    diagnostics.add(.error(.includeOutsideRoot,
                                           "'\(Self.displayPath(link))' links outside the folder being checked; it was not read",
                                           at: nil, help: "replace the link with the file itself, or check that folder too"))
                }
                if files.isEmpty && outside.isEmpty && unreadable.isEmpty { usageErrors.append("no .cap files found under '\(path)'") }
                queue += files.map { ($0, Self.displayPath($0)) }
            case .file, .other:
                if let real = FileSystem.realPath(path) { addRoot(FileSystem.directoryName(real)) }
                queue.append((path, Self.displayPath(path)))
            }
        }
        var skipped = 0
        var read: [SourceFile] = []
        for (path, display) in queue {
            guard sources.files.count < limits.maxFiles else {
                skipped += 1
                continue
            }
            if let file = readTopLevel(path: path, display: display) { read.append(file) }
        }
        // An editor's buffers that no file on disk stands for yet (a new
        // file never saved, an `untitled:` one): loaded as if named.
        for key in unsavedFiles where sources.file(canonicalPath: key) == nil {
            guard let bytes = sourceOverrides[key], sources.files.count < limits.maxFiles else { continue }
            guard bytes.count <= limits.maxFileBytes else {
                diagnostics.add(.error(.fileTooLarge, "'\(key)' is \(bytes.count) bytes; the limit is \(limits.maxFileBytes) bytes", at: nil))
                continue
            }
            read.append(sources.add(path: key, canonicalPath: key, bytes: bytes))
        }
        parse(read)
        if skipped > 0 {
            diagnostics.add(.error(.tooManyIncludes,
                                   "more than \(DiagnosticReport.grouped(limits.maxFiles)) files to load; \(DiagnosticReport.grouped(skipped)) \(skipped == 1 ? "was" : "were") not read",
                                   at: nil, help: "check fewer folders at once"))
        }
        resolveIncludes()
        reportIncludeCycles()
    }

    private func addRoot(_ root: String) {
        if !roots.contains(root) { roots.append(root) }
    }

    /// "./x.cap" → "x.cap": paths are shown as the user would type them.
    static func displayPath(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }

    /// Reads a file named on the command line (or found in a folder) into
    /// `sources`, to be parsed with the others; nil when it cannot be read
    /// (reported) or was already loaded.
    private func readTopLevel(path: String, display: String) -> SourceFile? {
        guard let real = FileSystem.realPath(path) else {
            usageErrors.append("cannot read '\(Excerpt.forTerminal(display))': \(FileSystem.whyMissing(path).message)")
            return nil
        }
        if sources.file(canonicalPath: real) != nil { return nil }
        do {
            let bytes = try readSource(path, canonical: real)
            return sources.add(path: display, canonicalPath: real, bytes: bytes)
        } catch .tooLarge(let size, let limit) {
            diagnostics.add(.error(.fileTooLarge, "'\(display)' is \(size) bytes; the limit is \(limit) bytes", at: nil))
        } catch {
            usageErrors.append("cannot read '\(Excerpt.forTerminal(display))': \(error.message)")
        }
        return nil
    }

    /// Follows include lines breadth-first; files added while resolving are
    /// resolved in turn. The files one file includes are parsed together.
    private func resolveIncludes() {
        var depth = [Int](repeating: 0, count: trees.count)
        var next = 0
        while next < trees.count {
            let from = FileID(next)
            let tree = trees[next]
            var read: [SourceFile] = []
            for (index, include) in tree.includes.enumerated() {
                let pathRange = SourceRange(file: from, start: include.pathStart, end: include.pathEnd)
                let written = StringLiteral.decode(sources[from].bytes[Int(include.pathStart)..<Int(include.pathEnd)])
                guard let target = resolve(written, from: from, at: pathRange, depth: depth[next], read: &read) else { continue }
                includeEdges.append((from, index, target))
                if Int(target) >= depth.count { depth.append(depth[next] + 1) }
            }
            parse(read)
            next += 1
        }
    }

    private func isInsideRoots(_ real: String) -> Bool {
        roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") })
    }

    /// The .cap file a missing include most likely meant, spelled as the
    /// include would write it: one in the folder the include points into,
    /// a few edits away ('memebrs.cap' for 'members.cap', 'Members.cap'
    /// for 'members.cap'). Only a folder inside the checked folders is
    /// listed: the names of files elsewhere stay out of the message.
    private func nearestInclude(_ written: String, base: String) -> String? {
        let slash = written.lastIndex(of: "/")
        let folderPart = slash.map { String(written[..<$0]) } ?? ""
        let prefix = slash.map { String(written[...$0]) } ?? ""
        let folder = folderPart.isEmpty ? base : FileSystem.join(base, folderPart)
        guard let real = FileSystem.realPath(folder), isInsideRoots(real) else { return nil }
        let candidates = FileSystem.names(in: folder).filter { $0.hasSuffix(".cap") }.sorted().map { prefix + $0 }
        return EditDistance.suggestions(for: written, among: candidates, limit: 1).first
    }

    /// The file an include names, read into `sources` (and appended to
    /// `read`, to be parsed) unless it was loaded before.
    private func resolve(_ written: String, from: FileID, at range: SourceRange, depth: Int,
                         read: inout [SourceFile]) -> FileID? {
        let source = sources[from]
        // Before the file system is touched: a NUL would end the path early
        // in the system call ("x.env\0.cap" opens "x.env"), and a control
        // character in a path is never meant.
        guard !written.unicodeScalars.contains(where: { Excerpt.isControl($0) || Excerpt.isBidiControl($0) }) else {
            diagnostics.add(.error(.includeNotFile, "the include path '\(Excerpt.of(written))' contains a control character",
                                   at: range, label: "not a file name", help: "include only .cap data files, by their plain names"))
            return nil
        }
        guard written.hasSuffix(".cap") else {
            diagnostics.add(.error(.includeNotFile, "'\(written)' is not a .cap file", at: range,
                                   label: "not a .cap file", help: "include only .cap data files"))
            return nil
        }
        // A file's includes are relative to its folder; an editor's buffer
        // that has no path (`untitled:…`) is in none: from the first folder checked.
        let base = source.canonicalPath.hasPrefix("/") ? FileSystem.directoryName(source.canonicalPath)
            : source.canonicalPath.hasPrefix("<") ? FileSystem.directoryName(source.path)
            : roots.first ?? FileSystem.currentDirectory()
        let joined = FileSystem.join(base, written)
        // Whether the include leaves the folders is decided first, on the
        // path as written and on every link on its way, so that the answer
        // is the same whatever exists outside: data must not be able to
        // probe the machine's files by the code it gets.
        guard !leavesRoots(joined) else {
            diagnostics.add(.error(.includeOutsideRoot, "include of '\(Excerpt.of(written))' leaves the folder being checked",
                                   at: range, label: "outside the checked folder; not read",
                                   help: "includes must stay inside the folders named on the command line"))
            return nil
        }
        guard let real = FileSystem.realPath(joined) ?? unsavedFile(joined) else {
            let relative = "paths are relative to the folder of '\(source.path)'"
            let near = nearestInclude(written, base: base)
            diagnostics.add(.error(.includeNotFound, "cannot find included file '\(written)'", at: range,
                                   label: "no such file",
                                   help: near.map { "did you mean '\($0)'? (\(relative))" } ?? relative))
            return nil
        }
        // Containment is decided on the canonical path, after symbolic links,
        // and before a single byte of the target is read.
        guard isInsideRoots(real) else {
            diagnostics.add(.error(.includeOutsideRoot, "include of '\(written)' leaves the folder being checked",
                                   at: range, label: "outside the checked folder; not read",
                                   help: "includes must stay inside the folders named on the command line"))
            return nil
        }
        if let existing = sources.file(canonicalPath: real) { return existing.id }
        if depth + 1 > limits.maxIncludeDepth || sources.files.count >= limits.maxFiles {
            diagnostics.add(.error(.tooManyIncludes,
                                   depth + 1 > limits.maxIncludeDepth
                                       ? "includes are nested more than \(limits.maxIncludeDepth) deep"
                                       : "more than \(DiagnosticReport.grouped(limits.maxFiles)) files are loaded; this one was not read",
                                   at: range))
            return nil
        }
        let display = Self.displayPath(FileSystem.join(FileSystem.directoryName(source.path), written))
        do {
            let bytes = try readSource(real, canonical: real)
            let file = sources.add(path: display, canonicalPath: real, bytes: bytes)
            read.append(file)
            return file.id
        } catch .isDirectory, .notRegularFile {
            diagnostics.add(.error(.includeNotFile, "'\(written)' is not a regular file", at: range))
        } catch .tooLarge(let size, let limit) {
            diagnostics.add(.error(.fileTooLarge, "'\(written)' is \(size) bytes; the limit is \(limit) bytes", at: range))
        } catch {
            diagnostics.add(.error(.unreadableFile, "cannot read '\(written)': \(error.message)", at: range))
        }
        return nil
    }

    /// The unsaved buffer an include names when no file on disk does:
    /// its path with `.` and `..` taken lexically (no link to follow).
    private func unsavedFile(_ path: String) -> String? {
        guard !unsavedFiles.isEmpty else { return nil }
        let absolute = path.hasPrefix("/") ? path : FileSystem.join(FileSystem.currentDirectory(), path)
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        let normal = "/" + parts.joined(separator: "/")
        return unsavedFiles.contains(normal) ? normal : nil
    }

    /// A file's bytes: the editor's text for it when there is one
    /// (`sourceOverrides`), else what is on disk.
    private func readSource(_ path: String, canonical: String) throws(FileSystem.Failure) -> [UInt8] {
        if let text = sourceOverrides[canonical] {
            guard text.count <= limits.maxFileBytes else { throw .tooLarge(size: text.count, limit: limits.maxFileBytes) }
            return text
        }
        // An editor's analysis reads again only the files that changed on
        // disk since the last one (their stamp), as it parses again only
        // those whose bytes changed.
        if let parseCache, let stamp = FileSystem.stamp(canonical) {
            if let kept = parseCache.bytes(canonical, stamp: stamp), kept.count <= limits.maxFileBytes { return kept }
            let bytes = try FileSystem.readFile(path, limit: limits.maxFileBytes)
            // Kept only if the file did not change while it was read.
            if FileSystem.stamp(canonical) == stamp { parseCache.keep(bytes, for: canonical, stamp: stamp) }
            return bytes
        }
        return try FileSystem.readFile(path, limit: limits.maxFileBytes)
    }

    /// Whether `path` leaves every root, found as the kernel would look
    /// it up (links followed, `..` taken after them) but without looking at
    /// anything outside: the walk stops, refused, at the first step that is
    /// neither inside a root nor on the way to one. So the answer is the
    /// same whatever exists outside.
    private func leavesRoots(_ path: String) -> Bool {
        func inside(_ p: String) -> Bool { roots.contains { p == $0 || p.hasPrefix($0 == "/" ? "/" : $0 + "/") } }
        func allowed(_ p: String) -> Bool { inside(p) || roots.contains { $0.hasPrefix(p + "/") } }
        let absolute = path.hasPrefix("/") ? path : FileSystem.join(FileSystem.currentDirectory(), path)
        var parts = Array(absolute.split(separator: "/").reversed())
        var current = ""  // "" is "/"
        var links = 0
        while let part = parts.popLast() {
            if part == "." { continue }
            if part == ".." {
                current = current.isEmpty ? "" : String(current[..<(current.lastIndex(of: "/") ?? current.startIndex)])
                continue
            }
            let candidate = current + "/" + part
            guard allowed(candidate) else { return true }
            guard let target = FileSystem.linkTarget(candidate) else {
                current = candidate
                continue
            }
            // 40, the kernel's own limit on links in one lookup.
            links += 1
            guard links <= 40 else { return true }
            if target.hasPrefix("/") { current = "" }
            parts += target.split(separator: "/").reversed()
        }
        return !inside(current.isEmpty ? "/" : current)
    }

    /// A cycle is harmless to loading (each file loads once) but is almost
    /// always a mistake, and would make "the file that defines X" ambiguous.
    private func reportIncludeCycles() {
        var edges = [[(include: Int, to: FileID)]](repeating: [], count: trees.count)
        for e in includeEdges { edges[Int(e.from)].append((e.include, e.to)) }
        var state = [UInt8](repeating: 0, count: trees.count)  // 0 new, 1 on stack, 2 done
        var stack: [(file: FileID, next: Int)] = []
        for start in 0..<trees.count where state[start] == 0 {
            stack.append((FileID(start), 0))
            state[start] = 1
            while let top = stack.last {
                let outgoing = edges[Int(top.file)]
                if top.next == outgoing.count {
                    state[Int(top.file)] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let edge = outgoing[top.next]
                switch state[Int(edge.to)] {
                case 0:
                    state[Int(edge.to)] = 1
                    stack.append((edge.to, 0))
                case 1:
                    reportCycle(stack: stack.map(\.file), closingFrom: top.file, include: edge.include, to: edge.to)
                default: break
                }
            }
        }
    }

    private func reportCycle(stack: [FileID], closingFrom: FileID, include: Int, to: FileID) {
        let node = trees[Int(closingFrom)].includes[include]
        let range = SourceRange(file: closingFrom, start: node.pathStart, end: node.pathEnd)
        let cycle = Array(stack.drop { $0 != to })
        let chain = (cycle + [to]).map { "'\(sources[$0].path)'" }.joined(separator: " → ")
        diagnostics.add(.error(.includeCycle, "include cycle: \(chain)", at: range,
                               label: "this include closes the cycle",
                               help: "each file is loaded once; remove one of the includes"))
    }
}
