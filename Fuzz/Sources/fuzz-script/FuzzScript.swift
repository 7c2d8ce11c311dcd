import Cap
import FuzzSupport

/// Scripts on fixed data: the input is read as `cap run` and the REPL read
/// a script (a bare expression is a statement) beside a small clean data
/// file, checked, and when the check has no errors run with every value
/// format: `let`, `print`, `assert` and pipelines over members, events,
/// laws… The evaluation budgets are scaled down (`Fuzz.limits`), so an
/// operation whose cost escapes its budget (issue 28: equality, printing,
/// grouping and sorting over shared lists or long strings) exceeds the one
/// second or the 256 MB of heap, and libFuzzer reports it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScript(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    Fuzz.onDeepStack {
        let workspace = Fuzz.workspace(data: Array(scriptData.utf8), script: Fuzz.bytes(data, size))
        let program = workspace.check(runningRules: true, today: Fuzz.today, evaluationLimits: Fuzz.limits)
        if !workspace.diagnostics.hasErrors {
            let formatter = ValueFormatter(entities: program.model)
            program.run { value in
                _ = formatter.inline(value)
                _ = formatter.text(value)
                _ = formatter.json(value)
                _ = formatter.csv(value)
            }
        }
        Fuzz.checkRanges(workspace)
        Fuzz.renderDiagnostics(workspace, formats: [.text])
    }
    return 0
}

/// Clean data with an entity of each kind and the fields scripts reach:
/// dates of every precision, lists, references, a campaign, laws.
let scriptData = """
coalition cap "CAP International" { country FR; founded 2013-05 }
tag exit "Exit programmes" { }
member talita "Talita" { country SE; joined 2017-03; tags exit }
member mouvement "Mouvement du Nid" { country FR; joined 2014 }
member embrace "Embrace Dignity" { country ZA; joined 2019-11-02 }
person grace "Grace Example" { country GB-NIR; role { title "Ambassador"; org cap; from 2016 } }
campaign lgf "Last Girl First" { started 2017-03-08; lead cap; countries IN, NP }
event csw "Side event at CSW 61 « Égalité »" {
  date 2017-03-14 13:15 EDT
  kind side_event
  city "New York"
  country US
  languages en, fr
  organisers cap, talita
  speakers grace
  campaign lgf
  tags exit
}
event vilnius "Visit to Vilnius" { date 2017-06..2017-07; kind visit; country LT }
event webinar "Webinar" { date 2017; online true; kind presentation }
law se_1998 "Sex Purchase Act" { jurisdiction SE; model abolitionist; passed 1998-05; in_force 1999-01-01 }
law fr_2016 "Loi du 13 avril 2016" { jurisdiction FR; model abolitionist; passed 2016-04-13; amended 2017, 2018-02 }
law de_2002 "ProstG" { jurisdiction DE; model legalised; in_force 2002; repealed 2017-07 }
publication handbook "Handbook" { date 2017-11; languages en }
statement one_year "One year on" { date 2017-04-13; signatories cap, talita }

"""
