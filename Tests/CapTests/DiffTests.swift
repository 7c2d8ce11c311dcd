import Foundation
import Testing

/// `cap diff` (issue 34) on pairs of folders and on a throwaway git
/// repository: what a reviewer of a data pull request reads.
@Suite struct DiffTests {
    static let before: [String: String] = [
        "members.cap": """
            member a "Org A" {
              country SE
              joined 2015
            }

            member b "Org B" {
              country FR
            }

            member gone "Gone Org" {
              country DK
            }

            """,
        "events.cap": """
            event conf "A conference" {
              date 2016-03
              organisers a, b
            }

            """,
        "laws.cap": """
            law il_bill "Prohibition of Consumption of Prostitution Services Law" {
              jurisdiction IL
              model abolitionist
              approved 2017-07
            }

            """,
    ]

    /// b renamed to b2 (same content), a's country changed, gone removed,
    /// a member added, the event's organisers follow the rename and gain
    /// one, and the Israeli bill passes and enters into force.
    static let after: [String: String] = [
        "members.cap": """
            member a "Org A" {
              country NO
              joined 2015
            }

            member b2 "Org B" {
              country FR
            }

            member fresh "Fresh Org" {
              country IS
            }

            """,
        "events.cap": """
            event conf "A conference" {
              date 2016-03
              organisers a, b2, fresh
            }

            """,
        "laws.cap": """
            law il_bill "Prohibition of Consumption of Prostitution Services Law" {
              jurisdiction IL
              model abolitionist
              approved 2017-07
              passed 2018-12-31
              in_force 2020-07-10
            }

            """,
    ]

    /// Changes come in the new side's order: its files by name, each from the top.
    static let expectedText = """
        OLD → NEW: 1 added, 1 removed, 1 renamed, 3 changed; 1 law map change

        added:
          + member fresh "Fresh Org"

        removed:
          - member gone "Gone Org"

        renamed:
          ~ member b → b2 "Org B"

        changed:
          event conf "A conference"
              organisers: + fresh
          law il_bill "Prohibition of Consumption of Prostitution Services Law"
              passed: (absent) → 2018-12-31
              in_force: (absent) → 2020-07-10
          member a "Org A"
              country: SE → NO

        law map (as of 2021-01-01):
          IL (Israel): bill approved by government (il_bill) → abolitionist, in force 2020-07-10 (il_bill)

        """

