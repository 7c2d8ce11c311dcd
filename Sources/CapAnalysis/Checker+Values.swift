import CapBase
import CapValues
import CapSyntax
import CapSchema

/// Checking one value against its field's type.
extension Checker {
    /// Validates `value`; returns the date it denotes when it is a date (the
    /// start of a range), for the consistency checks.
    mutating func checkValue(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec, owner: Owner) -> CapDate? {
        if value.kind == .error { return nil }
        let range = tree.range(value.start, value.end)
        switch spec.type {
        case .string:
            if value.kind != .string && value.kind != .longString { mismatch(tree, value, spec) }
        case .integer(let minimum):
            guard value.kind == .integer else { mismatch(tree, value, spec); return nil }
            guard let n = integer(tree, value) else { return nil }
            if let minimum, n < minimum {
                report(.error(.valueOutOfRange, "'\(spec.name)' must be at least \(minimum)", at: range,
                              label: "\(n) is too small"))
            }
        case .number:
            number(tree, value, spec: spec)
        case .boolean:
            if value.kind != .boolean { mismatch(tree, value, spec) }
        case .date:
            guard value.kind == .date || value.kind == .integer else { mismatch(tree, value, spec); return nil }
            return date(tree, value, spec: spec)
        case .when:
            return when(tree, value, spec: spec)
        case .jurisdiction:
            jurisdiction(tree, value, spec: spec)
        case .language:
            language(tree, value, spec: spec)
        case .url:
            guard value.kind == .string else { mismatch(tree, value, spec); return nil }
            if !isURL(tree, value) {
                let text = literal(tree, value)
                report(.error(.invalidURL, "'\(spec.name)' expects a URL starting with https:// or http://", at: range,
                              label: "not a URL", help: text.contains(" ") ? "URLs contain no spaces; write them as %20" : nil))
            }
        case .email:
            guard value.kind == .string else { mismatch(tree, value, spec); return nil }
            let text = literal(tree, value)
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || text.contains(" ") {
                report(.error(.invalidEmail, "'\(Excerpt.of(text))' is not an email address", at: range, label: "not an email address"))
            }
        case .enumeration(let type):
            guard value.kind == .identifier else { mismatch(tree, value, spec); return nil }
            // A figure's unit may also be an ISO 4217 currency (USD, EUR).
            if !schemas.isCase(value.payload, ofEnum: type.id), !(type.word == "unit" && Currencies.contains(name(value.payload))) {
                unknownCase(tree, value, type)
            }
        case .reference(let kinds):
            guard value.kind == .identifier else { mismatch(tree, value, spec); return nil }
            reference(tree, value, kinds: kinds, spec: spec, owner: owner, allowJurisdiction: false)
        case .referenceOrJurisdiction(let kinds):
            if value.kind == .string {
                jurisdiction(tree, value, spec: spec)
            } else if value.kind == .identifier {
                reference(tree, value, kinds: kinds, spec: spec, owner: owner, allowJurisdiction: true)
            } else {
                mismatch(tree, value, spec)
            }
        case .binding:
            if value.kind != .identifier { mismatch(tree, value, spec) }
        case .record(let record):
            guard value.kind == .block else { mismatch(tree, value, spec); return nil }
            let saved = blockDates
            checkBlock(tree, tree.blocks[Int(value.payload)], fields: schemas.schema.record(record).fields, plans: schemas.recordPlans(record),
                       lookup: schemas.recordTable(record),
                       owner: owner, description: .record(record.name), missingAt: tree.range(value.start, value.start + 1))
            checkRecordDates(record)
            blockDates = saved
        }
        return nil
    }

    // MARK: Literals

