import Foundation
import Testing

/// `cap export` (issue 34): the SQLite database read back by the sqlite3
/// command-line client, and what the export refuses to replace.
/// Tests/Consumers/test_share.py reads it with Python's sqlite3, Datasette
/// and a real PostgreSQL server.
@Suite struct ExportTests {
    struct Query {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The sqlite3 client (Debian's sqlite3, installed by `make test`).
    static func sqlite3(_ database: String, _ sql: String) throws -> Query {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = ["-batch", "-bail", database, sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Query(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                     errors: String(decoding: errors, as: UTF8.self))
    }

    static func exportExamples(to path: String) throws {
        let run = try EndToEndTests.run(["export", "-o", path, "Examples"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func theExamplesReadBackInSqlite3() throws {
        let dir = TemporaryFolder()
        let db = dir.url.appendingPathComponent("coalition.db").path
        try Self.exportExamples(to: db)
        let counts = try Self.sqlite3(db, """
            SELECT count(*) FROM member; SELECT count(*) FROM event; SELECT count(*) FROM law;
            SELECT count(*) FROM entity; SELECT count(*) FROM country;
            """)
        #expect(counts.status == 0, "\(counts.errors)")
        #expect(counts.output == "28\n33\n13\n234\n250\n")
        // A date at its precision, with its first and last day.
        let event = try Self.sqlite3(db, "SELECT title, date, date_start, date_end, country FROM event WHERE id = 'world_congress_new_delhi_2017'")
        #expect(event.output == "Second World Congress Against the Sexual Exploitation of Women & Girls|2017-01|2017-01-01|2017-01-31|IN\n")
        // A junction table in list order, joined to the entities' labels.
        let organisers = try Self.sqlite3(db, """
            SELECT o.position, o.entity_id, e.label FROM event_organisers AS o JOIN entity AS e ON e.id = o.entity_id
            WHERE o.event_id = 'world_congress_new_delhi_2017' ORDER BY o.position
            """)
        #expect(organisers.output == "1|cap|CAP International\n2|apne_aap|Apne Aap\n")
        // A record list as a child table.
        let roles = try Self.sqlite3(db, "SELECT position, title, org FROM person_role WHERE person_id = 'gregoire_thery' ORDER BY position")
        #expect(roles.output == "1|Director|cap\n2|Co-founder|cap\n")
        // Full-text search over titles and descriptions.
        let found = try Self.sqlite3(db, "SELECT id FROM event WHERE rowid IN (SELECT rowid FROM event_fts WHERE event_fts MATCH 'Delhi') ORDER BY id")
        #expect(found.output == "general_assembly_2017\nworld_congress_new_delhi_2017\n")
        // Every foreign key points at a row, and the file is sound.
        let integrity = try Self.sqlite3(db, "PRAGMA foreign_key_check; PRAGMA integrity_check;")
        #expect(integrity.output == "ok\n")
        let keys = try Self.sqlite3(db, "SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list('member_tags') ORDER BY \"from\"")
        #expect(keys.output == "member|member_id|id\ntag|tag_id|id\n")
    }

    /// The view follows the day the database is read; on any day after
    /// 2020-07-10 it says what `cap map` says today.
    @Test func theLawMapViewIsTheMapOfToday() throws {
        let dir = TemporaryFolder()
        let db = dir.url.appendingPathComponent("coalition.db").path
        try Self.exportExamples(to: db)
        let rows = try Self.sqlite3(db, "SELECT code, model, status, adopted, in_force, law_id FROM law_map WHERE code IN ('IL', 'FR', 'GB-NIR', 'GB') ORDER BY code")
        #expect(rows.output == """
            FR|abolitionist|passed|2016-04-06||fr_2016
            GB|||||
            GB-NIR|abolitionist|in force|2014-12-09|2015-06-01|gb_nir_2015
            IL|abolitionist|in force|2018-12-31|2020-07-10|il_2018

            """)
        let count = try Self.sqlite3(db, "SELECT count(*), count(model) FROM law_map")
        #expect(count.output == "250|10\n")
    }

    @Test func aReExportReplacesTheWholeFile() throws {
        let dir = TemporaryFolder()
        let db = dir.url.appendingPathComponent("coalition.db").path
        try Self.exportExamples(to: db)
        let small = EndToEndTests.folder(["m.cap": "member solo \"Solo\" {\n  country SE\n}\n"])
        let run = try EndToEndTests.run(["export", "-o", db, small.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.sqlite3(db, "SELECT id, name, country FROM member; SELECT count(*) FROM event").output == "solo|Solo|SE\n0\n")
        // Nothing is left beside it but the database and its metadata.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["coalition.db", "coalition.metadata.json"])
    }

    @Test func theDatasetteMetadataDescribesTheTables() throws {
        let dir = TemporaryFolder()
        let db = dir.url.appendingPathComponent("coalition.db").path
        let run = try EndToEndTests.run(["export", "-o", db, "--license", "CC-BY-4.0", "Examples"])
        #expect(run.status == 0)
        let data = try EndToEndTests.read(dir.url.appendingPathComponent("coalition.metadata.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["title"] as? String == "CAP International")
        #expect(json["license"] as? String == "CC-BY-4.0")
        let tables = try #require(((json["databases"] as? [String: Any])?["coalition"] as? [String: Any])?["tables"] as? [String: Any])
        let member = try #require(tables["member"] as? [String: Any])
        #expect(member["label_column"] as? String == "name")
        #expect(member["facets"] as? [String] == ["country"])
        #expect((member["columns"] as? [String: String])?["joined"]?.hasPrefix("When it joined the coalition.") == true)
        #expect((tables["law"] as? [String: Any])?["facets"] as? [String] == ["jurisdiction", "model"])
    }

    // MARK: What is refused

    static let member = ["m.cap": "member solo \"Solo\" {\n  country SE\n}\n"]

    @Test func aFolderIsNotADatabase() throws {
        let dir = EndToEndTests.folder(Self.member)
        let target = dir.mkdir("out")
        let run = try EndToEndTests.run(["export", "-o", target, dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("cap: error: cannot write '\(target)': is a folder; give the database's file name"), "\(run.stderr)")
    }

    @Test func aReadOnlyDatabaseIsLeftAlone() throws {
        let dir = EndToEndTests.folder(Self.member)
        let db = dir.url.appendingPathComponent("out.db").path
        try Self.exportExamples(to: db)
        let before = try EndToEndTests.read(URL(fileURLWithPath: db))
        #expect(chmod(db, 0o444) == 0)
        let run = try EndToEndTests.run(["export", "-o", db, dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is read-only; cap does not replace a read-only database"), "\(run.stderr)")
        #expect(try EndToEndTests.read(URL(fileURLWithPath: db)) == before)
    }

    /// Another process in a write transaction (sqlite3 holding BEGIN
    /// IMMEDIATE) keeps its database.
    @Test func aLockedDatabaseIsLeftAlone() throws {
        let dir = EndToEndTests.folder(Self.member)
        let db = dir.url.appendingPathComponent("out.db").path
        try Self.exportExamples(to: db)
        let before = try EndToEndTests.read(URL(fileURLWithPath: db))
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        holder.arguments = [db]
        let input = Pipe(), output = Pipe()
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nSELECT 'locked';\n".utf8))
        // Once it answers, it holds the lock.
        var answer = Data()
        while !String(decoding: answer, as: UTF8.self).contains("locked") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            answer += chunk
        }
        let run = try EndToEndTests.run(["export", "-o", db, dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is locked by another process"), "\(run.stderr)")
        #expect(try EndToEndTests.read(URL(fileURLWithPath: db)) == before)
    }

    @Test func aFileThatIsNotADatabaseIsLeftAlone() throws {
        let dir = EndToEndTests.folder(Self.member)
        let notes = dir.write("notes.txt", "my notes\n")
        let run = try EndToEndTests.run(["export", "-o", notes, dir.path])
        #expect(run.status == 2)
        #expect(run.stderr.contains("is not a SQLite database"), "\(run.stderr)")
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
    }

    @Test func dataWithErrorsIsNotExportedUnlessAllowed() throws {
        let dir = EndToEndTests.folder(["m.cap": EndToEndTests.bad])
        let out = TemporaryFolder()
        let db = out.url.appendingPathComponent("x.db").path
        let refused = try EndToEndTests.run(["export", "-o", db, dir.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing was written: fix the errors first"), "\(refused.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
        let allowed = try EndToEndTests.run(["export", "--allow-errors", "-o", db, dir.path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stderr.contains("exporting anyway (--allow-errors)"))
        // The member is there; its bad country is left empty.
        #expect(try Self.sqlite3(db, "SELECT id, country IS NULL FROM member").output == "talita|1\n")
    }

    @Test func sqliteNeedsAnOutputFile() throws {
        let run = try EndToEndTests.run(["export", "Examples"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--format sqlite writes a database file: give it with -o"), "\(run.stderr)")
    }

    /// The PostgreSQL script replaces its schema in one transaction and
    /// loads the rows with COPY (a real server runs it in test_share.py).
    /// A number field of a kind is written as written, as a figure's value
    /// is: whole, decimal or a range (the decimal and the range were left
    /// empty, and the whole number stored as an integer, in both databases).
    @Test func aKindsNumberFieldKeepsItsValue() throws {
        let dir = EndToEndTests.folder(["a.cap": """
            kind survey "A survey." {
              header title
              share { type number; doc "The share." }
            }
            survey s1 "One" { share 3.5 }
            survey s2 "Two" { share 85..90 }
            survey s3 "Three" { share 40 }

            """])
        let db = dir.url.appendingPathComponent("out.db").path
        let run = try EndToEndTests.run(["export", "-o", db, "."], in: dir.url)
        #expect(run.status == 0, "\(run.stderr)")
        let shares = try Self.sqlite3(db, "SELECT id, share, typeof(share) FROM survey ORDER BY id")
        #expect(shares.output == "s1|3.5|text\ns2|85..90|text\ns3|40|text\n")
        let script = try EndToEndTests.run(["export", "--format", "postgres", "."], in: dir.url)
        #expect(script.status == 0, "\(script.stderr)")
        #expect(script.lines.filter { $0.hasPrefix("s") && $0.contains("\ta.cap\t") }.map { $0.split(separator: "\t").last.map(String.init) }
                == ["3.5", "85..90", "40"])
    }

    @Test func thePostgresScriptIsOneTransaction() throws {
        let run = try EndToEndTests.run(["export", "--format", "postgres", "--schema", "coalition", "Examples"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.lines
        #expect(lines.contains("BEGIN;"))
        #expect(lines.contains("DROP SCHEMA IF EXISTS \"coalition\" CASCADE;"))
        #expect(lines.contains("COPY \"member_tags\" (\"member_id\", \"position\", \"tag_id\") FROM stdin;"))
        #expect(lines.filter { $0 == "COMMIT;" }.count == 1)
        #expect(lines.last { !$0.isEmpty } == "COMMIT;")
    }
}
