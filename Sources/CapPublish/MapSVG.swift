import CapValues
import CapSchema

/// The abolitionist-law map as one self-contained SVG: a world choropleth
/// with a path per jurisdiction, a legend and the as-of date.
///
/// - Shapes come from `WorldShapes` (Natural Earth 1:110m, see the header of
///   WorldShapes.swift), already projected to Equal Earth, an equal-area
///   projection, so a country's colour covers its true share of the map.
/// - Each `<path>` has the jurisdiction's code as `id` ("SE", "GB-NIR") and a
///   `<title>` (name, model, dates) that browsers show on hover. A country
///   with no row is drawn too, in the no-data grey, with its alpha-2 code.
/// - A subdivision with a shape of its own (only GB-NIR) is drawn separately
///   when a row names it; otherwise it is part of its country's path.
/// - Places too small to see at this scale (Malta, Singapore, most islands)
///   get a marker circle when their row has a model, inside their own path.
/// - Rows with a model but no shape at all (Gibraltar, Réunion: Natural Earth
///   draws them inside another country) are named in a note under the legend.
/// - Colours are by category: the model of a law adopted or in force, or
///   "abolitionist bill" for a bill approved by a government but not yet
///   passed (light blue: not law, but not "nothing" either). The legend lists
///   the categories present, with their counts; "No law recorded" counts the
///   rows with none.
/// - Text is sized to stay legible when the map is embedded 390 px wide
///   (a phone): 24 units of 1000 are 9 px there. An inset draws Europe at
///   2.6 times the scale, where Iceland, Ireland, Northern Ireland and
///   Israel are otherwise a few pixels.
/// - The heading is the map entity's title and subtitle; a source line
///   names the publisher and the as-of date.
/// - No fonts, stylesheets or scripts are linked; text is XML-escaped UTF-8;
///   coordinates have at most one decimal; the same rows give the same bytes.
public enum MapSVG {
    /// Models in legend order; any other model string follows, sorted.
    static let models: [(model: String, label: String, colour: String)] = [
        ("abolitionist", "Abolitionist", "#0072B2"),
        ("prohibitionist", "Prohibitionist", "#F0C566"),
        ("legalised", "Legalised", "#E0AFCA"),
        ("decriminalised", "Decriminalised", "#66C5AB"),
        ("partial", "Partial", "#F6EF8E"),
    ]
    // Okabe–Ito colours, safe for the common colour-vision deficiencies:
    // blue #0072B2 at full strength for the abolitionist model, the others
    // (orange, reddish purple, bluish green, yellow) mixed 40% with white.
    static let otherModelColour = "#A0A0A0"
    /// A bill approved but not passed: light blue for an abolitionist one.
    static let billColours = ["abolitionist": "#A6CEE3"]
    static let otherBillColour = "#D8D8D8"
    static let noDataColour = "#DDDDDD"
    static let seaColour = "#F3F7FA"

    static let mapTop = 110      // the map's offset below the title, in units
    static let markerRadius = 25 // tenths: a 2.5-unit circle
    static let tinySize = 40     // tenths: a place under 4 units each way is tiny

    /// What the map says above and below itself.
    public struct Heading: Sendable {
        public var title: String
        public var subtitle: String?
        /// Who publishes the data: "CAP International".
        public var source: String?
        /// The language of the map's words (`--lang`, a map's `lang`).
        public var language: PublishLanguage = .en
        /// What dates a law in the matrix of the years (`--years-by`).
        public var yearsBy: LawMap.YearsBy = .inForce

        public init(title: String, subtitle: String? = nil, source: String? = nil) {
            self.title = title
            self.subtitle = subtitle
            self.source = source
        }
    }

    /// "31 December 2021".
    static func longDate(_ d: CapDate, _ language: PublishLanguage = .en) -> String { language.longDate(d) }

    public static func render(rows: [LawMapRow], asOf: CapDate, title: String) -> String {
        render(rows: rows, asOf: asOf, heading: Heading(title: title))
    }