    /// `"http(s)://…"` with something after the scheme and no white space,
    /// checked on the bytes (this runs for every URL in the data).
    func isURL(_ tree: SyntaxTree, _ value: ValueNode) -> Bool {
        let bytes = self.bytes(tree.file)
        let start = Int(value.start) + 1, end = Int(value.end) - 1
        guard end > start else { return false }
        func hasPrefix(_ p: StaticString) -> Bool {
            let n = p.utf8CodeUnitCount
            guard end - start > n else { return false }
            return p.withUTF8Buffer { p in (0..<n).allSatisfy { bytes[start + $0] == p[$0] } }
        }
        guard hasPrefix("https://") || hasPrefix("http://") else { return false }
        for i in start..<end where bytes[i] <= 0x20 { return false }
        return true
    }

    func literal(_ tree: SyntaxTree, _ value: ValueNode) -> String {
        let bytes = self.bytes(tree.file)
        return StringLiteral.decode(bytes[Int(value.start)..<Int(value.end)])
    }

    func source(_ tree: SyntaxTree, _ value: ValueNode) -> String {
        workspace.text(tree.file, value.start, value.end)
    }

    mutating func integer(_ tree: SyntaxTree, _ value: ValueNode) -> Int64? {
        let bytes = self.bytes(tree.file)
        var n: Int64 = 0
        let negative = value.payload == 1
        for b in bytes[Int(value.start)..<Int(value.end)] where b >= 48 && b <= 57 {
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = negative ? m.subtractingReportingOverflow(Int64(b - 48)) : m.addingReportingOverflow(Int64(b - 48))
            if o1 || o2 {
                report(.error(.numberTooLarge, "this number does not fit in 64 bits", at: tree.range(value.start, value.end),
                              label: "too large", help: "numbers range from \(Int64.min) to \(Int64.max)"))
                return nil
            }
            n = a
        }
        return n
    }

    // MARK: Numbers

    /// A `number`: whole, decimal, or a range `low..high` of those whose
    /// low end is not above its high end.
    mutating func number(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec) {
        switch value.kind {
        case .integer: _ = integer(tree, value)
        case .decimal: break
        case .range:
            let ends = tree.ranges[Int(value.payload)]
            let kinds: [ValueNode.Kind] = [.integer, .decimal]
            guard kinds.contains(ends.low.kind), kinds.contains(ends.high.kind) else { mismatch(tree, value, spec); return }
            if ends.low.kind == .integer, integer(tree, ends.low) == nil { return }
            if ends.high.kind == .integer, integer(tree, ends.high) == nil { return }
            let low = Double(source(tree, ends.low).filter { $0 != "_" }) ?? 0
            let high = Double(source(tree, ends.high).filter { $0 != "_" }) ?? 0
            if low > high {
                report(.error(.valueOutOfRange, "'\(spec.name)' is a range whose low end is above its high end",
                              at: tree.range(value.start, value.end), label: "\(source(tree, ends.low)) is above \(source(tree, ends.high))",
                              help: "write the range from low to high: \(source(tree, ends.high))..\(source(tree, ends.low))"))
            }
        default: mismatch(tree, value, spec)
        }
    }

    // MARK: Dates

    mutating func date(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec) -> CapDate? {
        let bytes = self.bytes(tree.file)
        let range = tree.range(value.start, value.end)
        if value.kind == .integer && value.end - value.start != 4 {
            report(.error(.typeMismatch, "'\(spec.name)' expects \(spec.type.phrase), found the number \(Excerpt.of(source(tree, value)))",
                          at: range, label: "not a date", help: "a year has four digits, e.g. 2017"))
            return nil
        }
        do {
            return try CapDate.parse(bytes[Int(value.start)..<Int(value.end)])
        } catch {
            report(.error(.invalidDate, "\(source(tree, value)) is not a date: \(Self.explain(error))", at: range,
                          label: "no such date"))
            return nil
        }
    }

    static func explain(_ problem: CapDate.Problem) -> String {
        switch problem {
        case .year(let y): "the year \(y) is out of range"
        case .month(let m): "there is no month \(m)"
        case .day(0, _): "there is no day 0"
        case .day(let d, let limit): "that month has \(limit) days, not \(d)"
        case .shape: "a date is written YYYY, YYYY-MM or YYYY-MM-DD"
        }
    }

