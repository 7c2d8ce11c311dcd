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
/// - Legend counts are counts of `rows` by model; "No data" counts rows with
///   none.
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
    static let noDataColour = "#DDDDDD"
    static let seaColour = "#F3F7FA"

    static let mapTop = 60       // the map's offset below the title, in units
    static let markerRadius = 25 // tenths: a 2.5-unit circle
    static let tinySize = 40     // tenths: a place under 4 units each way is tiny

    public static func render(rows: [LawMapRow], asOf: CapDate, title: String) -> String {
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
        let totalHeight = mapTop + Int(height.rounded(.up)) + 80
        var svg = ""
        svg.reserveCapacity(120_000)
        svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(WorldShapes.width)\" height=\"\(totalHeight)\""
        svg += " viewBox=\"0 0 \(WorldShapes.width) \(totalHeight)\" font-family=\"sans-serif\">\n"
        svg += "<title>\(escape(title)) (as of \(asOf))</title>\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>\n"
        svg += "<text x=\"16\" y=\"30\" font-size=\"22\" font-weight=\"bold\" fill=\"#222222\">\(escape(title))</text>\n"
        svg += "<text id=\"as-of\" x=\"16\" y=\"50\" font-size=\"13\" fill=\"#555555\">as of \(asOf)</text>\n"

        svg += "<g id=\"map\" transform=\"translate(0,\(mapTop))\" stroke=\"#FFFFFF\" stroke-width=\"0.4\" stroke-linejoin=\"round\">\n"
        svg += "<path id=\"sphere\" fill=\"\(seaColour)\" stroke=\"#C8D2DA\" stroke-width=\"0.8\" d=\""
        appendRing(WorldMap.parseRing(WorldShapes.sphere.utf8), to: &svg)
        svg += "\"/>\n"
        for id in drawn.keys.sorted() {
            let d = drawn[id]!
            svg += "<path id=\"\(escape(id))\" fill=\"\(colour(d.row?.model))\" d=\""
            var largest: WorldMap.Shape? = nil
            for i in d.shapes {
                let shape = world.shapes[i]
                for ring in shape.rings { appendRing(ring, to: &svg) }
                if largest == nil || shape.area > largest!.area { largest = shape }
            }
            if d.row?.model != nil, let big = largest, big.isTiny(tinySize) {
                appendMarker(x: big.centreX, y: big.centreY, to: &svg)
            }
            svg += "\"><title>\(escape(describe(d.row, name: d.name)))</title></path>\n"
        }
        svg += "</g>\n"

        appendLegend(rows, top: mapTop + Int(height.rounded(.up)) + 24, to: &svg)
        if !unshaped.isEmpty {
            let names = unshaped.sorted { $0.code < $1.code }.map { "\($0.name) (\($0.model ?? ""))" }
            let shown = names.prefix(8).joined(separator: ", ")
            let more = names.count > 8 ? ", and \(names.count - 8) more" : ""
            svg += "<text id=\"not-drawn\" x=\"16\" y=\"\(totalHeight - 20)\" font-size=\"11\" fill=\"#555555\">"
            svg += "Too small or not separate at this scale: \(escape(shown + more))</text>\n"
        }
        svg += "<text x=\"\(WorldShapes.width - 16)\" y=\"\(totalHeight - 6)\" font-size=\"10\" fill=\"#888888\" text-anchor=\"end\">"
        svg += "Natural Earth (public domain) · Equal Earth projection</text>\n"
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

    static func colour(_ model: String?) -> String {
        guard let model else { return noDataColour }
        return models.first { $0.model == model }?.colour ?? otherModelColour
    }

    /// "Sweden: abolitionist, adopted 1999, in force 1999-01-01".
    static func describe(_ row: LawMapRow?, name: String) -> String {
        guard let row else { return "\(name): no data" }
        var text = "\(name): \(row.model ?? "no data")"
        if let adopted = row.adopted { text += ", adopted \(adopted)" }
        if let inForce = row.inForce { text += ", in force \(inForce)" }
        if let status = row.status, status != "in force" { text += " (\(status))" }
        return text
    }

    static func appendLegend(_ rows: [LawMapRow], top: Int, to svg: inout String) {
        var counts: [String: Int] = [:]
        var noData = 0
        for row in rows {
            if let m = row.model { counts[m, default: 0] += 1 } else { noData += 1 }
        }
        var entries = models.map { (model: $0.model, label: $0.label, colour: $0.colour, count: counts[$0.model] ?? 0) }
        for m in counts.keys.sorted() where !models.contains(where: { $0.model == m }) {
            entries.append((m, m, otherModelColour, counts[m]!))
        }
        entries.append(("", "No data", noDataColour, noData))
        svg += "<g id=\"legend\" font-size=\"13\" fill=\"#222222\">\n"
        let step = entries.count <= 6 ? 160 : 960 / entries.count
        for (i, e) in entries.enumerated() {
            let x = 16 + i * step
            svg += "<g class=\"legend-item\" data-model=\"\(escape(e.model))\" data-count=\"\(e.count)\">"
            svg += "<rect x=\"\(x)\" y=\"\(top)\" width=\"14\" height=\"14\" fill=\"\(e.colour)\" stroke=\"#999999\" stroke-width=\"0.5\"/>"
            svg += "<text x=\"\(x + 20)\" y=\"\(top + 12)\">\(escape(e.label)) (\(e.count))</text></g>\n"
        }
        svg += "</g>\n"
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
