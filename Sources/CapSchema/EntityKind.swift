/// The names of the entity kinds, as written at the start of a declaration.
public enum EntityKindName: String, Sendable, CaseIterable, Hashable {
    case coalition, member, partner, person, event, campaign, publication, statement, law, tag
    /// Outputs the data declares, written by `cap build`.
    case report, timeline, map

    /// `allCases` builds a new array on each call; the hot paths use these.
    public static let ordered: [EntityKindName] = allCases

    public var index: Int {
        switch self {
        case .coalition: 0
        case .member: 1
        case .partner: 2
        case .person: 3
        case .event: 4
        case .campaign: 5
        case .publication: 6
        case .statement: 7
        case .law: 8
        case .tag: 9
        case .report: 10
        case .timeline: 11
        case .map: 12
        }
    }
}

/// The schema of one entity kind: what its header name means and which
/// fields its block may hold.
public struct EntityKind: Sendable {
    public let name: EntityKindName
    public let doc: String
    /// What the string after the id is, e.g. "name" or "title".
    public let headerName: String
    public let fields: [FieldSpec]

    public func field(named name: String) -> FieldSpec? { fields.first { $0.name == name } }
}

extension EntityKind {
    private static let organisations: [EntityKindName] = [.coalition, .member, .partner]

    public static let coalition = EntityKind(
        name: .coalition, doc: "The coalition itself.", headerName: "name",
        fields: [
            FieldSpec("full_name", .string, "Full legal name."),
            FieldSpec("founded", .date, "When the coalition was founded."),
            FieldSpec("country", .jurisdiction, "Where its secretariat is."),
            FieldSpec("city", .string, "City of its secretariat."),
            FieldSpec("website", .url, "Home page."),
            FieldSpec("email", .email, "Contact address."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("figure", .record(.figure), list: true, "A figure it declared, e.g. its number of members on a date."),
        ])

    public static let member = EntityKind(
        name: .member, doc: "A member organisation of the coalition.", headerName: "name",
        fields: [
            FieldSpec("country", .jurisdiction, required: true, "Where the organisation works."),
            FieldSpec("joined", .date, "When it joined the coalition."),
            FieldSpec("left", .date, "When it left the coalition."),
            FieldSpec("city", .string, "City of its main office."),
            FieldSpec("website", .url, "Home page."),
            FieldSpec("aka", .string, list: true, "Other names and spellings."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let partner = EntityKind(
        name: .partner, doc: "A partner: a network, NGO, institution or government body.", headerName: "name",
        fields: [
            FieldSpec("kind", .enumeration(.partnerKind), "What sort of partner it is."),
            FieldSpec("country", .jurisdiction, "Where it is based, if national."),
            FieldSpec("city", .string, "City of its office."),
            FieldSpec("website", .url, "Home page."),
            FieldSpec("aka", .string, list: true, "Other names, acronyms and spellings."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let person = EntityKind(
        name: .person, doc: "A person: survivor leader, ambassador, official, staff or board member.",
        headerName: "name",
        fields: [
            FieldSpec("country", .jurisdiction, "The country they are from or work in."),
            FieldSpec("survivor", .boolean, "A survivor of prostitution or trafficking who speaks as such."),
            FieldSpec("role", .record(.role), list: true, "A role held, with its organisation and dates."),
            FieldSpec("aka", .string, list: true, "Other spellings of the name."),
            FieldSpec("website", .url, "Home page or profile."),
            FieldSpec("description", .string, "One paragraph about them."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let event = EntityKind(
        name: .event, doc: "An activity: conference, side event, meeting, visit, launch…", headerName: "title",
        fields: [
            FieldSpec("date", .when, required: true, "When: 2017-03, 2017-03-14, 2021-06-22 12:00 CEST or a range a..b."),
            FieldSpec("kind", .enumeration(.eventKind), "What sort of event."),
            FieldSpec("city", .string, "Where it took place."),
            FieldSpec("country", .jurisdiction, "The country it took place in."),
            FieldSpec("online", .boolean, "Held online."),
            FieldSpec("languages", .language, list: true, "Languages offered, e.g. en, fr."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags, declared with `tag`."),
            FieldSpec("organisers", .reference([.coalition, .member, .partner, .person]), list: true, "Who organised it."),
            FieldSpec("cosponsors", .referenceOrJurisdiction([.coalition, .member, .partner]), list: true, "Co-sponsoring states (ISO codes) or organisations."),
            FieldSpec("partners", .reference([.coalition, .member, .partner]), list: true, "Organisations it was held with or in cooperation with."),
            FieldSpec("participants", .reference([.coalition, .member, .partner]), list: true, "Organisations that took part (a presentation, a meeting) without organising it."),
            FieldSpec("speakers", .reference([.person]), list: true, "Speakers and panelists."),
            FieldSpec("moderators", .reference([.person]), list: true, "Moderators."),
            FieldSpec("met", .reference([.person]), list: true, "Officials or parliamentarians met."),
            FieldSpec("campaign", .reference([.campaign]), list: true, "Campaigns it belongs to."),
            FieldSpec("url", .url, "Page about it."),
            FieldSpec("description", .string, "One paragraph about it."),
        ])

    public static let campaign = EntityKind(
        name: .campaign, doc: "A campaign or programme, such as Last Girl First or EXIT.", headerName: "name",
        fields: [
            FieldSpec("started", .date, "When it started."),
            FieldSpec("ended", .date, "When it ended."),
            FieldSpec("lead", .reference(organisations), "The organisation leading it."),
            FieldSpec("consortium", .reference([.coalition, .member, .partner]), list: true, "Organisations carrying it out."),
            FieldSpec("countries", .jurisdiction, list: true, "Countries it works in."),
            FieldSpec("hashtag", .string, "Its hashtag, e.g. \"#LastGirlFirst\"."),
            FieldSpec("website", .url, "Page about it."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let publication = EntityKind(
        name: .publication, doc: "A publication: handbook, report, guide, infographic…", headerName: "title",
        fields: [
            FieldSpec("date", .date, "When it was published."),
            FieldSpec("kind", .enumeration(.publicationKind), "What sort of publication."),
            FieldSpec("languages", .language, list: true, "Languages it is available in."),
            FieldSpec("pages", .integer(min: 1), "Number of pages."),
            FieldSpec("authors", .reference([.person, .coalition, .member, .partner]), list: true, "Authors."),
            FieldSpec("publisher", .reference(organisations), "Who published it."),
            FieldSpec("partners", .reference(organisations), list: true, "Who commissioned it or worked on it."),
            FieldSpec("campaign", .reference([.campaign]), list: true, "Campaigns it belongs to."),
            FieldSpec("url", .url, "Where to read it."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let statement = EntityKind(
        name: .statement, doc: "A press release, joint statement, open letter or keynote.", headerName: "title",
        fields: [
            FieldSpec("date", .when, required: true, "When it was issued."),
            FieldSpec("kind", .enumeration(.statementKind), "What sort of statement."),
            FieldSpec("signatories", .reference([.coalition, .member, .partner, .person]), list: true, "Who signed it."),
            FieldSpec("signatory_count", .integer(min: 1), "How many signed it, when not all are listed."),
            FieldSpec("languages", .language, list: true, "Languages it was issued in."),
            FieldSpec("about", .jurisdiction, list: true, "Countries it is about."),
            FieldSpec("laws", .reference([.law]), list: true, "Laws it is about."),
            FieldSpec("campaign", .reference([.campaign]), list: true, "Campaigns it belongs to."),
            FieldSpec("url", .url, "Where to read it."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let law = EntityKind(
        name: .law, doc: "A law on prostitution in one jurisdiction, with its stages.", headerName: "title",
        fields: [
            FieldSpec("jurisdiction", .jurisdiction, required: true, "The country or territory it applies in (GB-NIR has its own)."),
            FieldSpec("model", .enumeration(.legalModel), required: true, "The legal model it puts in place."),
            FieldSpec("local_title", .string, "The title in the country's language."),
            FieldSpec("bill", .date, "When the bill was introduced."),
            FieldSpec("approved", .date, "When the government approved the bill."),
            FieldSpec("passed", .date, "When parliament passed it."),
            FieldSpec("in_force", .date, "When it entered into force."),
            FieldSpec("amended", .date, list: true, "When it was amended."),
            FieldSpec("repealed", .date, "When it was repealed."),
            FieldSpec("supersedes", .reference([.law]), "An earlier law this one replaces."),
            FieldSpec("source", .url, list: true, "Where the facts come from."),
            FieldSpec("figure", .record(.figure), list: true, "An evaluation figure, e.g. fines issued."),
            FieldSpec("description", .string, "One paragraph about it."),
            FieldSpec("tags", .reference([.tag]), list: true, "Tags."),
        ])

    public static let tag = EntityKind(
        name: .tag, doc: "A tag that events, publications and others can carry.", headerName: "label",
        fields: [
            FieldSpec("description", .string, "What the tag means."),
        ])

    public static let report = EntityKind(
        name: .report, doc: "A report `cap build` writes: a period's activities, statistics, laws and publications.", headerName: "title",
        fields: [
            FieldSpec("period", .when, required: true, "The period: 2017, 2017-03 or 2017-01..2017-06."),
            FieldSpec("format", .enumeration(.reportFormat), required: true, "md, html or json."),
            FieldSpec("output", .string, required: true, "The file to write, relative to the build folder."),
            FieldSpec("figure", .record(.figure), list: true, "A figure the report declares, checked against the data (\"12 country visits\")."),
            FieldSpec("statistic", .binding, list: true, "A let binding whose value the report shows as a statistic."),
        ])

    public static let timeline = EntityKind(
        name: .timeline, doc: "A timeline `cap build` writes.", headerName: "title",
        fields: [
            FieldSpec("format", .enumeration(.timelineFormat), required: true, "md, csv, json, timelinejs or ics."),
            FieldSpec("output", .string, required: true, "The file to write, relative to the build folder."),
            FieldSpec("from", .date, "Keep entries on or after this date."),
            FieldSpec("to", .date, "Keep entries on or before this date."),
            FieldSpec("countries", .jurisdiction, list: true, "Keep entries in these countries."),
            FieldSpec("tags", .reference([.tag]), list: true, "Keep entries with these tags."),
            FieldSpec("campaign", .reference([.campaign]), list: true, "Keep entries of these campaigns."),
            FieldSpec("kinds", .enumeration(.timelineKind), list: true, "Keep entries of these kinds."),
        ])

    public static let map = EntityKind(
        name: .map, doc: "The law map `cap build` writes.", headerName: "title",
        fields: [
            FieldSpec("format", .enumeration(.mapFormat), required: true, "csv, json, geojson, years, svg or html."),
            FieldSpec("output", .string, required: true, "The file to write, relative to the build folder."),
            FieldSpec("as_of", .date, "The day the map shows (default: the day of the build)."),
            FieldSpec("subtitle", .string, "A line under the title, e.g. what the colours show."),
        ])

    public static let all: [EntityKind] = [
        .coalition, .member, .partner, .person, .event, .campaign, .publication, .statement, .law, .tag,
        .report, .timeline, .map,
    ]

    public static func named(_ name: EntityKindName) -> EntityKind { all[name.index] }
}

extension RecordSchema {
    public static let role = RecordSchema("role", [
        FieldSpec("title", .string, required: true, "The position, e.g. \"Director\"."),
        FieldSpec("org", .reference([.coalition, .member, .partner]), "The organisation."),
        FieldSpec("from", .date, "When the role began."),
        FieldSpec("to", .date, "When it ended."),
    ])

    public static let figure = RecordSchema("figure", [
        FieldSpec("name", .string, required: true, "What is counted, e.g. \"fines issued\"."),
        FieldSpec("value", .integer(min: nil), required: true, "The number."),
        FieldSpec("date", .date, "The date the figure refers to."),
        FieldSpec("source", .url, "Where it comes from."),
    ])
}

extension EnumType {
    public static let legalModel = EnumType(id: 0, "model", [
        ("abolitionist", "Nordic or Equality model: buying sex is an offence, selling it is not."),
        ("prohibitionist", "Buying and selling sex are both offences."),
        ("legalised", "Prostitution is a legal, regulated trade; brothels may be licensed (Germany, the Netherlands)."),
        ("decriminalised", "Buying, selling and third-party profit are all decriminalised."),
        ("partial", "Buying and selling are legal; procuring and brothel-keeping are offences."),
    ])

    public static let partnerKind = EnumType(id: 1, "partner kind", [
        ("network", "A network or coalition of organisations."),
        ("ngo", "A non-governmental organisation."),
        ("institution", "An international or intergovernmental institution (OHCHR, OSCE/ODIHR)."),
        ("government", "A government, ministry or state body."),
        ("parliament", "A parliament or one of its bodies."),
        ("media", "A newspaper, agency or broadcaster."),
        ("academic", "A university or research body."),
        ("foundation", "A grant-making foundation."),
        ("religious", "A religious body or congregation."),
        ("union", "A trade union."),
    ])

    public static let eventKind = EnumType(id: 2, "event kind", [
        ("conference", "A conference, seminar or colloquium."),
        ("congress", "A congress."),
        ("side_event", "A side event at a UN or regional body session."),
        ("meeting", "A meeting or convening."),
        ("visit", "A country visit."),
        ("training", "A training."),
        ("webinar", "An online seminar."),
        ("general_assembly", "A general assembly of the coalition."),
        ("board_meeting", "A meeting of the board."),
        ("launch", "A launch of a publication, website or campaign."),
        ("presentation", "A presentation or keynote at someone else's event."),
        ("workshop", "A workshop."),
        ("press_conference", "A press conference."),
        ("other", "Anything else."),
    ])

    public static let publicationKind = EnumType(id: 3, "publication kind", [
        ("handbook", "A handbook or guide."),
        ("report", "A report or study."),
        ("annual_report", "The coalition's annual report."),
        ("article", "An article."),
        ("infographic", "An infographic."),
        ("compilation", "A compilation of others' texts."),
        ("book", "A book."),
        ("video", "A video."),
        ("website", "A website."),
    ])

    public static let reportFormat = EnumType(id: 5, "report format", [
        ("md", "Markdown."), ("html", "One self-contained HTML page."), ("json", "JSON."),
    ])

    public static let timelineFormat = EnumType(id: 6, "timeline format", [
        ("md", "Markdown."), ("csv", "CSV."), ("json", "JSON."), ("timelinejs", "Knight Lab TimelineJS JSON."),
        ("ics", "iCalendar (RFC 5545)."),
    ])

    public static let timelineKind = EnumType(id: 7, "timeline entry kind", [
        ("event", "Events."), ("law", "Law stages."), ("member", "Members joining."),
        ("publication", "Publications."), ("statement", "Statements."),
    ])

    public static let mapFormat = EnumType(id: 8, "map format", [
        ("csv", "CSV keyed for Datawrapper."), ("json", "JSON."), ("geojson", "RFC 7946 GeoJSON."),
        ("years", "Jurisdiction × year matrix."), ("svg", "A world choropleth."),
        ("html", "One self-contained interactive page: map, year slider, table."),
    ])

    public static let statementKind = EnumType(id: 4, "statement kind", [
        ("press_release", "A press release."),
        ("joint_statement", "A statement signed with others."),
        ("open_letter", "An open or closed letter."),
        ("keynote", "A keynote statement or speech."),
        ("declaration", "A declaration."),
    ])
}