    mutating func when(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec) -> CapDate? {
        switch value.kind {
        case .date, .integer:
            return date(tree, value, spec: spec)
        case .dateTime:
            return dateTime(tree, value, spec: spec)
        case .range:
            let ends = tree.ranges[Int(value.payload)]
            let low = ends.low.kind == .dateTime ? dateTime(tree, ends.low, spec: spec) : date(tree, ends.low, spec: spec)
            let high = ends.high.kind == .dateTime ? dateTime(tree, ends.high, spec: spec) : date(tree, ends.high, spec: spec)
            if let low, let high, high.isDefinitelyBefore(low) || Self.timeOrderReversed(source(tree, ends.low), source(tree, ends.high)) {
                report(.error(.invalidDateRange, "this range ends (\(high)) before it starts (\(low))",
                              at: tree.range(value.start, value.end), label: "ends before it starts"))
            }
            return low
        default:
            mismatch(tree, value, spec)
            return nil
        }
    }

    /// Both ends are times with fixed offsets and the second is earlier.
    static func timeOrderReversed(_ low: String, _ high: String) -> Bool {
        guard let a = try? CapDateTime.parse(low), let b = try? CapDateTime.parse(high),
              let ia = a.utcMinutes, let ib = b.utcMinutes else { return false }
        return ib < ia
    }

    /// W0402 for a local time in an IANA zone that the clocks skipped:
    /// 02:30 on the night Paris goes from 02:00 to 03:00.
    mutating func clockChangeGap(_ t: CapDateTime, at range: SourceRange) {
        guard let zone = t.zone, t.utcOffsetMinutes == nil, let rules = ZoneRules.named(zone) else { return }
        let local = ((t.date.firstDay - CapDate.unixEpochDay) * 24 + t.hour) * 3600 + t.minute * 60 + t.second
        let (instant, skipped) = rules.instant(ofLocal: local)
        guard skipped > 0 else { return }
        let after = rules.kind(at: instant)
        let clock = instant + after.offset
        let hh = String((clock / 3600) % 24 + ((clock / 3600) % 24 < 0 ? 24 : 0)), mm = String(((clock / 60) % 60 + 60) % 60)
        let shown = (hh.count == 1 ? "0" + hh : hh) + ":" + (mm.count == 1 ? "0" + mm : mm)
        report(.warning(.timeInClockChangeGap,
                        "\(t) does not exist: the clocks went forward \(skipped / 60) minutes that night",
                        at: range, label: "skipped by the clocks",
                        help: "it is read as \(shown) \(after.abbreviation) (RFC 5545 3.3.5); write the time the clocks showed"))
    }

    mutating func dateTime(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec) -> CapDate? {
        let range = tree.range(value.start, value.end)
        let problem: CapDateTime.Problem
        do {
            let t = try CapDateTime.parse(source(tree, value))
            clockChangeGap(t, at: range)
            return t.date
        } catch {
            problem = error
        }
        switch problem {
        case .date(let problem):
            report(.error(.invalidDate, "\(source(tree, value).prefix(10)) is not a date: \(Self.explain(problem))",
                          at: tree.range(value.start, value.start + 10), label: "no such date"))
        case .time(let message):
            report(.error(.malformedLiteral, message, at: range, label: "not a time of day"))
        case .zone(let zone):
            let suggestions = TimeZones.suggestions(for: zone)
            let zoneStart = value.end - UInt32(zone.utf8.count)
            let zoneRange = tree.range(zoneStart, value.end)
            report(.error(.invalidTimeZone, "unknown time zone '\(zone)'", at: zoneRange,
                          label: "not a time zone",
                          help: suggestions.isEmpty ? "write an offset (+02:00), an abbreviation (CEST) or an IANA name (Europe/Paris)"
                                                    : "did you mean \(suggestions.map { "'\($0)'" }.orList)?",
                          fixIts: suggestions.first.map { [FixIt(range: zoneRange, replacement: $0)] } ?? []))
        }
        return nil
    }

