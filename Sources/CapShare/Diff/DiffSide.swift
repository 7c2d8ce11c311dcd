#if canImport(Glibc)
import Glibc
#endif
import CapValues
import CapRuntime
import CapAnalysis
import CapEval
import CapPublish

/// One side of `cap diff`: a folder (or file) on disk, a git revision of
/// the repository around the current folder, or — when only the old side
/// is given — the working tree, loaded and checked as `cap check` does.
package struct DiffSide {
    package struct Failure: Error, Sendable {
        package let message: String
    }

    /// How the side is named in the output: the folder or the revision.
    package let label: String
    package let workspace: Workspace
    package let program: Program
    /// The statistics of each declared report, by report id
    /// (`DataDiff.figures`): made as the side is loaded, on the thread that
    /// loads it, since a side's reports cost more than its check and the
    /// two sides share nothing. Empty for a side with errors unless
    /// `load` is told to compare anyway.
    package let figures: [String: [String: String]]
    /// Every entity's id, in the model's order: made on the side's thread too.
    package let ids: [String]

    /// Whether `spec` names a folder or file on disk, which `load` reads
    /// where it is (not a revision, not the working tree).
    package static func isOnDisk(_ spec: String?) -> Bool {
        spec.map { FileSystem.kind($0) != .missing } ?? false
    }

    /// `spec`: a path or a revision; nil for the working tree. `paths`
    /// narrows a revision or the working tree to some folders (default:
    /// the current folder).
    ///
    /// `workers`: the threads the side may use to parse and to read its
    /// reports' entries; two sides loaded at once share the processors
    /// (each with all of them, the four threads on two processors were a
    /// twentieth slower on 100,000 events).
    package static func load(_ spec: String?, paths: [String], today: CapDate, allowErrors: Bool = false,
                             workers: Int = DeepStack.defaultWorkers) throws(Failure) -> DiffSide {
        let (label, workspace) = try read(spec, paths: paths, workers: workers)
        return check(workspace, label: label, today: today, allowErrors: allowErrors, workers: workers)
    }

    /// The side's files, loaded but not checked. A revision is loaded from
    /// inside a temporary folder (a change of the process's current
    /// folder), so revisions and the working tree are read one by one.
    package static func read(_ spec: String?, paths: [String],
                             workers: Int = DeepStack.defaultWorkers) throws(Failure) -> (label: String, workspace: Workspace) {
        let workspace: Workspace
        let label: String
        if let spec, FileSystem.kind(spec) != .missing {
            workspace = Workspace()
            workspace.parseWorkers = workers
            workspace.load(paths: [spec])
            label = spec
        } else if let spec {
            let files: [(path: String, bytes: [UInt8])]
            do { files = try GitRevision.capFiles(at: spec, paths: paths) } catch { throw Failure(message: error.message) }
            guard !files.isEmpty else {
                throw Failure(message: "revision '\(spec)' has no .cap files under \(paths.isEmpty ? "the current folder" : paths.joined(separator: ", "))")
            }
            workspace = try loadRevision(files)
            label = spec
        } else {
            workspace = Workspace.load(paths: paths.isEmpty ? ["."] : paths)
            label = "working tree"
        }
        if let first = workspace.usageErrors.first { throw Failure(message: first) }
        return (label, workspace)
    }

    /// Checks a side read by `read`, and makes its reports' figures unless
    /// it has errors and `allowErrors` is false (nothing is then compared).
    /// Sides share nothing: two may be checked at once.
    package static func check(_ workspace: Workspace, label: String, today: CapDate, allowErrors: Bool,
                              workers: Int = DeepStack.defaultWorkers) -> DiffSide {
        let program = workspace.check(today: today)
        let figures = workspace.diagnostics.hasErrors && !allowErrors ? [:] : DataDiff.figures(program, workers: workers)
        let model = program.model
        return DiffSide(label: label, workspace: workspace, program: program, figures: figures,
                        ids: (0..<model.table.count).map(model.entityID))
    }

    /// A revision's files are written to a private temporary folder with
    /// their paths, loaded from there as a folder is (includes and all),
    /// and removed: the loader's rules on paths and includes hold as they
    /// do for files on disk. The load runs in that folder, so that the
    /// files are shown by their paths in the repository.
    private static func loadRevision(_ files: [(path: String, bytes: [UInt8])]) throws(Failure) -> Workspace {
        var template = Array("/tmp/cap-diff-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw Failure(message: "cannot make a temporary folder: \(String(cString: strerror(errno)))") }
        let root = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { removeTree(root) }
        for file in files {
            let path = root + "/" + file.path
            FileSystem.makeDirectories(FileSystem.directoryName(path))
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw Failure(message: "cannot write a temporary copy of \(file.path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let problem = file.bytes.withUnsafeBytes { buffer -> FileSystem.Failure? in
                do throws(FileSystem.Failure) { try FileSystem.writeAll(fd, buffer); return nil } catch { return error }
            }
            if let problem { throw Failure(message: "cannot write a temporary copy of \(file.path): \(problem.message)") }
        }
        let here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard here >= 0, chdir(root) == 0 else { throw Failure(message: "cannot enter the temporary folder") }
        let workspace = Workspace.load(paths: ["."])
        _ = fchdir(here)
        close(here)
        return workspace
    }

    private static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFDIR {
            for name in FileSystem.names(in: path) where name != "." && name != ".." { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
