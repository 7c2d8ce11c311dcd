import Foundation
import Testing
@testable import CapBase
@testable import CapValues
@testable import CapSyntax
@testable import CapSchema
@testable import CapRuntime
@testable import CapAnalysis
@testable import CapEval
@testable import CapPublish
@testable import CapREPL

/// The iCalendar and TimelineJS renderings of a timeline.
@Suite struct TimelineWritersTests {
    static let korean = "성매매 알선과 구매를 처벌하고 성매매 피해자를 보호하는 법률에 관한 토론회: 평등 모델의 성과와 과제를 함께 살펴봅니다."
    static let arabic = "ندوة حول إلغاء الدعارة وحماية الضحايا، ومعاقبة المشترين وفق النموذج الشمالي للمساواة."

    static func date(_ s: String) -> CapDate { try! CapDate.parse(s) }
    static func time(_ s: String) -> CapDateTime { try! CapDateTime.parse(s) }

    static let entries: [TimelineEntry] = [
        TimelineEntry(kind: .event, id: "hrc47_side_event", title: "HRC47 side event: Women's rights and prostitution",
                      date: date("2021-06-22"), dateTime: time("2021-06-22 12:00 CEST"),
                      description: "Hosted with the Permanent Mission of Sweden.", city: "Geneva", country: "CH",
                      online: true, url: "https://example.org/hrc47"),
        TimelineEntry(kind: .event, id: "paris_meeting", title: "Paris meeting",
                      date: date("2021-06-23"), dateTime: time("2021-06-23 18:30 Europe/Paris"), city: "Paris", country: "FR"),
        TimelineEntry(kind: .event, id: "nov25_2021", title: "International Day for the Elimination of Violence against Women",
                      date: date("2021-11-25")),
        TimelineEntry(kind: .publication, id: "report_2017", title: "Annual report", date: date("2017-03")),
        TimelineEntry(kind: .event, id: "summer_school_2019", title: "Summer school",
                      date: date("2019-07-04"), endDate: date("2019-07-06"), city: "Belfast", country: "GB-NIR"),
        TimelineEntry(kind: .law, id: "fr_2016.passed", title: "France passes law 2016-444",
                      date: date("2016-04-13"), country: "FR", url: "https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000032396046"),
        TimelineEntry(kind: .member, id: "founding", title: "Coalition founded", date: date("2014")),
        TimelineEntry(kind: .statement, id: "tricky", title: "Say \"no\"; buy, sell \\ rent\nnext line",
                      date: date("2022-02-02"),
                      description: korean + "\n" + arabic + "\tbell:\u{07} nul:\u{0} del:\u{7F} ls:\u{2028}end",
                      city: "Seoul", country: "KR"),
    ]

    static let stamp = time("2024-01-31 23:30:15 -02:00")

    static var ics: String { ICalendar.render(entries, calendarName: "CAP; timeline, 2024", stamp: stamp) }

    /// Logical lines: unfolded (RFC 5545 3.1) and split at CRLF.
    static func logicalLines(_ ics: String) -> [String] {
        ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").dropLast().map { $0 }
    }

    /// The logical lines of the VEVENT with this UID.
    static func event(_ uid: String, in ics: String) -> [String] {
        let lines = logicalLines(ics)
        guard let i = lines.firstIndex(of: "UID:\(uid)@cap") else {
            Issue.record("no event \(uid)")
            return []
        }
        let end = lines[i...].firstIndex(of: "END:VEVENT")!
        return Array(lines[i..<end])
    }