    public static func render(rows: [LawMapRow], asOf: CapDate, heading: Heading, interactive: Bool = false) -> String {
        let title = heading.title, language = heading.language, labels = language.labels
        let world = WorldMap.shared
        var rowByKey: [String: LawMapRow] = [:]
        var unshaped: [LawMapRow] = []
        for row in rows {
            let key = shapeKey(row)
            if world.index[key] != nil {
                if rowByKey[key] == nil { rowByKey[key] = row }
            } else if row.model != nil {
                unshaped.append(row)
            }
        }

        // Paths: one per drawn jurisdiction, by id.
        struct Drawn { var id: String, row: LawMapRow?, name: String, shapes: [Int] }
        var drawn: [String: Drawn] = [:]
        for (i, shape) in world.shapes.enumerated() {
            var key = shape.key
            // A subdivision without a row of its own belongs to its country.
            if rowByKey[key] == nil, key.utf8.contains(UInt8(ascii: "-")),
               let parent = Jurisdictions.lookup(code: key)?.parent,
               let country = Jurisdictions.lookup(code: parent)?.alpha3 {
                key = country
            }
            let row = rowByKey[key]
            let place = Jurisdictions.lookup(code: key)
            let id = row?.code ?? place?.code ?? key
            drawn[id, default: Drawn(id: id, row: row, name: row?.name ?? place?.name ?? key, shapes: [])]
                .shapes.append(i)
        }

        let height = Double(WorldShapes.height)
        let mapBottom = mapTop + Int(height.rounded(.up))
        let inset = europeInset(world)
        let legendRows = legendEntries(rows, language).count
        let belowMap = max(inset.height + 56, legendRows * 34 + 30)
        let totalHeight = mapBottom + belowMap + 70
        var svg = ""
        svg.reserveCapacity(120_000)
        svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(WorldShapes.width)\" height=\"\(totalHeight)\""
        svg += " viewBox=\"0 0 \(WorldShapes.width) \(totalHeight)\" font-family=\"sans-serif\">\n"
        svg += "<title>\(escape(title)) (as of \(asOf))</title>\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        // SVG text does not wrap: a title too long for the width is fitted
        // to it (about 0.6 em a character) rather than cut off.
        let fit = Double(title.count) * 0.6 * 32 > Double(WorldShapes.width - 32)
            ? " textLength=\"\(WorldShapes.width - 32)\" lengthAdjust=\"spacingAndGlyphs\"" : ""
        svg += "<text id=\"map-title\" x=\"16\" y=\"40\" font-size=\"32\" font-weight=\"bold\" fill=\"#222222\"\(fit)>\(escape(title))</text>\n"
        let sub = [heading.subtitle, labels.asOf(longDate(asOf, language))].compactMap { $0 }.joined(separator: " · ")
        svg += "<text id=\"as-of\" x=\"16\" y=\"80\" font-size=\"24\" fill=\"#444444\">\(escape(sub))</text>\n"

        svg += "<g id=\"map\" transform=\"translate(0,\(mapTop))\" stroke=\"#FFFFFF\" stroke-width=\"0.4\" stroke-linejoin=\"round\">\n"
        svg += "<path id=\"sphere\" fill=\"\(seaColour)\" stroke=\"#C8D2DA\" stroke-width=\"0.8\" d=\""
        appendRing(WorldMap.parseRing(WorldShapes.sphere.utf8), to: &svg)
        svg += "\"/>\n"
        svg += "<g id=\"countries\">\n"
        for id in drawn.keys.sorted() {
            let d = drawn[id]!
            svg += "<path id=\"\(escape(id))\" fill=\"\(colour(d.row))\""
            if interactive { svg += " tabindex=\"0\" class=\"place\" data-code=\"\(escape(id))\"" }
            svg += " d=\""
            var largest: WorldMap.Shape? = nil
            for i in d.shapes {
                let shape = world.shapes[i]
                for ring in shape.rings { appendRing(ring, to: &svg) }
                if largest == nil || shape.area > largest!.area { largest = shape }
            }
            if d.row?.model != nil, let big = largest, big.isTiny(tinySize) {
                appendMarker(x: big.centreX, y: big.centreY, to: &svg)
            }
            svg += "\"><title>\(escape(describe(d.row, name: d.name, language)))</title></path>\n"
        }
        svg += "</g>\n</g>\n"

        appendLegend(rows, top: mapBottom + 24, language: language, to: &svg)
        // Europe at a larger scale: the same paths, through a viewBox.
        let ix = WorldShapes.width - 16 - inset.width, iy = mapBottom + 36
        svg += "<g id=\"inset\"><text x=\"\(ix)\" y=\"\(iy - 6)\" font-size=\"20\" fill=\"#444444\">\(escape(labels.inset))</text>"
        svg += "<rect x=\"\(ix)\" y=\"\(iy)\" width=\"\(inset.width)\" height=\"\(inset.height)\" fill=\"\(seaColour)\" stroke=\"#888888\" stroke-width=\"1\"/>"
        // The places within it drawn again, at its scale: no <use>, which
        // some SVG readers do not follow.
        svg += "<svg x=\"\(ix)\" y=\"\(iy)\" width=\"\(inset.width)\" height=\"\(inset.height)\" viewBox=\"\(inset.viewBox)\">"
        svg += "<g stroke=\"#FFFFFF\" stroke-width=\"0.3\" stroke-linejoin=\"round\">"
        for id in drawn.keys.sorted() {
            let d = drawn[id]!
            let inside = d.shapes.filter { i in
                let s = world.shapes[i]
                return s.maxX >= inset.box.minX && s.minX <= inset.box.maxX && s.maxY >= inset.box.minY && s.minY <= inset.box.maxY
            }
            guard !inside.isEmpty else { continue }
            svg += "<path data-code=\"\(escape(id))\" fill=\"\(colour(d.row))\" d=\""
            for i in inside { for ring in world.shapes[i].rings { appendRing(ring, to: &svg) } }
            svg += "\"/>"
        }
        svg += "</g></svg>"
        svg += "</g>\n"
        if !unshaped.isEmpty {
            let names = unshaped.sorted { $0.code < $1.code }.map { "\($0.name) (\($0.model ?? ""))" }
            let shown = names.prefix(8).joined(separator: ", ")
            let more = names.count > 8 ? ", and \(names.count - 8) more" : ""
            svg += "<text id=\"not-drawn\" x=\"16\" y=\"\(totalHeight - 42)\" font-size=\"18\" fill=\"#555555\">"
            svg += "\(escape(labels.notDrawn + shown + more))</text>\n"
        }
        let asOfText = labels.asOf(longDate(asOf, language))
        let source = (heading.source.map { labels.source($0, longDate(asOf, language)) }
            ?? asOfText.prefix(1).uppercased() + asOfText.dropFirst()) + labels.mapCredit
        svg += "<text id=\"source\" x=\"16\" y=\"\(totalHeight - 14)\" font-size=\"18\" fill=\"#555555\">\(escape(source))</text>\n"
        svg += "</svg>\n"
        return svg
    }