    @Test func twoFoldersTheSameHaveNoChanges() throws {
        let old = EndToEndTests.folder(Self.before), new = EndToEndTests.folder(Self.before)
        let run = try EndToEndTests.run(["diff", old.path, new.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "no changes between \(old.path) and \(new.path)\n")
    }

    @Test func twoFoldersShowEveryKindOfChange() throws {
        let old = EndToEndTests.folder(Self.before), new = EndToEndTests.folder(Self.after)
        let run = try EndToEndTests.run(["diff", "--as-of", "2021-01-01", old.path, new.path])
        #expect(run.status == 1, "\(run.stderr)")
        let text = run.stdout.replacingOccurrences(of: old.path, with: "OLD").replacingOccurrences(of: new.path, with: "NEW")
        #expect(text == Self.expectedText)
    }

    /// Entities are matched by id wherever they moved: to another file,
    /// or up or down in theirs, as the sides' order no longer lines up.
    @Test func movedAndReorderedEntitiesAreMatchedByID() throws {
        let old = EndToEndTests.folder(["members.cap": """
            member a "Org A" { country SE }
            member b "Org B" { country FR }
            member c "Org C" { country DK }
            member d "Org D" { country NO }

            """])
        let new = EndToEndTests.folder([
            "members.cap": """
                member d "Org D" { country NO }
                member c "Org C" { country DK }
                member a "Org A" { country SE }

                """,
            "more.cap": """
                member b "Org B" { country FI }

                """,
        ])
        let run = try EndToEndTests.run(["diff", old.path, new.path])
        #expect(run.status == 1, "\(run.stderr)")
        let text = run.stdout.replacingOccurrences(of: old.path, with: "OLD").replacingOccurrences(of: new.path, with: "NEW")
        #expect(text == """
            OLD → NEW: 1 changed

            changed:
              member b "Org B"
                  country: FR → FI

            """)
    }

    @Test func jsonForPrograms() throws {
        let old = EndToEndTests.folder(Self.before), new = EndToEndTests.folder(Self.after)
        let run = try EndToEndTests.run(["diff", "--format", "json", "--as-of", "2021-01-01", old.path, new.path])
        #expect(run.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["identical"] as? Bool == false)
        #expect((json["added"] as? [[String: Any]])?.map { $0["id"] as? String } == ["fresh"])
        let renamed = try #require((json["renamed"] as? [[String: Any]])?.first)
        #expect(renamed["old_id"] as? String == "b" && renamed["new_id"] as? String == "b2")
        let changed = try #require(json["changed"] as? [[String: Any]])
        let a = try #require(changed.first { $0["id"] as? String == "a" })
        #expect(a["file"] as? String == "\(new.path)/members.cap" && a["line"] as? Int == 1)
        let field = try #require((a["fields"] as? [[String: Any]])?.first)
        #expect(field["field"] as? String == "country" && field["old"] as? String == "SE" && field["new"] as? String == "NO")
        let law = try #require((json["law_map"] as? [[String: Any]])?.first)
        #expect(law["code"] as? String == "IL" && law["new"] as? String == "abolitionist, in force 2020-07-10 (il_bill)")
    }

    /// A pull request's data must not write links, images or HTML into the
    /// comment that reviews it.
    @Test func markdownEscapesTheData() throws {
        let old = EndToEndTests.folder(["m.cap": "member a \"Org A\" {\n  country SE\n}\n"])
        let new = EndToEndTests.folder(["m.cap": "member a \"Org A\" {\n  country SE\n}\n\nmember x \"<img src=x> [link](http://e.x) | cell\" {\n  country SE\n}\n"])
        let run = try EndToEndTests.run(["diff", "--format", "markdown", old.path, new.path])
        #expect(run.status == 1)
        #expect(run.stdout.contains("| member | x | \\<img src=x\\> \\[link\\](http://e.x) \\| cell |\n"), "\(run.stdout)")
        #expect(run.stdout.contains("**1 added**"))
    }

    /// A control character from the data (an escape, a right-to-left
    /// override) is spelled out in the pull-request comment, as in every
    /// other output, and GitHub's own marks are escaped.
    @Test func markdownSpellsOutControls() throws {
        let old = EndToEndTests.folder(["m.cap": "member a \"Org A\" {\n  country SE\n}\n"])
        let new = EndToEndTests.folder(["m.cap": "member a \"Org A\" {\n  country SE\n}\n\nmember x \"\\u{1B}[31m \\u{202E}# ~~x~~ &amp;\" {\n  country SE\n}\n"])
        let run = try EndToEndTests.run(["diff", "--format", "markdown", old.path, new.path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains(##"| member | x | \\u{1B}\[31m \u{202E}\# \~\~x\~\~ \&amp; |"## + "\n"), "\(run.stdout)")
        #expect(!run.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
    }

    @Test func githubAnnotatesTheChangedLines() throws {
        let old = EndToEndTests.folder(Self.before), new = EndToEndTests.folder(Self.after)
        let run = try EndToEndTests.run(["diff", "--format", "github", "--as-of", "2021-01-01", old.path, new.path])
        #expect(run.status == 1)
        #expect(run.lines.contains("::notice file=\(new.path)/members.cap,line=1,title=changed::member a: country: SE → NO"))
        #expect(run.lines.contains("::notice file=\(new.path)/members.cap,line=10,title=added::member fresh \"Fresh Org\""))
    }

    @Test func aSideWithErrorsIsNotCompared() throws {
        let old = EndToEndTests.folder(Self.before), new = EndToEndTests.folder(["m.cap": EndToEndTests.bad])
        let run = try EndToEndTests.run(["diff", old.path, new.path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("cap: error: \(new.path) has errors; nothing was compared"), "\(run.stderr)")
        let allowed = try EndToEndTests.run(["diff", "--allow-errors", old.path, new.path])
        #expect(allowed.status == 1)
        #expect(allowed.stdout.contains("+ member talita \"Talita\""))
    }

    /// A declared report's statistics, as computed from each side.
    @Test func theFiguresOfADeclaredReport() throws {
        let report = "report r \"Report 2017\" {\n  period 2017\n  format md\n  output \"r.md\"\n}\n\n"
        let a = "member a \"Org A\" {\n  country SE\n  joined 2017-03\n}\n"
        let old = EndToEndTests.folder(["d.cap": report + a])
        let new = EndToEndTests.folder(["d.cap": report + a + "\nmember b \"Org B\" {\n  country FR\n  joined 2017-05\n}\n"])
        let run = try EndToEndTests.run(["diff", old.path, new.path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("\nfigures:\n  r: new members: 1 → 2\n"), "\(run.stdout)")
        #expect(run.stdout.hasPrefix("\(old.path) → \(new.path): 1 added; 1 figure change\n"))
    }

    /// A report's own statistic that takes the report's activities is
    /// computed on each side from them, as a build computes it (it was
    /// given none, and counted nothing on either side).
    @Test func aReportsOwnStatisticIsComputedFromItsActivities() throws {
        let report = """
            coalition cap "CAP" { }
            report r "Report 2017" {
              period 2017
              format md
              output "r.md"
              statistic conferences
            }
            let conferences(activities) = activities | where kind == conference | count

            """
        let one = "event e1 \"Forum\" {\n  date 2017-03\n  kind conference\n  organisers cap\n}\n"
        let two = "event e2 \"Seminar\" {\n  date 2017-05\n  kind conference\n  organisers cap\n}\n"
        let old = EndToEndTests.folder(["d.cap": report + one])
        let new = EndToEndTests.folder(["d.cap": report + one + "\n" + two])
        let run = try EndToEndTests.run(["diff", old.path, new.path])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("  r: conferences: 1 → 2\n"), "\(run.stdout)")
    }

    // MARK: A git repository

    static func git(_ arguments: [String], in dir: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-c", "user.name=cap tests", "-c", "user.email=tests@example.org", "-c", "commit.gpgsign=false"] + arguments
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " ")) failed")
    }

    /// Two commits, then a change in the working tree that is not committed.
    static func repository() throws -> TemporaryFolder {
        let repo = TemporaryFolder()
        try git(["init", "-q"], in: repo.url)
        for (name, text) in before { repo.write("data/" + name, text) }
        repo.write("README.md", "not data\n")
        try git(["add", "."], in: repo.url)
        try git(["commit", "-q", "-m", "before"], in: repo.url)
        for (name, text) in after { repo.write("data/" + name, text) }
        try FileManager.default.removeItem(at: repo.url.appendingPathComponent("data/members.cap"))
        repo.write("data/members.cap", after["members.cap"]!)
        try git(["add", "-A"], in: repo.url)
        try git(["commit", "-q", "-m", "after"], in: repo.url)
        repo.write("data/laws.cap", after["laws.cap"]!.replacingOccurrences(of: "2020-07-10", with: "2020-07-11"))
        return repo
    }

    @Test func twoRevisionsOfARepository() throws {
        let repo = try Self.repository()
        let run = try EndToEndTests.run(["diff", "--as-of", "2021-01-01", "HEAD~1", "HEAD"], in: repo.url)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout == Self.expectedText.replacingOccurrences(of: "OLD → NEW", with: "HEAD~1 → HEAD"))
        // The working tree was not touched by reading the revisions.
        #expect(try String(contentsOf: repo.url.appendingPathComponent("data/laws.cap"), encoding: .utf8).contains("2020-07-11"))
    }

    @Test func aRevisionAgainstTheWorkingTree() throws {
        let repo = try Self.repository()
        let run = try EndToEndTests.run(["diff", "--as-of", "2021-01-01", "--format", "github", "HEAD", "--path", "data"], in: repo.url)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout == """
            ::notice file=data/laws.cap,line=1,title=changed::law il_bill: in_force: 2020-07-10 → 2020-07-11
            ::notice title=law map::IL (Israel): abolitionist, in force 2020-07-10 (il_bill) → abolitionist, in force 2020-07-11 (il_bill)
            cap diff HEAD → working tree: 1 changed; 1 law map change

            """)
        let same = try EndToEndTests.run(["diff", "HEAD", "HEAD"], in: repo.url)
        #expect(same.status == 0)
        #expect(same.stdout == "no changes between HEAD and HEAD\n")
    }

    /// A committed symbolic link is a blob holding the path it points to:
    /// not read as data (read, it would declare everything twice here).
    @Test func aCommittedLinkIsNotData() throws {
        let repo = try Self.repository()
        try FileManager.default.createSymbolicLink(atPath: repo.url.appendingPathComponent("data/again.cap").path,
                                                   withDestinationPath: "members.cap")
        try Self.git(["add", "-A"], in: repo.url)
        try Self.git(["commit", "-q", "-m", "link"], in: repo.url)
        let run = try EndToEndTests.run(["diff", "HEAD~1", "HEAD", "--path", "data"], in: repo.url)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("HEAD~1 → HEAD: 1 changed; 1 law map change\n"), "\(run.stdout)")
    }

    @Test func aRevisionThatDoesNotExist() throws {
        let repo = try Self.repository()
        let run = try EndToEndTests.run(["diff", "no-such-branch"], in: repo.url)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "cap: error: 'no-such-branch' is neither a folder nor a revision of this git repository\n")
    }
}
