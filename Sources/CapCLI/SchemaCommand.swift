import ArgumentParser
import CapBase
import CapSchema

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Show the entity kinds and their fields, or one kind's fields."
    )

    @Argument(help: "An entity kind, e.g. law.")
    var kind: String?

    func run() throws {
        guard let kind else {
            Terminal.write(SchemaDocs.overview())
            return
        }
        guard let name = EntityKindName(rawValue: kind) else {
            let near = Self.nearest(kind)
            Terminal.error("no entity kind '\(kind)'" + (near.map { "; did you mean '\($0)'?" } ?? "")
                           + (near == nil ? " (cap schema lists them)" : ""))
            throw ExitCode(2)
        }
        Terminal.write(SchemaDocs.describe(EntityKind.named(name)))
    }

    /// The kind meant by a mistyped name. The thirteen kinds are few and
    /// far apart, so a short name one edit away ('lw', 'mpa') or the start
    /// of one ('pub') is a safe guess when only one kind fits, where the
    /// general suggestion (no guess under three letters) stays silent.
    static func nearest(_ word: String) -> String? {
        let kinds = EntityKindName.allCases.map(\.rawValue)
        if let near = EditDistance.suggestions(for: word, among: kinds, limit: 1).first { return near }
        let lower = word.lowercased()
        guard lower.count >= 2 else { return nil }
        let prefixed = kinds.filter { $0.hasPrefix(lower) }
        if prefixed.count == 1 { return prefixed[0] }
        let oneEdit = kinds.filter { EditDistance.distance(lower, $0) == 1 }
        return oneEdit.count == 1 ? oneEdit[0] : nil
    }
}