    // MARK: Codes

    mutating func jurisdiction(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec) {
        let range = tree.range(value.start, value.end)
        let written: String
        switch value.kind {
        case .identifier:
            if isKnownJurisdiction(value.payload) { return }
            written = name(value.payload)
        case .string:
            written = literal(tree, value)
            if Jurisdictions.lookup(written) != nil { return }
        default:
            mismatch(tree, value, spec)
            return
        }
        var help: String
        var fix: Jurisdiction? = nil
        if value.kind == .identifier, let upper = Jurisdictions.lookup(code: written.uppercased()) {
            help = "ISO codes are written in capitals: \(upper.code)"
            fix = upper
        } else if value.kind == .identifier, let named = Jurisdictions.lookup(name: written.replacingUnderscores) {
            help = "write the code \(named.code), or the name in quotes: \"\(named.name)\""
            fix = named
        } else {
            let near = jurisdictionSuggestions[written] ?? Jurisdictions.suggestions(for: written, limit: 3)
            jurisdictionSuggestions[written] = near
            fix = near.first
            help = near.isEmpty
                ? "use an ISO 3166 code such as SE or GB-NIR, or an English name in quotes"
                : "did you mean " + near.map { "\($0.code) (\($0.name))" }.orList + "?"
        }
        // The fix keeps the user's form: a code for a code, a name for a name.
        let replacement = fix.map { value.kind == .string ? "\"\($0.name)\"" : $0.code }
        report(.error(.unknownJurisdiction, "unknown country or territory '\(Excerpt.of(written))'", at: range,
                      label: "not an ISO 3166 code or known name", help: help,
                      fixIts: replacement.map { [FixIt(range: range, replacement: $0)] } ?? []))
    }

    /// Cached per symbol: a corpus names a few hundred codes many times.
    mutating func isKnownJurisdiction(_ symbol: Symbol) -> Bool {
        let i = Int(symbol)
        if i >= jurisdictionCache.count { jurisdictionCache += repeatElement(0, count: interner.count - jurisdictionCache.count + 1) }
        if jurisdictionCache[i] == 0 { jurisdictionCache[i] = Jurisdictions.contains(code: name(symbol)) ? 1 : 2 }
        return jurisdictionCache[i] == 1
    }

    mutating func isKnownLanguage(_ symbol: Symbol) -> Bool {
        let i = Int(symbol)
        if i >= languageCache.count { languageCache += repeatElement(0, count: interner.count - languageCache.count + 1) }
        if languageCache[i] == 0 { languageCache[i] = Languages.lookup(code: name(symbol)) != nil ? 1 : 2 }
        return languageCache[i] == 1
    }