    /// The `WorldShapes` key for a row: its ISO 3166-2 code for a
    /// subdivision, its alpha-3 for a country.
    static func shapeKey(_ row: LawMapRow) -> String {
        if row.code.utf8.contains(UInt8(ascii: "-")) { return row.code }
        if !row.isoA3.isEmpty { return row.isoA3 }
        return Jurisdictions.lookup(code: row.code)?.alpha3 ?? row.code
    }

    static func colour(_ row: LawMapRow?) -> String {
        guard let category = row?.category else { return noDataColour }
        if let model = row?.model { return models.first { $0.model == model }?.colour ?? otherModelColour }
        _ = category
        return billColours[row?.pendingModel ?? ""] ?? otherBillColour
    }

    /// "Sweden: abolitionist law, in force since 1 January 1999".
    static func describe(_ row: LawMapRow?, name: String, _ language: PublishLanguage = .en) -> String {
        let labels = language.labels
        guard let row, let category = row.category else { return "\(name): \(labels.noLaw)" }
        var text = "\(name): \(language == .en ? category : label(category, language).lowercased())"
        if let status = row.statusText { text += ", \(status)" }
        if let inForce = row.inForce { text += labels.since(longDate(inForce, language)) } else if let adopted = row.adopted {
            text += labels.adoptedOn(longDate(adopted, language))
        }
        if let title = row.lawTitle { text += ". \(title)" }
        return text
    }