    @Test func calendarHeader() {
        let lines = Self.logicalLines(Self.ics)
        #expect(Array(lines.prefix(5)) == [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cap//timeline//EN", "CALSCALE:GREGORIAN",
            "X-WR-CALNAME:CAP\\; timeline\\, 2024",
        ])
        #expect(lines.last == "END:VCALENDAR")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == Self.entries.count)
        #expect(lines.filter { $0 == "END:VEVENT" }.count == Self.entries.count)
        // -02:00 is converted, crossing midnight and the month end.
        #expect(lines.filter { $0 == "DTSTAMP:20240201T013015Z" }.count == Self.entries.count)
    }

    @Test func fixedOffsetTimeIsUTC() {
        let e = Self.event("hrc47_side_event", in: Self.ics)
        #expect(e.contains("DTSTART:20210622T100000Z"))
        // The record gives no end: none is invented (it was start + 1 h).
        #expect(!e.contains { $0.hasPrefix("DTEND") || $0.hasPrefix("DURATION") })
        #expect(e.contains("SUMMARY:HRC47 side event: Women's rights and prostitution"))
        #expect(e.contains("LOCATION:Geneva\\, Switzerland and online"))
        #expect(e.contains("URL:https://example.org/hrc47"))
        #expect(!e.contains { $0.hasPrefix("X-CAP-PRECISION") })
    }

    @Test func ianaZoneKeepsTZIDWithItsVTIMEZONE() {
        let e = Self.event("paris_meeting", in: Self.ics)
        #expect(e.contains("DTSTART;TZID=Europe/Paris:20210623T183000"))
        #expect(!e.contains { $0.hasPrefix("DTEND") || $0.hasPrefix("DURATION") })
        // RFC 5545 3.2.19: a VTIMEZONE for every TZID, before the events,
        // with the change to summer time that was in force on 23 June 2021.
        let lines = Self.logicalLines(Self.ics)
        let begin = lines.firstIndex(of: "BEGIN:VTIMEZONE")!
        #expect(begin < lines.firstIndex(of: "BEGIN:VEVENT")!)
        #expect(Array(lines[begin...].prefix(10)) == [
            "BEGIN:VTIMEZONE", "TZID:Europe/Paris", "BEGIN:DAYLIGHT", "DTSTART:20210328T020000", "RDATE:20210328T020000",
            "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "END:DAYLIGHT", "END:VTIMEZONE",
        ])
        #expect(lines.filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
    }

    @Test func aStartInAClockChangeGapIsReadWithTheOffsetBeforeIt() {
        // 02:30 on 28 March 2021 does not exist in Paris: clocks went from
        // 02:00 to 03:00. RFC 5545 3.3.5 reads it with the offset before
        // the gap (+01:00): 01:30 UTC, which is 03:30 on the new clock, and
        // cap writes it so, for clients that do not apply 3.3.5.
        let gap = TimelineEntry(kind: .event, id: "g", title: "G", date: Self.date("2021-03-28"),
                                dateTime: Self.time("2021-03-28 02:30 Europe/Paris"),
                                endDateTime: Self.time("2021-03-28 04:00 Europe/Paris"))
        let ics = ICalendar.render([gap], calendarName: "x", stamp: Self.stamp)
        let e = Self.event("g", in: ics)
        #expect(e.contains("DTSTART;TZID=Europe/Paris:20210328T033000"))
        #expect(e.contains("DTEND;TZID=Europe/Paris:20210328T040000"))
        #expect(!e.contains { $0.hasPrefix("DURATION") })
        // The VTIMEZONE holds the change itself.
        #expect(Self.logicalLines(ics).contains("DTSTART:20210328T020000"))
        // Clocks going back: 02:30 on 31 October 2021 happens twice; the
        // first, in summer time, is meant (3.3.5), and both changes are there.
        let fold = TimelineEntry(kind: .event, id: "f", title: "F", date: Self.date("2021-10-31"),
                                 dateTime: Self.time("2021-10-31 02:30 Europe/Paris"),
                                 endDateTime: Self.time("2021-10-31 04:00 Europe/Paris"))
        let foldICS = ICalendar.render([fold], calendarName: "x", stamp: Self.stamp)
        #expect(Self.event("f", in: foldICS).contains("DTSTART;TZID=Europe/Paris:20211031T023000"))
        #expect(Self.logicalLines(foldICS).contains("TZOFFSETFROM:+0200"))
    }

    @Test func aTimedRangeKeepsBothTimes() {
        // The 2018 Paris conference, 19:00 to 21:30 CET: it was an all-day
        // event once the range dropped its times.
        let talk = TimelineEntry(kind: .event, id: "t", title: "T", date: Self.date("2018-11-23"),
                                 endDate: Self.date("2018-11-23"), dateTime: Self.time("2018-11-23 19:00 CET"),
                                 endDateTime: Self.time("2018-11-23 21:30 CET"))
        let e = Self.event("t", in: ICalendar.render([talk], calendarName: "x", stamp: Self.stamp))
        #expect(e.contains("DTSTART:20181123T180000Z"))
        #expect(e.contains("DTEND:20181123T203000Z"))
        #expect(!e.contains { $0.contains("VALUE=DATE") })
        #expect(Timeline.display(talk) == "23 Nov 2018 19:00–21:30 CET")
        let js = TimelineJS.render([talk], title: "x")
        #expect(js.contains(#""end_date":{"year":"2018","month":"11","day":"23","hour":"21","minute":"30"}"#))
    }

    @Test func floatingAndTimedRange() {
        let floating = TimelineEntry(kind: .event, id: "f", title: "F", date: Self.date("2021-12-31"),
                                     endDate: Self.date("2022-01-02"), dateTime: Self.time("2021-12-31 23:30"))
        let e = Self.event("f", in: ICalendar.render([floating], calendarName: "x", stamp: Self.stamp))
        #expect(e.contains("DTSTART:20211231T233000"))
        #expect(e.contains("DTEND:20220103T000000"))
    }

    @Test func allDayMonthYearAndRanges() {
        let ics = Self.ics
        let day = Self.event("nov25_2021", in: ics)
        #expect(day.contains("DTSTART;VALUE=DATE:20211125"))
        #expect(day.contains("DTEND;VALUE=DATE:20211126"))
        #expect(!day.contains { $0.hasPrefix("X-CAP-PRECISION") })
        #expect(!day.contains { $0.hasPrefix("LOCATION") || $0.hasPrefix("DESCRIPTION") || $0.hasPrefix("URL") })

        let month = Self.event("report_2017", in: ics)
        #expect(month.contains("DTSTART;VALUE=DATE:20170301"))
        #expect(month.contains("DTEND;VALUE=DATE:20170401"))
        #expect(month.contains("X-CAP-PRECISION:month"))
        #expect(month.contains("SUMMARY:Annual report"))

        let range = Self.event("summer_school_2019", in: ics)
        #expect(range.contains("DTSTART;VALUE=DATE:20190704"))
        #expect(range.contains("DTEND;VALUE=DATE:20190707"))
        #expect(range.contains("LOCATION:Belfast\\, Northern Ireland\\, United Kingdom"))

        let law = Self.event("fr_2016.passed", in: ics)
        #expect(law.contains("DTSTART;VALUE=DATE:20160413"))
        #expect(law.contains("DTEND;VALUE=DATE:20160414"))
        #expect(law.contains("LOCATION:France"))

        let year = Self.event("founding", in: ics)
        #expect(year.contains("DTSTART;VALUE=DATE:20140101"))
        #expect(year.contains("DTEND;VALUE=DATE:20150101"))
        #expect(year.contains("X-CAP-PRECISION:year"))

        let december = TimelineEntry(kind: .event, id: "dec", title: "D", date: Self.date("2020-12"))
        let leap = TimelineEntry(kind: .event, id: "leap", title: "L", date: Self.date("2024-02-29"))
        let more = ICalendar.render([december, leap], calendarName: "x", stamp: Self.stamp)
        #expect(Self.event("dec", in: more).contains("DTEND;VALUE=DATE:20210101"))
        #expect(Self.event("leap", in: more).contains("DTEND;VALUE=DATE:20240301"))
    }

    @Test func escapingAndControlCharacters() {
        let e = Self.event("tricky", in: Self.ics)
        #expect(e.contains("SUMMARY:Say \"no\"\\; buy\\, sell \\\\ rent\\nnext line"))
        let description = e.first { $0.hasPrefix("DESCRIPTION:") }!
        #expect(description == "DESCRIPTION:" + Self.korean.replacingOccurrences(of: ",", with: "\\,")
            + "\\n" + Self.arabic + " bell: nul: del: ls:\\nend")
        for scalar in Self.ics.unicodeScalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            #expect(scalar == "\r" || scalar == "\n", "control character U+\(String(scalar.value, radix: 16)) leaked")
        }
    }

    @Test func crlfAndFolding() throws {
        let bytes = Array(Self.ics.utf8)
        #expect(bytes.suffix(2) == [13, 10])
        var physical: [[UInt8]] = [], current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 13 {
                #expect(i + 1 < bytes.count && bytes[i + 1] == 10, "CR without LF at byte \(i)")
                physical.append(current)
                current = []
                i += 2
                continue
            }
            #expect(bytes[i] != 10, "LF without CR at byte \(i)")
            current.append(bytes[i])
            i += 1
        }
        #expect(current.isEmpty)
        for line in physical {
            #expect(line.count <= 75, "\(line.count) octets: \(String(decoding: line, as: UTF8.self))")
            // A fold inside a multi-byte character would leave invalid UTF-8.
            #expect(String(data: Data(line), encoding: .utf8) != nil)
        }
        // The long description folds four times; the side event's, with its link, once.
        #expect(physical.filter { $0.first == 32 }.count == 5)
        let description = Self.logicalLines(Self.ics).first { $0.hasPrefix("DESCRIPTION:") && $0.contains("성매매") }
        #expect(description?.contains(Self.korean) == true)
        #expect(description?.contains(Self.arabic) == true)
    }

    @Test func foldingKeepsEscapesAndExactWidth() {
        // "SUMMARY:" and 66 letters make 74 octets: room for one more, not for
        // the two of `\,`, which move to the next line together.
        let title = String(repeating: "a", count: 66) + ",b" + String(repeating: "c", count: 80)
        let entry = TimelineEntry(kind: .event, id: "w", title: title, date: Self.date("2020-01-01"))
        let ics = ICalendar.render([entry], calendarName: "x", stamp: Self.stamp)
        let physical = ics.components(separatedBy: "\r\n")
        let i = physical.firstIndex { $0.hasPrefix("SUMMARY:") }!
        #expect(physical[i] == "SUMMARY:" + String(repeating: "a", count: 66))
        #expect(physical[i + 1].hasPrefix(" \\,b"))
        #expect(physical[i + 1].utf8.count == 75)
        #expect(Self.logicalLines(ics).contains("SUMMARY:" + title.replacingOccurrences(of: ",", with: "\\,")))
    }

    /// The whole calendar, line by physical line, as a calendar program
    /// receives it: UIDs come from the entries' ids, so they stay the same
    /// from one build to the next, and nothing else moves either.
    static let expectedCalendar: [String] = [
            #"BEGIN:VCALENDAR"#,
            #"VERSION:2.0"#,
            #"PRODID:-//cap//timeline//EN"#,
            #"CALSCALE:GREGORIAN"#,
            #"X-WR-CALNAME:CAP\; timeline\, 2024"#,
            #"BEGIN:VTIMEZONE"#,
            #"TZID:Europe/Paris"#,
            #"BEGIN:DAYLIGHT"#,
            #"DTSTART:20210328T020000"#,
            #"RDATE:20210328T020000"#,
            #"TZOFFSETFROM:+0100"#,
            #"TZOFFSETTO:+0200"#,
            #"TZNAME:CEST"#,
            #"END:DAYLIGHT"#,
            #"END:VTIMEZONE"#,
            #"BEGIN:VEVENT"#,
            #"UID:hrc47_side_event@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART:20210622T100000Z"#,
            #"SUMMARY:HRC47 side event: Women's rights and prostitution"#,
            #"DESCRIPTION:Hosted with the Permanent Mission of Sweden.\n\nhttps://example"#,
            #" .org/hrc47"#,
            #"LOCATION:Geneva\, Switzerland and online"#,
            #"URL:https://example.org/hrc47"#,
            #"TRANSP:TRANSPARENT"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:paris_meeting@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;TZID=Europe/Paris:20210623T183000"#,
            #"SUMMARY:Paris meeting"#,
            #"LOCATION:Paris\, France"#,
            #"TRANSP:TRANSPARENT"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:nov25_2021@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;VALUE=DATE:20211125"#,
            #"DTEND;VALUE=DATE:20211126"#,
            #"SUMMARY:International Day for the Elimination of Violence against Women"#,
            #"TRANSP:TRANSPARENT"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:report_2017@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;VALUE=DATE:20170301"#,
            #"DTEND;VALUE=DATE:20170401"#,
            #"SUMMARY:Annual report"#,
            #"TRANSP:TRANSPARENT"#,
            #"X-CAP-PRECISION:month"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:summer_school_2019@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;VALUE=DATE:20190704"#,
            #"DTEND;VALUE=DATE:20190707"#,
            #"SUMMARY:Summer school"#,
            #"LOCATION:Belfast\, Northern Ireland\, United Kingdom"#,
            #"TRANSP:TRANSPARENT"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:fr_2016.passed@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;VALUE=DATE:20160413"#,
            #"DTEND;VALUE=DATE:20160414"#,
            #"SUMMARY:France passes law 2016-444"#,
            #"DESCRIPTION:https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000032396046"#,
            #"LOCATION:France"#,
            #"URL:https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000032396046"#,
            #"TRANSP:TRANSPARENT"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:founding@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;VALUE=DATE:20140101"#,
            #"DTEND;VALUE=DATE:20150101"#,
            #"SUMMARY:Coalition founded"#,
            #"TRANSP:TRANSPARENT"#,
            #"X-CAP-PRECISION:year"#,
            #"END:VEVENT"#,
            #"BEGIN:VEVENT"#,
            #"UID:tricky@cap"#,
            #"DTSTAMP:20240201T013015Z"#,
            #"DTSTART;VALUE=DATE:20220202"#,
            #"DTEND;VALUE=DATE:20220203"#,
            #"SUMMARY:Say "no"\; buy\, sell \\ rent\nnext line"#,
            #"DESCRIPTION:성매매 알선과 구매를 처벌하고 성매매 피해자"#,
            #" 를 보호하는 법률에 관한 토론회: 평등 모델의 성과와 "#,
            #" 과제를 함께 살펴봅니다.\nندوة حول إلغاء الدعار"#,
            #" ة وحماية الضحايا، ومعاقبة المشترين وفق ا"#,
            #" لنموذج الشمالي للمساواة. bell: nul: del: ls:\nend"#,
            #"LOCATION:Seoul\, South Korea"#,
            #"TRANSP:TRANSPARENT"#,
            #"END:VEVENT"#,
            #"END:VCALENDAR"#,
    ]

    @Test func theCalendarIsExactlyAsWrittenHere() {
        let physical = Self.ics.components(separatedBy: "\r\n")
        #expect(physical.last == "")
        let lines = Array(physical.dropLast())
        #expect(lines.count == Self.expectedCalendar.count)
        for (i, (got, want)) in zip(lines, Self.expectedCalendar).enumerated() {
            #expect(got == want, "line \(i + 1)")
        }
        #expect(Self.ics == Self.expectedCalendar.map { $0 + "\r\n" }.joined())
    }

    // MARK: TimelineJS

    static func timelineJSON() throws -> [String: Any] {
        let text = TimelineJS.render(entries, title: "Abolition <timeline>")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func slide(_ id: String, in json: [String: Any]) -> [String: Any]? {
        (json["events"] as? [[String: Any]])?.first { $0["unique_id"] as? String == id }
    }

    @Test func timelineJSTitleAndEvents() throws {
        let json = try Self.timelineJSON()
        let title = (json["title"] as? [String: Any])?["text"] as? [String: Any]
        #expect(title?["headline"] as? String == "Abolition &lt;timeline&gt;")
        #expect((json["events"] as? [Any])?.count == Self.entries.count)
    }

    @Test func timelineJSDates() throws {
        let json = try Self.timelineJSON()
        let month = try #require(Self.slide("report_2017", in: json))
        #expect(month["start_date"] as? [String: String] == ["year": "2017", "month": "3"])
        #expect(month["display_date"] as? String == "Mar 2017")
        #expect(month["end_date"] == nil)
        #expect(month["group"] as? String == "publication")
        #expect((month["text"] as? [String: String]) == ["headline": "Annual report"])

        let year = try #require(Self.slide("founding", in: json))
        #expect(year["start_date"] as? [String: String] == ["year": "2014"])
        #expect(year["display_date"] == nil)

        let range = try #require(Self.slide("summer_school_2019", in: json))
        #expect(range["start_date"] as? [String: String] == ["year": "2019", "month": "7", "day": "4"])
        #expect(range["end_date"] as? [String: String] == ["year": "2019", "month": "7", "day": "6"])

        let law = try #require(Self.slide("fr_2016.passed", in: json))
        #expect(law["start_date"] as? [String: String] == ["year": "2016", "month": "4", "day": "13"])
        #expect(law["group"] as? String == "law")
        let lawText = (law["text"] as? [String: String])?["text"]
        #expect(lawText == "<p><a href=\"https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000032396046\">https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000032396046</a></p>")

        let timed = try #require(Self.slide("hrc47_side_event", in: json))
        #expect(timed["start_date"] as? [String: String] == ["year": "2021", "month": "6", "day": "22", "hour": "12", "minute": "0"])
        #expect(timed["display_date"] as? String == "22 Jun 2021 12:00 CEST")
        #expect(timed["group"] as? String == "event")
    }

    @Test func timelineJSText() throws {
        let json = try Self.timelineJSON()
        let tricky = try #require(Self.slide("tricky", in: json))
        let text = try #require(tricky["text"] as? [String: String])
        #expect(text["headline"] == "Say &quot;no&quot;; buy, sell \\ rent next line")
        #expect(text["text"] == "<p>" + Self.korean + "<br>" + Self.arabic + " bell: nul: del: ls:<br>end</p>")
        let unsafe = TimelineEntry(kind: .event, id: "js", title: "<b>x</b>", date: Self.date("2020"),
                                   url: "javascript:alert(1)")
        let out = TimelineJS.render([unsafe], title: "t")
        #expect(!out.contains("javascript:"))
        #expect(!out.contains("<b>"))
    }

    /// The Markdown timeline writes each entry's date as `Timeline.display`
    /// shows it, escaped: ranges, times with every sort of zone (an IANA
    /// name with an underscore among them) and every precision.
    @Test func markdownDatesAreTheDisplayedOnes() {
        var entries = Self.entries
        entries.append(TimelineEntry(kind: .event, id: "ny", title: "New York meeting", date: Self.date("2023-09-18"),
                                     dateTime: Self.time("2023-09-18 09:05 America/New_York")))
        entries.append(TimelineEntry(kind: .event, id: "offset", title: "Call", date: Self.date("2023-09-19"),
                                     dateTime: Self.time("2023-09-19 23:59:30 +05:30")))
        entries.append(TimelineEntry(kind: .event, id: "floating", title: "Vigil", date: Self.date("2023-09-20"),
                                     dateTime: Self.time("2023-09-20 00:00")))
        entries.append(TimelineEntry(kind: .event, id: "months", title: "Campaign", date: Self.date("2023-10"),
                                     endDate: Self.date("2024")))
        let md = TimelineWriter.markdown(entries, title: "T")
        // Written down, not asked of `Timeline.display`: the dates as a
        // reader sees them, escaped (the underscore of New_York, the
        // backslash and the newline spelled out in a title).
        #expect(md == #"""
            # T

            ## 2021

            - **22 Jun 2021 12:00 CEST** — HRC47 side event: Women's rights and prostitution (Geneva, Switzerland) · online
            - **23 Jun 2021 18:30 Europe/Paris** — Paris meeting (Paris, France)
            - **25 Nov 2021** — International Day for the Elimination of Violence against Women

            ## 2017

            - **Mar 2017** — Annual report

            ## 2019

            - **4 Jul 2019 – 6 Jul 2019** — Summer school (Belfast, Northern Ireland)

            ## 2016

            - **13 Apr 2016** — France passes law 2016-444

            ## 2014

            - **2014** — Coalition founded

            ## 2022

            - **2 Feb 2022** — Say "no"; buy, sell \\ rent\\u{A}next line (Seoul, South Korea)

            ## 2023

            - **18 Sep 2023 09:05 America/New\_York** — New York meeting
            - **19 Sep 2023 23:59 +05:30** — Call
            - **20 Sep 2023 00:00** — Vigil
            - **Oct 2023 – 2024** — Campaign

            """#)
    }
}
