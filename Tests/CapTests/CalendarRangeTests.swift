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

/// Dates at the edges of what cap reads, written to iCalendar (issue 28,
/// item 5), and inverted ranges on the command line.
@Suite struct CalendarRangeTests {
    @Test func aDateThatLeavesTheYears1To9999InUTCIsAnError() throws {
        for (date, year) in [("0001-01-01 00:30 +01:00", 0), ("9999-12-31", 10000), ("9999-12-31 23:30 -01:00", 10000)] {
            let dir = EndToEndTests.folder(["d.cap": "event edge \"Edge\" { date \(date) }\n"])
            let run = try EndToEndTests.run(["timeline", "--format", "ics", "--color", "never", dir.path])
            #expect(run.status == 1, "\(date): \(run.stdout)")
            #expect(run.stdout == "", "\(date)")
            #expect(run.stderr.contains("error[E0404]: 'edge' falls in the year \(year) once written in UTC; iCalendar holds the years 1 to 9999 only"),
                    "\(date): \(run.stderr)")
            // Other formats can say it.
            let md = try EndToEndTests.run(["timeline", "--format", "json", dir.path])
            #expect(md.status == 0, "\(date): \(md.stderr)")
        }
    }

    @Test func aBuildWritesNoCalendarWithAYearOutOfRange() throws {
        let dir = EndToEndTests.folder(["data/d.cap": """
            event edge "Edge" { date 9999-12-31 }
            timeline cal "Calendar" {
              output "cal.ics"
              format ics
            }

            """])
        let out = dir.url.appendingPathComponent("out").path
        let run = try EndToEndTests.run(["build", "--color", "never", "-o", out, dir.url.appendingPathComponent("data").path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("error[E0404]"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/cal.ics"))
    }

    /// The REPL's `:timeline > FILE.ics` refuses the same calendar, with
    /// the same diagnostic, and writes nothing.
    @Test func theReplWritesNoCalendarWithAYearOutOfRange() throws {
        let dir = EndToEndTests.folder(["d.cap": "event first \"First\" {\n  date 0001-01-01 00:30 +01:00\n}\n"])
        let target = dir.url.appendingPathComponent("x.ics").path
        let run = try EndToEndTests.run(["repl", "--color", "never", "."], in: dir.url, input: ":timeline > \(target)\n")
        #expect(run.status == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == """
            d.cap:1:7: error[E0404]: 'first' falls in the year 0 once written in UTC; iCalendar holds the years 1 to 9999 only
              |
            1 | event first "First" {
              |       ^^^^^
              = help: correct the date, or leave the entry out of the calendar with a narrower from/to


            """)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func theEdgesThemselvesAreWritten() throws {
        let dir = EndToEndTests.folder(["d.cap": "event first \"First\" { date 0001-01-01 }\nevent last \"Last\" { date 9999-12-30 }\n"])
        let run = try EndToEndTests.run(["timeline", "--format", "ics", dir.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("DTSTART;VALUE=DATE:00010101\r\n") && run.stdout.contains("DTEND;VALUE=DATE:99991231\r\n"))
    }

    @Test func fromAfterToIsAUsageError() throws {
        let dir = EndToEndTests.folder(["d.cap": "event e \"E\" { date 2017-05-01 }\n"])
        let run = try EndToEndTests.run(["timeline", "--from", "2018", "--to", "2017", dir.path])
        #expect(run.status != 0 && run.status != 1, "a usage error, not data: \(run.status)")
        #expect(run.stderr.contains("--from 2018 is after --to 2017"), "\(run.stderr)")
        #expect(run.stdout == "")
        let same = try EndToEndTests.run(["timeline", "--from", "2017-05", "--to", "2017", dir.path])
        #expect(same.status == 0, "\(same.stderr)")
    }
}
