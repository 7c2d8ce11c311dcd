import Foundation
import Testing

/// Reports, timelines and maps in French and Spanish, as a French- or
/// Spanish-speaking reader sees them (`--lang`, an output's `lang`), the
/// data's own translations with a visible fallback to English, the editors'
/// companion file and the matrix of the years by adoption (issue 33).
@Suite struct PublishLanguageTests {
    static let data = """
        coalition cap "CAP International" {
          description "A coalition of abolitionist NGOs."
          translation {
            lang fr
            description "Une coalition d’ONG abolitionnistes."
          }
          figure { name "country visits"; value 3; date 2017 }
        }
        tag un "UN advocacy" {
          translation { lang fr; name "Plaidoyer à l’ONU" }
        }
        event geneva "Side event at the Human Rights Council" {
          date 2017-03-14
          country CH
          city "Geneva"
          tags un
          translation { lang fr; name "Événement parallèle au Conseil des droits de l’homme" }
          translation { lang es; name "Evento paralelo en el Consejo de Derechos Humanos" }
        }
        event oslo "Meeting in Oslo" {
          date 2017-11
          country NO
        }
        law se_1998 "Sex Purchase Act" {
          jurisdiction SE
          model abolitionist
          passed 1998-05-28
          in_force 1999-01-01
        }
        law no_2008 "Sex Purchase Act" {
          jurisdiction NO
          model abolitionist
          passed 2008-11-21
          in_force 2009-01-01
        }

        """

