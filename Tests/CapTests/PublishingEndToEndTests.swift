import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Every publishing command, option and format the README names, through
/// the built `cap` binary, each asserting what a reader of the output would
/// check. The data is written here (`data`), so every expected value below
/// can be read off it; Examples/ is used where the README's own commands are.
@Suite struct PublishingEndToEndTests {
    static let data = """
        tag vigil "Vigil" { }
        tag march "March" { }
        campaign exit "Exit" { }
        campaign last_girl "Last Girl First" { }

        member talita "Talita" {
          country SE
          joined 2016-05
        }

        event stockholm_vigil "Vigil in Stockholm" {
          date 2017-03-08
          country SE
          city "Stockholm"
          tags vigil
        }
        event paris_march "March in Paris" {
          date 2017-11-25
          country FR
          city "Paris"
          tags march
          campaign exit
        }
        event dublin_launch "Launch in Dublin" {
          date 2018-02
          country IE
          tags march, vigil
          campaign last_girl, exit
        }
        event online_talk "Online talk" {
          date 2019
          online true
        }

        timeline sweden "Sweden" {
          format csv
          output "sweden.csv"
          countries SE
        }
        timeline marches "Marches" {
          format csv
          output "marches.csv"
          tags march
        }
        timeline exit_only "Exit" {
          format json
          output "exit.json"
          campaign exit
        }
        timeline events_2017 "2017 events" {
          format md
          output "events-2017.md"
          from 2017
          to 2017
          kinds event
        }

        """

    /// Today 2021-12-31 and that stamp, as for the goldens.
    static let fixed = ["SOURCE_DATE_EPOCH": GoldenTests.epoch]

    static func folder() -> TemporaryFolder { EndToEndTests.folder(["data.cap": data]) }

    /// The ids of a timeline CSV's rows: its last column.
    static func ids(_ csv: String) -> [String] {
        csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { String($0.split(separator: ",").last ?? "") }
    }

    static let csvHeader = "date,end_date,time,zone,end_time,end_zone,kind,title,city,country,online,url,tags,id"

    // MARK: - Timeline options