    mutating func language(_ tree: SyntaxTree, _ value: ValueNode, spec: FieldSpec) {
        guard value.kind == .identifier else {
            if value.kind == .string, let lang = Languages.lookup(name: literal(tree, value)) ?? Languages.lookup(code: literal(tree, value)) {
                report(.error(.typeMismatch, "languages are written as ISO 639-1 codes", at: tree.range(value.start, value.end),
                              label: "a string", help: "write \(lang.code) for \(lang.name)",
                              fixIts: [FixIt(range: tree.range(value.start, value.end), replacement: lang.code)]))
            } else {
                mismatch(tree, value, spec)
            }
            return
        }
        if isKnownLanguage(value.payload) { return }
        let written = name(value.payload)
        let help: String
        var fix: Language? = nil
        if let lower = Languages.lookup(code: written.lowercased()) {
            help = "language codes are written in lower case: \(lower.code)"
            fix = lower
        } else if let named = Languages.lookup(name: written) {
            help = "write the code: \(named.code) for \(named.name)"
            fix = named
        } else if written.count == 3, let three = Languages.all.first(where: { $0.alpha3 == written.lowercased() || $0.bibliographicAlpha3 == written.lowercased() }) {
            help = "cap uses two-letter codes: \(three.code) for \(three.name)"
            fix = three
        } else {
            let near = Languages.suggestions(for: written, limit: 3)
            fix = near.first
            help = near.isEmpty ? "use a two-letter ISO 639-1 code such as en, fr or ko"
                                : "did you mean " + near.map { "\($0.code) (\($0.name))" }.orList + "?"
        }
        let range = tree.range(value.start, value.end)
        report(.error(.unknownLanguage, "unknown language code '\(written)'", at: range,
                      label: "not an ISO 639-1 code", help: help,
                      fixIts: fix.map { [FixIt(range: range, replacement: $0.code)] } ?? []))
    }

    mutating func unknownCase(_ tree: SyntaxTree, _ value: ValueNode, _ type: EnumType) {
        let written = name(value.payload)
        var help: String
        var fix: String? = nil
        if type == .legalModel, ["nordic", "nordic_model", "equality", "equality_model", "swedish", "swedish_model"].contains(written.lowercased()) {
            help = "the Nordic or Equality model is written 'abolitionist'"
            fix = "abolitionist"
        } else if type.word == "unit", Currencies.contains(written.uppercased()) {
            help = "currency codes are written in capitals: \(written.uppercased())"
            fix = written.uppercased()
        } else if let near = EditDistance.suggestions(for: written, among: type.caseNames, limit: 1).first {
            help = "did you mean '\(near)'?"
            fix = near
        } else if type.word == "unit" {
            help = "a unit is an ISO 4217 currency code (USD, EUR), one of \(type.caseNames.orList), or a word the data adds with extend unit { … }"
        } else {
            help = "\(type.name) is one of " + type.caseNames.orList
        }
        let range = tree.range(value.start, value.end)
        report(.error(.unknownEnumValue, "unknown \(type.name) '\(written)'", at: range,
                      label: "not a known \(type.name)", help: help,
                      fixIts: fix.map { [FixIt(range: range, replacement: $0)] } ?? []))
    }

    // MARK: References

    mutating func reference(_ tree: SyntaxTree, _ value: ValueNode, kinds: [EntityKindName], spec: FieldSpec,
                            owner: Owner, allowJurisdiction: Bool) {
        let range = tree.range(value.start, value.end)
        guard let target = table.lookup(value.payload) else {
            if allowJurisdiction && isKnownJurisdiction(value.payload) { return }
            unknownReference(range, symbol: value.payload, kinds: kinds, spec: spec, orJurisdiction: allowJurisdiction)
            return
        }
        references.append(range, entity: target)
        let kind = table.kinds[target]
        guard kinds.contains(kind) else {
            let ref = table.refs[target]
            let node = workspace.tree(ref.file).entities[Int(ref.index)]
            report(.error(.wrongReferenceKind,
                          "'\(name(value.payload))' is a \(kind.rawValue), but '\(spec.name)' takes \(kinds.map(\.rawValue).orList)",
                          at: range, label: "a \(kind.rawValue)",
                          notes: [DiagnosticNote("'\(name(value.payload))' is declared here", at: SourceRange(file: ref.file, start: node.idStart, end: node.idEnd))]))
            return
        }
        if spec.since != nil, schemas.sinceField[kind.index] == spec.since, owner.entityIndex != nil,
           let field = schemas.schema[owner.kind].fields.firstIndex(where: { $0.name == spec.name }) {
            pendingOrganisers.append((target, range, field))
        }
    }