    static func run(_ arguments: [String], data: String = data) throws -> String {
        let dir = EndToEndTests.folder(["data.cap": data])
        let r = try EndToEndTests.run(arguments + ["."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout
    }

    @Test func aFrenchReportSpeaksFrench() throws {
        let text = try Self.run(["report", "--period", "2017", "--lang", "fr"])
        #expect(text.hasPrefix("# Rapport annuel 2017\n\n**CAP International**\n\nUne coalition d’ONG abolitionnistes.\n"))
        #expect(text.contains("\n## Activités\n\n### Mars 2017\n\n- **Geneva, Suisse**: Événement parallèle au Conseil des droits de l’homme · Plaidoyer à l’ONU\n"))
        // No translation: the English title, in a French month.
        #expect(text.contains("\n### Novembre 2017\n\n- **Norvège**: Meeting in Oslo\n"))
        #expect(text.contains("\n## Statistiques\n\n- **3 visites de pays** — *les pays des activités de la coalition tenues en présentiel*\n"))
        #expect(text.contains("\n## Pour la rédaction : chiffres à vérifier\n\n- visites de pays : le rapport indique 3, les données en comptent 2 (1 de moins)."))
        #expect(text.contains("Comptés : Suisse, Norvège."))
    }

    @Test func aSpanishReportSpeaksSpanish() throws {
        let text = try Self.run(["report", "--period", "2017", "--lang", "es"])
        #expect(text.hasPrefix("# Informe anual 2017\n"))
        #expect(text.contains("\n### Marzo de 2017\n\n- **Geneva, Suiza**: Evento paralelo en el Consejo de Derechos Humanos · UN advocacy\n"))
        #expect(text.contains("\n## Estadísticas\n\n- **3 visitas a países**"))
    }

    @Test func theEnglishReportIsUnchangedByTranslations() throws {
        let text = try Self.run(["report", "--period", "2017"])
        #expect(text.contains("\n### March 2017\n\n- **Geneva, Switzerland**: Side event at the Human Rights Council · UN advocacy\n"))
        #expect(text.contains("\n- **3 country visits** — *the countries of the coalition's activities held in person*\n"))
    }

    @Test func aFrenchTimelineAndMap() throws {
        let timeline = try Self.run(["timeline", "--format", "md", "--lang", "fr"])
        #expect(timeline.contains("- **28 mai 1998** — Suède: Sex Purchase Act adoptée\n"))
        #expect(timeline.contains("- **1 janv. 1999** — Suède: Sex Purchase Act entre en vigueur\n"))
        #expect(timeline.contains("- **14 mars 2017** — Événement parallèle au Conseil des droits de l’homme (Geneva, Suisse) · `un`\n"))
        #expect(timeline.hasPrefix("# Chronologie\n"))
        // TimelineJS spells months in English: every slide says its date.
        let slides = try Self.run(["timeline", "--format", "timelinejs", "--lang", "fr"])
        #expect(slides.contains("\"display_date\":\"14 mars 2017\",\"text\":{\"headline\":\"Événement parallèle au Conseil des droits de l’homme\""))
        #expect(slides.contains("\"display_date\":\"1 janv. 1999\",\"text\":{\"headline\":\"Suède: Sex Purchase Act entre en vigueur\""))
        let csv = try Self.run(["map", "--as-of", "2017-12-31", "--format", "csv", "--lang", "es"])
        // CSV lines end in CRLF (RFC 4180).
        let sweden = try #require(csv.components(separatedBy: "\r\n").first { $0.hasPrefix("SE,") })
        #expect(sweden.hasPrefix("SE,SE,SWE,752,Suecia,abolitionist,in force,1998-05-28,1999-01-01,"))
        #expect(sweden.hasSuffix(",abolitionist,en vigor"))
        let svg = try Self.run(["map", "--as-of", "2017-12-31", "--format", "svg", "--lang", "fr"])
        #expect(svg.contains(">Les lois sur la prostitution</text>"))
        #expect(svg.contains(">Abolitionniste (2)</text>"))
        #expect(svg.contains(">Aucune loi enregistrée (247)</text>"))
        #expect(svg.contains("Source : CAP International, au 31 décembre 2017"))
    }

    /// An instrument's and a ratification's entries, whose titles the
    /// prelude words with placeholders, read in the language with the names
    /// filled in (they showed the bare name, losing what happened), and
    /// the State a title names is not repeated after it.
    @Test func instrumentsAndRatificationsInFrenchAndSpanish() throws {
        let data = Self.data + """
            instrument cedaw "CEDAW" {
              kind convention
              adopted 1979-12-18
              translation { lang fr; name "Convention CEDAW" }
            }
            ratification se_cedaw "Sweden: CEDAW" {
              state SE
              instrument cedaw
              ratified 1980-07-02
              in_force 1981-09-03
            }

            """
        let fr = try Self.run(["timeline", "--format", "md", "--lang", "fr"], data: data)
        #expect(fr.contains("- **18 déc. 1979** — Convention CEDAW : adoption\n"), "\(fr)")
        #expect(fr.contains("- **2 juil. 1980** — Suède ratifie : Convention CEDAW\n"), "\(fr)")
        #expect(fr.contains("- **3 sept. 1981** — Convention CEDAW : entrée en vigueur (Suède)\n"), "\(fr)")
        let es = try Self.run(["timeline", "--format", "md", "--lang", "es"], data: data)
        #expect(es.contains("Suecia ratifica: CEDAW\n"), "\(es)")
        let en = try Self.run(["timeline", "--format", "md"], data: data)
        #expect(en.contains("- **2 Jul 1980** — Sweden ratifies the CEDAW\n"), "\(en)")
        #expect(en.contains("- **3 Sep 1981** — CEDAW enters into force for Sweden\n"), "\(en)")
    }

    @Test func aFrenchOutputWarnsOfEachNameItShowsInEnglish() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data + """
            report rapport "Rapport annuel 2017" {
              period 2017
              format md
              output "rapport-2017.md"
              lang fr
            }

            """])
        let r = try EndToEndTests.run(["check", "."], in: dir.url)
        #expect(r.status == 0, "\(r.stderr)")
        let all = r.stdout + r.stderr
        #expect(all.contains("warning[W0720]: event 'oslo' has no French name; the French report 'rapport' shows it in English"))
        #expect(!all.contains("'geneva' has no French name"))
        #expect(!all.contains("'un' has no French name"))
        // Spanish is not published: nothing is said of it.
        #expect(!all.contains("Spanish"))
    }

    @Test func theEditorsDifferencesGoWhereTheReportSays() throws {
        let dir = EndToEndTests.folder(["data.cap": Self.data + """
            report apart "Annual Report 2017" {
              period 2017
              format md
              output "report.md"
              differences "report-figures-to-check.md"
            }
            report within "Annual Report 2017" {
              period 2017
              format html
              output "report.html"
            }

            """])
        let r = try EndToEndTests.run(["build", "-o", "out", "."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        func read(_ name: String) throws -> String {
            String(decoding: try EndToEndTests.read(dir.url.appendingPathComponent("out/" + name)), as: UTF8.self)
        }
        let report = try read("report.md")
        #expect(!report.contains("For the editors"))
        #expect(report.contains("- **3 country visits**"))
        #expect(try read("report-figures-to-check.md") == """
            # For the editors: figures to check

            Annual Report 2017

            - country visits: the report gives 3, the data counts 2 (1 fewer). Record the missing activities, or correct the published figure. Counted: Switzerland, Norway.

            """)
        #expect(try read("report.html").contains("<h2>For the editors: figures to check</h2>"))
    }

    @Test func theYearsMatrixByYearInForceOrByAdoption() throws {
        func sweden(_ extra: [String]) throws -> [String] {
            let csv = try Self.run(["map", "--as-of", "2009-12-31", "--format", "years"] + extra)
            let lines = csv.components(separatedBy: "\r\n")
            #expect(lines.first == "code,iso_a3,name,1998,1999,2000,2001,2002,2003,2004,2005,2006,2007,2008,2009")
            return lines.filter { $0.hasPrefix("SE,") || $0.hasPrefix("NO,") }
        }
        #expect(try sweden([]) == [
            "NO,NOR,Norway,,,,,,,,,,,abolitionist (adopted),abolitionist",
            "SE,SWE,Sweden,abolitionist (adopted),abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist",
        ])
        #expect(try sweden(["--years-by", "adoption"]) == [
            "NO,NOR,Norway,,,,,,,,,,,abolitionist,abolitionist",
            "SE,SWE,Sweden,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist,abolitionist",
        ])
        // The map entity's field asks the same.
        let dir = EndToEndTests.folder(["data.cap": Self.data + """
            map years "Laws by year of adoption" {
              format years
              output "years.csv"
              as_of 2009-12-31
              years_by adoption
            }

            """])
        let r = try EndToEndTests.run(["build", "-o", "out", "."], in: dir.url, environment: ["SOURCE_DATE_EPOCH": GoldenTests.epoch])
        #expect(r.status == 0, "\(r.stderr)")
        let built = String(decoding: try EndToEndTests.read(dir.url.appendingPathComponent("out/years.csv")), as: UTF8.self)
        #expect(built.contains("\r\nNO,NOR,Norway,,,,,,,,,,,abolitionist,abolitionist\r\n"))
    }

    /// The committed French and Spanish names are what the script writes from
    /// the installed iso-codes and locales packages (make test installs
    /// them), so they can be regenerated.
    @Test func theTranslationTablesAreWhatTheScriptWrites() throws {
        let committed = try GeneratedTables.expectScript("generate-translations.py", writes: "Sources/CapPublish/Generated/TranslationData.swift",
                                                         from: "iso-codes and locales")
        // What the tables give, as a reader checks it.
        #expect(committed.contains("\n    SE|Suède|Suecia\n"))
        #expect(committed.contains("\n    fr|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre\n"))
    }
}
