import ArgumentParser
import CapBase
import CapValues
import CapSyntax
import CapSchema
import CapRuntime
import CapEval
import CapPublish

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Write events, law stages, members joining and publications in one chronological order.",
        discussion: """
            Partial dates keep their precision ("Mar 2017", never an invented day).
            In iCalendar, timed events are in UTC and month-only events are all-day
            events spanning the month, marked X-CAP-PRECISION:month.
            """
    )

    @Option(help: "Keep entries on or after this date (2017, 2017-03 or 2017-03-14).") var from: String?
    @Option(help: "Keep entries on or before this date.") var to: String?
    @Option(help: "Keep entries in this country or subdivision (ISO code), its subdivisions included; repeatable.") var country: [String] = []
    @Option(help: "Keep entries with this tag id; repeatable.") var tag: [String] = []
    @Option(help: "Keep entries of this campaign id; repeatable.") var campaign: [String] = []
    @Option(help: "Keep entries of this kind: event, law, member, publication, statement, or a declared kind; repeatable.") var kind: [String] = []
    @Option(help: TimelineFormat.help) var format: TimelineFormat = .standard
    @OptionGroup var language: LanguageOption
    @OptionGroup var options: PublishOptions

    /// Checked while parsing, so that a bad value is a usage error shown
    /// with this command's usage (exit status 2).
    func validate() throws {
        _ = try filter()
    }

    func filter() throws -> Timeline.Filter {
        var filter = Timeline.Filter()
        func date(_ text: String?, _ option: String) throws -> CapDate? {
            guard let text else { return nil }
            guard let d = try? CapDate.parse(text) else { throw ValidationError("--\(option) takes a date such as 2017-03, not '\(text)'") }
            return d
        }
        filter.from = try date(from, "from")
        filter.to = try date(to, "to")
        if let a = filter.from, let b = filter.to, a.firstDay > b.lastDay {
            throw ValidationError("--from \(a) is after --to \(b); nothing could be in between")
        }
        for c in country {
            guard let j = Jurisdictions.lookup(c) else { throw ValidationError("--country: unknown country '\(c)'") }
            filter.countries.append(j.code)
        }
        filter.tags = tag
        filter.campaigns = campaign
        // Data may declare kinds with timeline entries: a word no built-in
        // kind has is checked once the data is read (`run`).
        let known = Timeline.kindWords(Schema.builtIn)
        for k in kind where !k.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) || k.isEmpty {
            throw ValidationError("--kind takes a kind such as " + known.joined(separator: ", ") + ", not '\(k)'")
        }
        filter.kinds = kind
        return filter
    }

    func run() throws {
        let filter = try filter()
        let (workspace, program) = options.loadAndCheck()
        // A mistyped tag or campaign would otherwise keep nothing, and an
        // empty timeline looks like a true answer. Said first, as the
        // command line's other mistakes are, when the data can be read.
        if !workspace.diagnostics.hasErrors {
            let kinds = Timeline.kindWords(workspace.schema)
            for k in kind where !kinds.contains(k) {
                throw LateUsageError(command: Self.self, message: "--kind takes " + kinds.joined(separator: ", ") + ", not '\(k)'")
            }
            for (option, ids, kind) in [("tag", tag, EntityKindName.tag), ("campaign", campaign, .campaign)] {
                for id in ids where program.model.entity(named: id).map(program.model.kind) != kind {
                    throw LateUsageError(command: Self.self, message: "--\(option): no \(kind.rawValue) has the id '\(id)'")
                }
            }
        }
        try Publishing.requireClean(workspace, color: options.color)
        let entries = Timeline.entries(program.model, filter: filter)
        if let refuse = format.format.refuse, let problem = refuse(TimelineSelection(entries), program.model, nil) {
            workspace.diagnostics.add(problem)
            try Publishing.requireClean(workspace, color: options.color)
        }
        let title = language.language.labels.timeline
        let text = format.format.text(timeline: entries, title: title, stamp: Publishing.stamp(), language: language.language,
                                      model: program.model)
        try Publishing.emit(text, format: format.format.name, to: options.output, workspace: workspace)
    }
}