    /// `orJurisdiction`: the field also takes a country or subdivision code
    /// (a State among an event's organisers). A word shaped like a code (FR,
    /// GB-NIR, ZZZ) was most likely meant as one, so the message says it is
    /// neither; a lowercase id keeps the plain message and its did-you-mean.
    private mutating func unknownReference(_ range: SourceRange, symbol: Symbol, kinds: [EntityKindName], spec: FieldSpec,
                                           orJurisdiction: Bool = false) {
        let written = name(symbol)
        var help: String? = nil
        var fixIts: [FixIt] = []
        readBudget = true
        if suggestionBudget > 0 {
            suggestionBudget -= 1
            let (table, interner) = (self.table, self.interner)
            let candidates = table.ids.indices.lazy.filter { kinds.contains(table.kinds[$0]) }.map { interner[table.ids[$0]] }
            if let near = EditDistance.suggestions(for: written, among: candidates, limit: 1).first {
                let kind = table.lookup(interner.intern(near)).map { table.kinds[$0].rawValue } ?? ""
                help = "did you mean '\(near)' (\(kind))?"
                fixIts = [FixIt(range: range, replacement: near)]
            }
        }
        if help == nil, let kind = kinds.first {
            help = kinds == [.tag] ? "declare it: tag \(written) \"Label\" { }"
                                   : "declare it, e.g. \(kind.rawValue) \(written) \"Name\" { … }, or fix the id"
        }
        let codeShaped = orJurisdiction && Self.looksLikeJurisdictionCode(written)
        if codeShaped, fixIts.isEmpty {
            help = "a State is written as its ISO 3166 code or name: FR, GB-NIR, \"France\""
        }
        let message = codeShaped
            ? "no \(kinds.map(\.rawValue).orList) has the id '\(written)', nor is it a country or territory code"
            : "no \(kinds.map(\.rawValue).orList) has the id '\(written)'"
        report(.error(.unknownReference, message, at: range,
                      label: codeShaped ? "unknown id or country" : "unknown id", help: help, fixIts: fixIts))
    }

    /// Two or three capitals, optionally a dash and one to three capitals or
    /// digits: the shape of an ISO 3166-1 or 3166-2 code.
    static func looksLikeJurisdictionCode(_ word: String) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, let head = parts.first, (2...3).contains(head.count),
              head.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return false }
        guard parts.count == 2 else { return true }
        let tail = parts[1]
        return (1...3).contains(tail.count) && tail.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
    }

    // MARK: Type mismatch

    mutating func mismatch(_ tree: SyntaxTree, _ value: ValueNode, _ spec: FieldSpec) {
        let range = tree.range(value.start, value.end)
        let found: String
        var help: String? = nil
        switch value.kind {
        case .string, .longString:
            found = "a string"
            let inner = literal(tree, value)
            switch spec.type {
            case .date, .when, .integer, .boolean, .enumeration, .reference, .language:
                if !inner.isEmpty, !inner.contains(" ") { help = "remove the quotes: \(Excerpt.of(inner))" }
            default: break
            }
        case .integer, .decimal: found = "the number \(Excerpt.of(source(tree, value)))"
        case .date, .dateTime: found = "the date \(source(tree, value))"
        case .range: found = "the \(spec.type == .number ? "" : "date ")range \(source(tree, value))"
        case .boolean: found = source(tree, value)
        case .identifier:
            found = "the identifier '\(name(value.payload))'"
            switch spec.type {
            case .string: help = "put text in quotes: \"\(name(value.payload).replacingUnderscores)\""
            case .url: help = "a URL is written in quotes: \"https://…\""
            case .email: help = "an email address is written in quotes: \"name@example.org\""
            default: break
            }
        case .block: found = "a { … } block"
        case .error: return
        }
        report(.error(.typeMismatch, "'\(spec.name)' expects \(spec.type.phrase), found \(found)", at: range,
                      label: "expected \(spec.type.noun)", help: help))
    }
}

extension String {
    package var replacingUnderscores: String { split(separator: "_").joined(separator: " ") }
}