    @Test(arguments: [
        (["--country", "SE"], ["talita.joined", "stockholm_vigil"]),
        (["--country", "Sweden"], ["talita.joined", "stockholm_vigil"]),
        (["--country", "SE", "--country", "FR"], ["talita.joined", "stockholm_vigil", "paris_march"]),
        (["--tag", "vigil"], ["stockholm_vigil", "dublin_launch"]),
        (["--tag", "vigil", "--tag", "march"], ["stockholm_vigil", "paris_march", "dublin_launch"]),
        (["--campaign", "exit"], ["paris_march", "dublin_launch"]),
        (["--campaign", "last_girl"], ["dublin_launch"]),
        (["--tag", "vigil", "--campaign", "exit"], ["dublin_launch"]),
        (["--kind", "member"], ["talita.joined"]),
        (["--from", "2018", "--to", "2019"], ["dublin_launch", "online_talk"]),
        (["--from", "2017-03", "--to", "2017-03", "--country", "SE"], ["stockholm_vigil"]),
        ([], ["talita.joined", "stockholm_vigil", "paris_march", "dublin_launch", "online_talk"]),
    ])
    func timelineOptionsKeepTheirEntries(_ options: [String], _ expected: [String]) throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["timeline"] + options + ["--format", "csv", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout.hasPrefix(Self.csvHeader + "\r\n"))
        #expect(Self.ids(r.stdout) == expected)
    }

    /// `--country` rolls a subdivision up into its country, as queries do
    /// (docs/queries.md, "Places"): GB keeps Northern Ireland and Belfast
    /// (in GB-NIR), GB-NIR keeps Belfast, and a country keeps nothing of
    /// its neighbour.
    @Test(arguments: [
        (["--country", "GB"], ["london", "belfast_district", "derry"]),
        (["--country", "United Kingdom"], ["london", "belfast_district", "derry"]),
        (["--country", "GB-NIR"], ["belfast_district", "derry"]),
        (["--country", "GB-BFS"], ["belfast_district"]),
        (["--country", "IE"], ["dublin"]),
    ])
    func timelineCountryIncludesItsSubdivisions(_ options: [String], _ expected: [String]) throws {
        let dir = EndToEndTests.folder(["data.cap": """
            event london "London" {
              date 2017-01-10
              country GB
            }
            event belfast_district "Belfast" {
              date 2017-02-10
              country GB-BFS
            }
            event derry "Derry" {
              date 2017-03-10
              country GB-NIR
            }
            event dublin "Dublin" {
              date 2017-04-10
              country IE
            }
            """])
        let r = try EndToEndTests.run(["timeline"] + options + ["--format", "csv", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.ids(r.stdout) == expected)
    }

    /// The exit status of a usage error, as documented (docs/cli.md).
    static let usageErrorStatus: Int32 = 2

    /// A tag or campaign that the data does not have is refused, not taken
    /// for a filter that keeps nothing (it once gave an empty timeline and
    /// exit 0).
    @Test(arguments: [
        (["--tag", "vigli"], "Error: --tag: no tag has the id 'vigli'"),
        (["--tag", "exit"], "Error: --tag: no tag has the id 'exit'"),
        (["--campaign", "exti"], "Error: --campaign: no campaign has the id 'exti'"),
        (["--campaign", "vigil"], "Error: --campaign: no campaign has the id 'vigil'"),
    ])
    func anUnknownTagOrCampaignIsRefused(_ options: [String], _ message: String) throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["timeline"] + options + ["."], in: dir.url, environment: Self.fixed)
        #expect(r.status == Self.usageErrorStatus)
        #expect(r.stdout.isEmpty)
        // The message, then the timeline's own usage, and nothing before
        // them (not the data's warnings).
        #expect(r.stderr == message + "\n" + Self.timelineUsage, "\(r.stderr)")
    }

    static let timelineUsage = """
        Usage: cap timeline [--from <from>] [--to <to>] [--country <country> ...] [--tag <tag> ...] [--campaign <campaign> ...] [--kind <kind> ...] [--format <format>] [--lang <lang>] [--output <output>] [--color <color>] [<paths> ...]
          See 'cap timeline --help' for more information.

        """

    @Test func timelineCSVOfOneCountryIsExact() throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["timeline", "--country", "SE", "--format", "csv", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stdout == Self.csvHeader + "\r\n"
            + "2016-05,,,,,,member,Talita joins the coalition,,SE,false,,,talita.joined\r\n"
            + "2017-03-08,,,,,,event,Vigil in Stockholm,Stockholm,SE,false,,vigil,stockholm_vigil\r\n")
    }

    @Test func timelineJSON() throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["timeline", "--campaign", "last_girl", "--format", "json", "."], in: dir.url,
                                      environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == """
            [
              {"id":"dublin_launch","kind":"event","title":"Launch in Dublin","date":"2018-02","end_date":null,\
            "date_time":null,"end_date_time":null,"display":"Feb 2018","city":null,"country":"IE","online":false,"url":null,\
            "tags":["march","vigil"],"description":null}
            ]

            """)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["display"] as? String == "Feb 2018")
    }

    /// The filters a `timeline` entity declares (countries, tags, campaign,
    /// from/to and kinds) do what the options do, in `cap build`.
    @Test func declaredTimelineFiltersInTheBuild() throws {
        let dir = Self.folder()
        let out = dir.url.appendingPathComponent("out")
        let r = try EndToEndTests.run(["build", "-o", "out", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "wrote out/sweden.csv\nwrote out/marches.csv\nwrote out/exit.json\nwrote out/events-2017.md\n")
        func text(_ name: String) throws -> String {
            String(decoding: try EndToEndTests.read(out.appendingPathComponent(name)), as: UTF8.self)
        }
        #expect(try text("sweden.csv") == Self.swedenCSV)
        #expect(try text("marches.csv") == Self.marchesCSV)
        #expect(try text("exit.json") == Self.exitJSON)
        #expect(try text("events-2017.md") == Self.events2017)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            == ["events-2017.md", "exit.json", "marches.csv", "sweden.csv"])
    }

    /// What the data's four timelines hold, each by its declared filter.
    static let swedenCSV = csvHeader + "\r\n"
        + "2016-05,,,,,,member,Talita joins the coalition,,SE,false,,,talita.joined\r\n"
        + "2017-03-08,,,,,,event,Vigil in Stockholm,Stockholm,SE,false,,vigil,stockholm_vigil\r\n"
    static let marchesCSV = csvHeader + "\r\n"
        + "2017-11-25,,,,,,event,March in Paris,Paris,FR,false,,march,paris_march\r\n"
        + "2018-02,,,,,,event,Launch in Dublin,,IE,false,,march vigil,dublin_launch\r\n"
    static let exitJSON = """
        [
          {"id":"paris_march","kind":"event","title":"March in Paris","date":"2017-11-25","end_date":null,"date_time":null,"end_date_time":null,\
        "display":"25 Nov 2017","city":"Paris","country":"FR","online":false,"url":null,"tags":["march"],"description":null},
          {"id":"dublin_launch","kind":"event","title":"Launch in Dublin","date":"2018-02","end_date":null,"date_time":null,"end_date_time":null,\
        "display":"Feb 2018","city":null,"country":"IE","online":false,"url":null,"tags":["march","vigil"],"description":null}
        ]

        """
    static let events2017 = """
        # 2017 events

        ## 2017

        - **8 Mar 2017** — Vigil in Stockholm (Stockholm, Sweden) · `vigil`
        - **25 Nov 2017** — March in Paris (Paris, France) · `march`

        """

    /// Without -o, `cap build` writes each output to standard output under
    /// a header line, and no file.
    @Test func buildWithoutAFolderPrintsEachOutputUnderAHeader() throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["build", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == "==> sweden.csv <==\n" + Self.swedenCSV + "==> marches.csv <==\n" + Self.marchesCSV
            + "==> exit.json <==\n" + Self.exitJSON + "==> events-2017.md <==\n" + Self.events2017)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["data.cap"])
    }

    // MARK: - Reports

    @Test func reportMarkdown() throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["report", "--period", "2017", "--format", "md", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        #expect(r.stdout == """
            # Annual Report 2017

            ## Activities

            ### March 2017

            - **Stockholm, Sweden**: Vigil in Stockholm · Vigil

            ### November 2017

            - **Paris, France**: March in Paris · March

            ## Statistics

            - **2 country visits**: Sweden, France — *the countries of the coalition's activities held in person*
            - **0 advocacy meetings with top officials** — *the coalition's activities where it met a minister, head of state or other official (not a parliamentarian)*
            - **0 advocacy meetings with Members of Parliament** — *the coalition's activities where it met a member of parliament, or tagged parliamentarians*
            - **0 statements and keynote presentations** — *the coalition's statements, and its activities of the kind presentation*
            - **0 new members** — *the members whose joining date falls in the period*
            - **0 Board meetings** — *the coalition's activities of the kind board\\_meeting*

            ## Campaigns

            - Exit

            """)
    }

    @Test func reportJSON() throws {
        let dir = Self.folder()
        let r = try EndToEndTests.run(["report", "--period", "2017", "--format", "json", "."], in: dir.url, environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        // One line of JSON; the consumers (Tests/Consumers) read it back.
        #expect(r.stdout == """
            {"title":"Annual Report 2017","lang":"en","from":"2017","to":"2017","months":[\
            {"month":"2017-03","activities":[{"id":"stockholm_vigil","date":"2017-03-08","title":"Vigil in Stockholm",\
            "place":"Stockholm, Sweden","tags":["vigil"]}]},\
            {"month":"2017-11","activities":[{"id":"paris_march","date":"2017-11-25","title":"March in Paris",\
            "place":"Paris, France","tags":["march"]}]}],\
            "statistics":[{"name":"country visits","label":"2 country visits","value":2,"declared":null,"shown":2,"counts":"the countries of the coalition's activities held in person","items":["Sweden","France"]},\
            {"name":"advocacy meetings with top officials","label":"0 advocacy meetings with top officials","value":0,"declared":null,"shown":0,"counts":"the coalition's activities where it met a minister, head of state or other official (not a parliamentarian)","items":[]},\
            {"name":"advocacy meetings with Members of Parliament","label":"0 advocacy meetings with Members of Parliament","value":0,"declared":null,"shown":0,"counts":"the coalition's activities where it met a member of parliament, or tagged parliamentarians","items":[]},\
            {"name":"statements and keynote presentations","label":"0 statements and keynote presentations","value":0,"declared":null,"shown":0,"counts":"the coalition's statements, and its activities of the kind presentation","items":[]},\
            {"name":"new members","label":"0 new members","value":0,"declared":null,"shown":0,"counts":"the members whose joining date falls in the period","items":[]},\
            {"name":"Board meetings","label":"0 Board meetings","value":0,"declared":null,"shown":0,"counts":"the coalition's activities of the kind board_meeting","items":[]}],\
            "campaigns":["Exit"],"laws":[],"publications":[]}

            """)
        #expect(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) is [String: Any])
    }

    /// The README's own report command gives the golden page, and the
    /// figures the coalition declared are warned about once each (the check
    /// already compares them; the report once said each twice).
    @Test func readmesReportCommandWritesTheGoldenPage() throws {
        let dir = TemporaryFolder()
        let file = dir.url.appendingPathComponent("annual-report-2017.html")
        let r = try EndToEndTests.run(["report", "--period", "2017", "--format", "html", "-o", file.path, "Examples"],
                                      environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        // The data's warnings are folded into one line, as for every
        // command but `cap check` (docs/cli.md).
        #expect(lines.filter { $0.contains("warning[W0702]") }.isEmpty, "\(r.stderr)")
        #expect(lines == ["cap: note: 5 warnings in the data not shown; run 'cap check' to see them", "wrote \(file.path)", ""])
        let golden = try EndToEndTests.read(GoldenTests.golden.appendingPathComponent("annual-report-2017.html"))
        #expect(try EndToEndTests.read(file) == golden)
    }

    /// The README's calendar command, as written: the whole file, and what
    /// the command says.
    @Test func readmesTimelineCommandWritesSwedensCalendar() throws {
        let dir = TemporaryFolder()
        let file = dir.url.appendingPathComponent("sweden.ics")
        let r = try EndToEndTests.run(["timeline", "--from", "2017", "--to", "2017", "--country", "SE", "--format", "ics",
                                       "-o", file.path, "Examples"], environment: Self.fixed)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\nwrote \(file.path)\n")
        let lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cap//timeline//EN", "CALSCALE:GREGORIAN", "X-WR-CALNAME:Timeline",
            "BEGIN:VEVENT", "UID:stockholm_meetings_2017@cap", "DTSTAMP:20211231T235959Z",
            "DTSTART;VALUE=DATE:20170501", "DTEND;VALUE=DATE:20170601",
            "SUMMARY:Meetings with civil society\\, law enforcement and decision-makers",
            // The partners are the calendar reader's too.
            "DESCRIPTION:Partners: Sveriges Kvinnolobby", "LOCATION:Stockholm\\, Sweden",
            "TRANSP:TRANSPARENT", "X-CAP-PRECISION:month", "END:VEVENT",
            "BEGIN:VEVENT", "UID:malmo_left_party_congress_2017@cap", "DTSTAMP:20211231T235959Z",
            "DTSTART;VALUE=DATE:20171001", "DTEND;VALUE=DATE:20171101",
            "SUMMARY:Presentation at the Congress of the Swedish Left Party",
            // Folded at 75 octets, as RFC 5545 asks.
            "DESCRIPTION:Presentation at the Congress of the Swedish Left Party on the i", " nvitation of Malin Björk\\, MEP.",
            "LOCATION:Malmö\\, Sweden", "TRANSP:TRANSPARENT", "X-CAP-PRECISION:month", "END:VEVENT",
            "BEGIN:VEVENT", "UID:stockholm_talita_conference_2017@cap", "DTSTAMP:20211231T235959Z",
            "DTSTART;VALUE=DATE:20171001", "DTEND;VALUE=DATE:20171101",
            "SUMMARY:Strategic meeting and conference on the Swedish sex purchase law",
            "DESCRIPTION:Strategic meeting and participation in a conference on the Swed", " ish sex purchase law organised by Talita.",
            "LOCATION:Stockholm\\, Sweden", "TRANSP:TRANSPARENT", "X-CAP-PRECISION:month", "END:VEVENT",
            "END:VCALENDAR",
        ]
        #expect(try EndToEndTests.read(file) == Data(lines.map { $0 + "\r\n" }.joined().utf8))
    }

    /// The README's map command with CSV: every row that has a law, whole,
    /// and every other row empty past the name.
    @Test func readmesMapCommandWritesTheCSV() throws {
        let dir = TemporaryFolder()
        let file = dir.url.appendingPathComponent("law-map-2016.csv")
        let r = try EndToEndTests.run(["map", "--as-of", "2016-12-31", "--format", "csv", "-o", file.path, "Examples"])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\nwrote \(file.path)\n")
        let rows = String(decoding: try EndToEndTests.read(file), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(rows.count == 252)  // header, 250 rows, and the empty string after the last CRLF
        #expect(rows.last == "")
        #expect(rows.first == "code,iso_a2,iso_a3,iso_numeric,name,model,status,adopted,in_force,law_title,sources,law_id,"
            + "category,status_text")
        let body = rows.dropFirst().dropLast()
        let withoutALaw = body.filter { $0.hasSuffix(",,,,,,,,,") }
        #expect(withoutALaw.count == 242)
        #expect(withoutALaw.contains("IE,IE,IRL,372,Ireland,,,,,,,,,"), "Ireland's law came in 2017")
        #expect(withoutALaw.contains("GB,GB,GBR,826,United Kingdom,,,,,,,,,"), "Northern Ireland's law is its own row")
        let withALaw: [String] = [
            "CA,CA,CAN,124,Canada,abolitionist,in force,2014-11,2014-12-06,Protection of Communities and Exploited Persons Act,"
                + "http://parl.ca/DocumentViewer/en/41-2/bill/C-36/royal-assent/page-4,ca_2014,abolitionist,in force",
            "DE,DE,DEU,276,Germany,legalised,in force,2001,2002-01-01,Prostitution Act,,de_2002,legalised,in force",
            "FR,FR,FRA,250,France,abolitionist,passed,2016-04-06,,Law of 13 April 2016 aiming at reinforcing the fight against the "
                + "prostitution system and accompanying prostituted persons,"
                + "http://www.cap-international.org/activity/publication-the-french-law-of-13-april-2016/,fr_2016,"
                + "abolitionist,adopted (date in force not recorded)",
            "GB-NIR,,,,Northern Ireland,abolitionist,in force,2014-12-09,2015-06-01,Human Trafficking and Exploitation "
                + "(Criminal Justice and Support for Victims) Act (Northern Ireland) 2015,http://www.legislation.gov.uk/nia/2015/2/part/2,"
                + "gb_nir_2015,abolitionist,in force",
            "IS,IS,ISL,352,Iceland,abolitionist,passed,2009,,Act criminalising the purchase of sex,,is_2009,"
                + "abolitionist,adopted (date in force not recorded)",
            "NL,NL,NLD,528,Netherlands,legalised,in force,,2000-10,Act lifting the general ban on brothels,,nl_2000,legalised,in force",
            "NO,NO,NOR,578,Norway,abolitionist,in force,2008-11,2009-01-01,Sex Purchase Act (criminalisation of the purchase of "
                + "sexual services),https://www.stopvaw.org/norway_to_adopt_law_that_bans_purchase_of_sexual_favors,no_2009,"
                + "abolitionist,in force",
            "SE,SE,SWE,752,Sweden,abolitionist,in force,1998-05,1999-01-01,Sex Purchase Act,"
                + "https://bra.se/bra-in-english/home/publications/archive/publications/2000-08-09-prohibition-of-the-purchase-of-"
                + "sexual-services.html,se_1999,abolitionist,in force",
        ]
        #expect(body.filter { !$0.hasSuffix(",,,,,,,,,") } == withALaw)
    }

    /// The README's SVG command, run as written, in a folder where
    /// `Examples` is the repository's: the map as of 2016-12-31, with the
    /// categories present then and nothing else in its legend.
    @Test func readmesSVGCommandWritesTheMapOf2016() throws {
        let dir = TemporaryFolder()
        try FileManager.default.createSymbolicLink(at: dir.url.appendingPathComponent("Examples"),
                                                   withDestinationURL: EndToEndTests.packageRoot.appendingPathComponent("Examples"))
        let r = try EndToEndTests.run(["map", "--as-of", "2016-12-31", "--format", "svg", "-o", "law-map-2016.svg", "Examples"],
                                      in: dir.url)
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "cap: note: 5 warnings in the data not shown; run 'cap check' to see them\nwrote law-map-2016.svg\n")
        let written = String(decoding: try EndToEndTests.read(dir.url.appendingPathComponent("law-map-2016.svg")), as: UTF8.self)
        let map = try SVGReader.parse(written)
        #expect(map.texts.first == "Laws on prostitution (as of 2016-12-31)")
        // Only the categories present, and "no law" rather than "no data".
        #expect(map.legendOrder == ["abolitionist", "legalised", ""])
        #expect(map.legend == ["abolitionist": 6, "legalised": 2, "": 242])
        #expect(map.texts.contains("No law recorded (242)"))
        #expect(map.texts.last == "Source: CAP International, as of 31 December 2016 · Map: Natural Earth, Equal Earth projection")
    }

    // MARK: - The map as SVG

    @Test func mapSVGThroughTheBinary() throws {
        let r = try EndToEndTests.run(["map", "--as-of", "2016-12-31", "--format", "svg", "Examples"])
        #expect(r.status == 0)
        let map = try SVGReader.parse(r.stdout)
        #expect(map.paths["SE"]?.fill == "#0072B2")
        #expect(map.paths["FR"]?.fill == "#0072B2")
        #expect(map.paths["GB-NIR"]?.fill == "#0072B2")
        #expect(map.paths["DE"]?.fill == "#E0AFCA")
        #expect(map.paths["IE"]?.fill == "#DDDDDD")  // Ireland's law came in 2017
        #expect(map.paths["SE"]?.title == "Sweden: abolitionist, in force since 1 January 1999. Sex Purchase Act")
        // No in-force date recorded: not "passed", which readers took for "not yet in force".
        #expect(map.paths["FR"]?.title.hasPrefix("France: abolitionist, adopted (date in force not recorded) (adopted 6 April 2016)") == true)
        #expect(map.paths["IE"]?.title == "Ireland: no law recorded")
        #expect(map.texts.contains("Laws on prostitution"))
        #expect(map.texts.contains("The abolitionist (Nordic/Equality) model and others · as of 31 December 2016"))
        #expect(map.legend == ["abolitionist": 6, "legalised": 2, "": 242])
    }

    /// Israel at the end of 2017: a bill approved by the government, not
    /// passed. It was grey like "no data" and missing from the legend.
    @Test func aPendingBillIsACategoryOfItsOwn() throws {
        let r = try EndToEndTests.run(["map", "--as-of", "2017-12-31", "--format", "svg", "Examples"])
        let map = try SVGReader.parse(r.stdout)
        #expect(map.paths["IL"]?.fill == "#A6CEE3")
        #expect(map.paths["IL"]?.title.hasPrefix("Israel: abolitionist bill, bill approved by government") == true)
        #expect(map.legend["abolitionist bill"] == 1)
        #expect(map.texts.contains("Abolitionist bill approved, not yet passed (1)"))
        let years = try EndToEndTests.run(["map", "--as-of", "2021-12-31", "--format", "years", "Examples"])
        let rows = years.stdout.components(separatedBy: "\r\n")
        let header = rows[0].components(separatedBy: ",")
        func cell(_ code: String, _ year: String) -> String? {
            guard let row = rows.first(where: { $0.hasPrefix(code + ",") }), let i = header.firstIndex(of: year) else { return nil }
            return row.components(separatedBy: ",")[i]
        }
        #expect(cell("IL", "2017") == "abolitionist bill")
        // The year a law took effect: Sweden 1999, Norway 2009, Northern Ireland 2015.
        #expect(cell("SE", "1998") == "abolitionist (adopted)" && cell("SE", "1999") == "abolitionist")
        #expect(cell("NO", "2008") == "abolitionist (adopted)" && cell("NO", "2009") == "abolitionist")
        #expect(cell("GB-NIR", "2014") == "abolitionist (adopted)" && cell("GB-NIR", "2015") == "abolitionist")
    }

    /// A map entity's own title and subtitle head the SVG.
    @Test func aMapsDeclaredTitleAndSubtitleAreShown() throws {
        let dir = EndToEndTests.folder(["data.cap": """
            map m "Where buying sex is a crime" {
              format svg
              output "m.svg"
              subtitle "Countries with an abolitionist law"
              as_of 2020-01-01
            }

            """])
        let r = try EndToEndTests.run(["build", "-o", "out", "."], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let map = try SVGReader.parse(String(decoding: try EndToEndTests.read(dir.url.appendingPathComponent("out/m.svg")), as: UTF8.self))
        #expect(map.texts.contains("Where buying sex is a crime"))
        #expect(map.texts.contains("Countries with an abolitionist law · as of 1 January 2020"))
    }

    // MARK: - Rules

    static let failingRule = """
        member talita "Talita" {
          country SE
          joined 2014
        }
        assert members | count == 2, "two members"
        print "after"

        """

    static let failingRuleReport = """
        rules.cap:5:8: error[E0706]: rule failed: two members
          |
        5 | assert members | count == 2, "two members"
          |        ^^^^^^^^^^^^^^^^^^^^ does not hold
        rules.cap:5:8: note: the data gives 1
          |
        5 | assert members | count == 2, "two members"
          |        ^^^^^^^^^^^^^^^
        rules.cap:5:27: note: the rule expects == 2
          |
        5 | assert members | count == 2, "two members"
          |                           ^
          = help: the difference is -1

        checked 1 file: 1 error, 0 warnings

        """

    @Test func aFailingRuleMakesCheckExitOne() throws {
        let dir = EndToEndTests.folder(["rules.cap": Self.failingRule])
        let r = try EndToEndTests.run(["check", "rules.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout == Self.failingRuleReport)
        #expect(r.stderr.isEmpty)
    }

    @Test func aFailingRuleMakesRunExitOneAndTheRestStillRuns() throws {
        let dir = EndToEndTests.folder(["rules.cap": Self.failingRule])
        let r = try EndToEndTests.run(["run", "rules.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stdout == "after\n")
        #expect(r.stderr == Self.failingRuleReport)
    }

    /// Rules wait for clean data: errors in it are reported, and a note
    /// counts the rules that did not run.
    @Test func rulesOverDataWithErrorsAreCountedNotRun() throws {
        let dir = EndToEndTests.folder(["r.cap": """
            member talita "Talita" {
              country SWD
            }
            assert members | count == 1, "one member"
            assert members | all country != none

            """])
        let r = try EndToEndTests.run(["check", "r.cap"], in: dir.url)
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout == """
            r.cap:2:11: error[E0209]: unknown country or territory 'SWD'
              |
            2 |   country SWD
              |           ^^^ not an ISO 3166 code or known name
              = help: did you mean SE (Sweden), SS (South Sudan) or SZ (Eswatini)?

            r.cap:4:1: note[E0706]: 2 data rules not run because of the errors above
              |
            4 | assert members | count == 1, "one member"
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = help: fix the errors, then the rules run

            checked 1 file: 1 error, 0 warnings

            """)
    }

    @Test func aHoldingRuleExitsZero() throws {
        let dir = EndToEndTests.folder(["rules.cap": Self.failingRule.replacingOccurrences(of: "== 2", with: "== 1")])
        let check = try EndToEndTests.run(["check", "rules.cap"], in: dir.url)
        #expect(check.status == 0)
        #expect(check.stdout == "checked 1 file: 0 errors, 0 warnings\n")
        let run = try EndToEndTests.run(["run", "rules.cap"], in: dir.url)
        #expect(run.status == 0)
        #expect(run.stdout == "after\n")
        #expect(run.stderr.isEmpty)
    }
}