    static func upperFirst(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    /// The legend's label of a category.
    static func label(_ category: String, _ language: PublishLanguage = .en) -> String {
        let labels = language.labels
        func name(_ model: String) -> String {
            labels.model(model) ?? models.first { $0.model == model }?.label ?? upperFirst(model)
        }
        if category.hasSuffix(" bill") { return labels.bill(name(String(category.dropLast(5)))) }
        return name(category)
    }

    /// The categories present, in legend order, with their colours and
    /// counts; then the rows with none.
    static func legendEntries(_ rows: [LawMapRow], _ language: PublishLanguage = .en)
        -> [(category: String, label: String, colour: String, count: Int)] {
        var counts: [String: Int] = [:], sample: [String: LawMapRow] = [:]
        var none = 0
        for row in rows {
            if let c = row.category { counts[c, default: 0] += 1; sample[c] = sample[c] ?? row } else { none += 1 }
        }
        var order = models.map(\.model).flatMap { [$0, $0 + " bill"] }
        order += counts.keys.sorted().filter { !order.contains($0) }
        var out = order.compactMap { c in counts[c].map { (c, label(c, language), colour(sample[c]), $0) } }
        if none > 0 { out.append(("", language.labels.noLawLabel, noDataColour, none)) }
        return out
    }

    static func appendLegend(_ rows: [LawMapRow], top: Int, language: PublishLanguage = .en, to svg: inout String) {
        svg += "<g id=\"legend\" font-size=\"24\" fill=\"#222222\">\n"
        for (i, e) in legendEntries(rows, language).enumerated() {
            let y = top + i * 34
            svg += "<g class=\"legend-item\" data-category=\"\(escape(e.category))\" data-count=\"\(e.count)\">"
            svg += "<rect x=\"16\" y=\"\(y)\" width=\"24\" height=\"24\" fill=\"\(e.colour)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"50\" y=\"\(y + 20)\">\(escape(e.label)) (\(e.count))</text></g>\n"
        }
        svg += "</g>\n"
    }

    /// Europe and the Middle East, from Iceland to Israel: the viewBox in
    /// map units (the map's own, offset by `mapTop` as drawn) and the size
    /// the inset takes on the page.
    static func europeInset(_ world: WorldMap) -> (viewBox: String, width: Int, height: Int,
                                                   box: (minX: Int, minY: Int, maxX: Int, maxY: Int)) {
        var (minX, minY, maxX, maxY) = (Int.max, Int.max, Int.min, Int.min)
        for key in ["ISL", "IRL", "PRT", "NOR", "FIN", "GRC", "CYP", "ISR", "JOR"] {
            guard let i = world.index[key] else { continue }
            let s = world.shapes[i]
            (minX, minY, maxX, maxY) = (min(minX, s.minX), min(minY, s.minY), max(maxX, s.maxX), max(maxY, s.maxY))
        }
        guard minX < maxX else { return ("0 0 1 1", 1, 1, (0, 0, 0, 0)) }
        let pad = 40
        let (x, y, w, h) = (minX - pad, minY - pad, maxX - minX + 2 * pad, maxY - minY + 2 * pad)
        let scale = 2.4
        return ("\(number(x)) \(number(y)) \(number(w)) \(number(h))", Int(Double(w) / 10 * scale), Int(Double(h) / 10 * scale),
                (x, y, x + w, y + h))
    }

    // MARK: Path text

    /// A ring of absolute points (tenths) as "M x y l dx dy … z".
    static func appendRing(_ ring: [Int32], to svg: inout String) {
        guard ring.count >= 2 else { return }
        svg += "M"
        appendPair(Int(ring[0]), Int(ring[1]), to: &svg)
        if ring.count >= 4 {
            svg += "l"
            var i = 2
            while i + 1 < ring.count {
                if i > 2 { svg += " " }
                appendPair(Int(ring[i] - ring[i - 2]), Int(ring[i + 1] - ring[i - 1]), to: &svg)
                i += 2
            }
        }
        svg += "z"
    }

    /// A clockwise circle (sweep flag 1), so it unions with the clockwise
    /// outer rings under the default nonzero fill rule.
    static func appendMarker(x: Int, y: Int, to svg: inout String) {
        let r = markerRadius, rr = number(r)
        svg += "M"
        appendPair(x - r, y, to: &svg)
        svg += "a\(rr) \(rr) 0 1 1 \(number(2 * r)) 0a\(rr) \(rr) 0 1 1 \(number(-2 * r)) 0z"
    }

    static func appendPair(_ x: Int, _ y: Int, to svg: inout String) {
        svg += number(x)
        let ys = number(y)
        if !ys.hasPrefix("-") { svg += " " }
        svg += ys
    }

    /// Tenths as the shortest decimal: 123 → "12.3", 120 → "12", 5 → ".5",
    /// -5 → "-.5".
    static func number(_ tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        let whole = m / 10, frac = m % 10
        if frac == 0 { return sign + String(whole) }
        return sign + (whole == 0 ? "" : String(whole)) + "." + String(frac)
    }

    /// Text and attribute values: the five XML specials escaped, characters
    /// XML 1.0 forbids (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF)
    /// dropped. Everything else stays as UTF-8.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The parsed `WorldShapes`, built on first use.
final class WorldMap: Sendable {
    static let shared = WorldMap()

    struct Shape: Sendable {
        let key: String
        /// Rings of absolute points, x and y interleaved, in tenths of a unit.
        let rings: [[Int32]]
        /// Bounding box of the largest ring (the first), and its area in
        /// square tenths.
        let minX: Int, minY: Int, maxX: Int, maxY: Int
        let area: Int

        var centreX: Int { (minX + maxX) / 2 }
        var centreY: Int { (minY + maxY) / 2 }
        func isTiny(_ size: Int) -> Bool { maxX - minX < size && maxY - minY < size }
    }

    /// In key order.
    let shapes: [Shape]
    let index: [String: Int]

    private init() {
        var shapes: [Shape] = []
        for text in [WorldShapes.countries110, WorldShapes.countries50] {
            for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
                guard let bar = line.firstIndex(of: UInt8(ascii: "|")) else { continue }
                let key = String(decoding: line[line.startIndex..<bar], as: UTF8.self)
                let rings = line[line.index(after: bar)...]
                    .split(separator: UInt8(ascii: ";"))
                    .map { WorldMap.parseRing($0) }
                    .filter { !$0.isEmpty }
                guard let first = rings.first else { continue }
                var (minX, minY, maxX, maxY) = (Int.max, Int.max, Int.min, Int.min)
                var i = 0
                while i + 1 < first.count {
                    let (x, y) = (Int(first[i]), Int(first[i + 1]))
                    (minX, maxX, minY, maxY) = (min(minX, x), max(maxX, x), min(minY, y), max(maxY, y))
                    i += 2
                }
                let area = rings.reduce(0) { $0 + WorldMap.area($1) }
                shapes.append(Shape(key: key, rings: rings, minX: minX, minY: minY, maxX: maxX, maxY: maxY, area: area))
            }
        }
        shapes.sort { $0.key < $1.key }
        self.shapes = shapes
        var index: [String: Int] = [:]
        for (i, s) in shapes.enumerated() { index[s.key] = i }
        self.index = index
    }

    /// "x,y dx,dy …" (leading spaces allowed) to absolute points.
    static func parseRing<S: Sequence<UInt8>>(_ text: S) -> [Int32] {
        var out: [Int32] = []
        var value = 0, negative = false, inNumber = false
        func finish() {
            guard inNumber else { return }
            var v = negative ? -value : value
            if out.count >= 2 { v += Int(out[out.count - 2]) }
            out.append(Int32(v))
            (value, negative, inNumber) = (0, false, false)
        }
        for b in text {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value * 10 + Int(b - UInt8(ascii: "0"))
                inNumber = true
            case UInt8(ascii: "-"):
                negative = true
            default:
                finish()
            }
        }
        finish()
        return out.count.isMultiple(of: 2) ? out : []
    }

    /// Absolute area (shoelace) in square tenths.
    static func area(_ ring: [Int32]) -> Int {
        let n = ring.count / 2
        guard n >= 3 else { return 0 }
        var sum = 0
        for i in 0..<n {
            let j = (i + 1) % n
            sum += Int(ring[2 * i]) * Int(ring[2 * j + 1]) - Int(ring[2 * j]) * Int(ring[2 * i + 1])
        }
        return abs(sum) / 2
    }
}
