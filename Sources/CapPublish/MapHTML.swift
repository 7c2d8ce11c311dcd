import CapBase
import CapValues

/// The law map as one self-contained, interactive HTML page, for a
/// journalist to embed: the SVG map inline, a slider over the years of the
/// law history, details of a country on hover, tap or keyboard focus, a
/// legend of the categories shown, and the same facts as a table (which is
/// all a reader without scripts or a screen reader needs). Nothing is
/// loaded from the network: no fonts, scripts, stylesheets or images.
///
/// The slider's steps are the end of each year from the first law stage to
/// the as-of year, the last being the as-of day itself; each year's
/// categories are the matrix of the years' (`LawMapWriter.years`): a law
/// counts from the year it took effect.
public enum MapHTML {
    package static func render(rows: [LawMapRow], laws: [LawMap.Law], asOf: CapDate, heading: MapSVG.Heading) -> String {
        let (years, days) = LawMapWriter.yearSteps(laws, asOf: asOf)
        let language = heading.language, labels = language.labels
        // A table cell of a place without a law in the year.
        let noneWord = language == .en ? "none" : labels.noLaw
        var lawsByPlace: [String: [LawMap.Law]] = [:]
        for law in laws {
            if let place = law.place { lawsByPlace[place, default: []].append(law) }
        }
        // Per place with a law: its category and words in each year.
        var states: [(row: LawMapRow, cells: [(category: String, text: String)])] = []
        var colours: [String: String] = [:]
        for row in rows where lawsByPlace[row.code] != nil {
            let own = lawsByPlace[row.code]!
            let cells = days.map { day -> (String, String) in
                let found = LawMap.governing(own, day)
                let category = LawMapWriter.yearCategory(found, by: heading.yearsBy)
                var yearRow = row
                if let found { LawMap.fill(&yearRow, found, day, language: language) } else { yearRow.status = nil }
                return (category, category.isEmpty ? labels.noLaw : MapSVG.describe(yearRow, name: row.name, language))
            }
            for c in cells where !c.0.isEmpty { colours[c.0] = colour(c.0) }
            states.append((row, cells))
        }
        let svg = MapSVG.render(rows: rows, asOf: asOf, heading: heading, interactive: true)
        let inlineSVG = svg.split(separator: "\n", maxSplits: 1).last.map(String.init) ?? svg

        var out = TextBuffer(capacity: svg.utf8.count + 20_000)
        HTMLPage.open(title: heading.title, language: language, into: &out)
        out.append(literal: """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:64rem;padding:.75rem;color:#1a1a1a;line-height:1.4}
            h1{font-size:1.5rem;margin:.2rem 0}.sub{margin:.2rem 0 .6rem;color:#444}
            figure{margin:0}svg{width:100%;height:auto;display:block}
            svg #legend,svg #map-title,svg #as-of,svg #source{display:none}
            .place:focus{outline:none;stroke:#000;stroke-width:1.5}.place:hover{stroke:#000;stroke-width:1}
            .controls{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:.6rem 0}
            .controls input{flex:1 1 12rem;min-width:0}
            #year{font-weight:bold;font-size:1.2rem;min-width:3.5rem}
            #details{min-height:2.8em;padding:.4rem .6rem;background:#f3f7fa;border-left:4px solid #0072B2}
            ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem}
            ul.legend span{display:inline-block;width:1em;height:1em;vertical-align:-.15em;margin-right:.35em;border:1px solid #999}
            .table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}
            th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd}td:last-child{overflow-wrap:anywhere}
            .source{color:#555;font-size:.9rem}
            </style>
            </head>
            <body>

            """)
        out.append(literal: "<h1>")
        out.appendHTML(heading.title)
        out.append(literal: "</h1>\n<p class=\"sub\">")
        if let subtitle = heading.subtitle {
            out.appendHTML(subtitle)
            out.append(literal: " · ")
        }
        out.append(literal: "<span id=\"as-of-text\">")
        out.appendHTML(labels.asOf(MapSVG.longDate(asOf, language)))
        out.append(literal: "</span></p>\n<figure>\n")
        out.append(inlineSVG)
        out.append("</figure>\n<div class=\"controls\"><label for=\"slider\">\(labels.year)</label>")
        out.append("<input id=\"slider\" type=\"range\" min=\"0\" max=\"\(max(0, years.count - 1))\" step=\"1\" value=\"\(max(0, years.count - 1))\" aria-describedby=\"year\">")
        out.append(literal: "<output id=\"year\" for=\"slider\">")
        out.append(years.last.map(String.init) ?? "")
        out.append("</output></div>\n<p id=\"details\" aria-live=\"polite\">\(labels.pointAt)</p>\n")
        out.append("<ul class=\"legend\" id=\"map-key\"></ul>\n<div class=\"table\"><table id=\"laws\"><caption>\(labels.lawsRecorded)</caption>\n")
        out.append("<thead><tr><th scope=\"col\">\(labels.columns.country)</th><th scope=\"col\">\(labels.columns.category)</th>"
            + "<th scope=\"col\">\(labels.columns.status)</th></tr></thead><tbody>\n")
        for s in states {
            let last = s.cells.last ?? ("", "")
            out.append(literal: "<tr data-code=\"")
            out.appendHTML(s.row.code)
            out.append(literal: "\"><th scope=\"row\">")
            out.appendHTML(s.row.name)
            out.append(literal: "</th><td>")
            out.appendHTML(last.category.isEmpty ? noneWord : MapSVG.label(last.category, language))
            out.append(literal: "</td><td>")
            out.appendHTML(last.text)
            out.append(literal: "</td></tr>\n")
        }
        out.append(literal: "</tbody></table></div>\n<p class=\"source\">")
        let asOfText = labels.asOf(MapSVG.longDate(asOf, language))
        let source = (heading.source.map { labels.source($0, MapSVG.longDate(asOf, language)) }
            ?? asOfText.prefix(1).uppercased() + asOfText.dropFirst()) + labels.mapCreditHTML
        out.appendHTML(source)
        out.append(literal: "</p>\n<script>\nconst CAP = ")
        // The data, as JSON; "<" escaped so that no text closes the script.
        var json = "{\"years\":" + JSON.array(years.enumerated().map { i, y in
            JSON.quote(i == years.count - 1 ? MapSVG.longDate(asOf, language) : String(y))
        })
        json += ",\"noLaw\":" + JSON.quote(MapSVG.noDataColour)
        if language != .en {
            json += ",\"words\":" + JSON.object([("noLaw", JSON.quote(labels.noLawLabel)), ("none", JSON.quote(noneWord))])
        }
        json += ",\"colours\":" + JSON.object(colours.keys.sorted().map { ($0, JSON.quote(colours[$0]!)) })
        json += ",\"labels\":" + JSON.object(colours.keys.sorted().map { ($0, JSON.quote(MapSVG.label($0, language))) })
        json += ",\"places\":" + JSON.object(states.map { s in
            (s.row.code, JSON.object([
                ("name", JSON.quote(s.row.name)),
                ("c", JSON.array(s.cells.map { JSON.quote($0.category) })),
                ("t", JSON.array(s.cells.map { JSON.quote($0.text) })),
            ]))
        }) + "}"
        out.append(String(String.UnicodeScalarView(json.unicodeScalars.flatMap { $0 == "<" ? Array("\\u003c".unicodeScalars) : [$0] })))
        out.append(literal: """
            ;
            (function () {
              const slider = document.getElementById('slider'), year = document.getElementById('year');
              const details = document.getElementById('details'), legend = document.getElementById('map-key');
              const paths = document.querySelectorAll('#countries path, #inset path[data-code]');
              function show(i) {
                year.textContent = CAP.years[i].length > 4 ? CAP.years[i].slice(-4) : CAP.years[i];
                const counts = {};
                for (const p of paths) {
                  const place = CAP.places[p.dataset.code || p.id];
                  const c = place ? place.c[i] : '';
                  p.setAttribute('fill', c ? CAP.colours[c] : CAP.noLaw);
                  if (c && p.closest('#countries')) counts[c] = (counts[c] || 0) + 1;
                  const t = p.querySelector('title');
                  if (place && t) t.textContent = place.t[i];
                }
                legend.innerHTML = '';
                for (const c of Object.keys(CAP.colours).sort()) {
                  if (!counts[c]) continue;
                  const li = document.createElement('li'), sw = document.createElement('span');
                  sw.style.background = CAP.colours[c];
                  li.append(sw, CAP.labels[c] + ' (' + counts[c] + ')');
                  legend.append(li);
                }
                const none = document.createElement('li'), sw = document.createElement('span');
                sw.style.background = CAP.noLaw;
                none.append(sw, CAP.words ? CAP.words.noLaw : 'No law recorded');
                legend.append(none);
                for (const row of document.querySelectorAll('#laws tbody tr')) {
                  const place = CAP.places[row.dataset.code];
                  row.cells[0].nextElementSibling.textContent = place.c[i] ? CAP.labels[place.c[i]] : (CAP.words ? CAP.words.none : 'none');
                  row.cells[2].textContent = place.t[i];
                }
              }
              function describe(p) {
                const place = CAP.places[p.dataset.code || p.id], i = +slider.value;
                const t = p.querySelector('title');
                details.textContent = place ? place.t[i] : (t ? t.textContent : p.id);
              }
              for (const p of paths) {
                p.addEventListener('mouseenter', () => describe(p));
                p.addEventListener('focus', () => describe(p));
                p.addEventListener('click', () => describe(p));
                p.setAttribute('role', 'img');
              }
              slider.addEventListener('input', () => show(+slider.value));
              show(+slider.value);
            })();
            </script>
            </body>
            </html>

            """)
        return out.text
    }

    static func colour(_ category: String) -> String {
        if category.hasSuffix(" bill") { return MapSVG.billColours[String(category.dropLast(5))] ?? MapSVG.otherBillColour }
        // Adopted, not yet in force: a lighter blue for an abolitionist law,
        // the model's own colour for the others.
        if category.hasSuffix(" (adopted)") {
            let model = String(category.dropLast(10))
            return model == "abolitionist" ? "#56B4E9" : colour(model)
        }
        return MapSVG.models.first { $0.model == category }?.colour ?? MapSVG.otherModelColour
    }
}
