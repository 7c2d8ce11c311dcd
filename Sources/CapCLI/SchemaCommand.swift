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
            let near = EditDistance.suggestions(for: kind, among: EntityKindName.allCases.map(\.rawValue), limit: 1)
            Terminal.error("no entity kind '\(kind)'" + (near.first.map { "; did you mean '\($0)'?" } ?? ""))
            throw ExitCode(2)
        }
        Terminal.write(SchemaDocs.describe(EntityKind.named(name)))
    }
}
