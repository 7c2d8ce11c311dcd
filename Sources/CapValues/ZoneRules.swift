import Synchronization

/// The rules of one IANA time zone, from the tz database embedded by
/// Scripts/generate-time-zones.py: its offsets since 1900 and the POSIX rule
/// that continues them. cap needs them to say which instant a local time is
/// (a calendar's UTC, the order of timed entries) and to write the VTIMEZONE
/// that RFC 5545 3.2.19 requires for every TZID.
///
/// Instants are seconds since 1970-01-01 00:00 UTC; local times are seconds
/// since 1970-01-01 00:00 on the zone's clock.
public struct ZoneRules: Sendable, Equatable {
    /// An offset in effect: +02:00, daylight time, "CEST".
    public struct Kind: Sendable, Equatable {
        public let offset: Int
        public let isDaylight: Bool
        public let abbreviation: String
    }

    /// A change of offset at `instant`.
    public struct Transition: Sendable, Equatable {
        public let instant: Int
        public let before: Kind
        public let after: Kind
    }

    /// The zone's name as the database spells its data (an alias gives the
    /// rules of the zone it links to, under the alias's own name).
    public let name: String
    private let kinds: [Kind]
    private let initial: Int
    private let instants: [Int]
    private let kindIndices: [Int]
    private let rule: PosixRule?

    /// The rules of an IANA zone name; nil for a name the database lacks.
    public static func named(_ name: String) -> ZoneRules? {
        if let known = parsed.withLock({ $0[name] }) { return known }
        var line = index[name]
        if let l = line, !l.contains("|") { line = index[String(l)] }
        guard let rules = line.flatMap({ ZoneRules(name: name, line: $0) }) else { return nil }
        parsed.withLock { $0[name] = rules }
        return rules
    }

    /// Each zone read once: the checker asks for the zone of every timed
    /// date (a quarter of checking 100,000 events went to reading the same
    /// few lines again). Only names the database has are kept, so it holds
    /// at most the database.
    private static let parsed = Mutex<[String: ZoneRules]>([:])

    /// Name → its line, or the name it links to.
    private static let index: [String: Substring] = {
        var out: [String: Substring] = [:]
        for line in database.split(separator: "\n") {
            if let bar = line.firstIndex(of: "|") {
                out[String(line[..<bar])] = line[line.index(after: bar)...]
            } else if let eq = line.firstIndex(of: "=") {
                out[String(line[..<eq])] = line[line.index(after: eq)...]
            }
        }
        return out
    }()

    private init?(name: String, line: Substring) {
        let fields = line.split(separator: "|", omittingEmptySubsequences: false)
        guard fields.count == 4, let initial = Int(fields[0]) else { return nil }
        var kinds: [Kind] = []
        for part in fields[1].split(separator: ";") {
            let p = part.split(separator: ",", maxSplits: 2)
            guard p.count == 3, let offset = Int(p[0]) else { return nil }
            kinds.append(Kind(offset: offset, isDaylight: p[1] == "1", abbreviation: String(p[2])))
        }
        var instants: [Int] = [], indices: [Int] = []
        var at = 0
        var token = Substring(fields[2])
        while let letter = token.first {
            token = token.dropFirst()
            let digits = token.prefix { !("A"..."Z").contains($0) }
            token = token.dropFirst(digits.count)
            guard let delta = Int(digits, radix: 36) else { return nil }
            at += delta
            instants.append(at)
            indices.append(Int(letter.asciiValue! - 65))
        }
        guard initial < kinds.count, indices.allSatisfy({ $0 < kinds.count }) else { return nil }
        self.name = name
        self.kinds = kinds
        self.initial = initial
        self.instants = instants
        self.kindIndices = indices
        self.rule = fields[3].isEmpty ? nil : PosixRule(String(fields[3]))
    }

    /// The offset in effect at `instant`.
    public func kind(at instant: Int) -> Kind {
        if let last = instants.last, instant >= last, let rule {
            // Past the listed transitions the rule decides; its first
            // transition in the year may precede the last listed one.
            let year = ZoneRules.year(of: instant + rule.standard.offset)
            var current = kinds[kindIndices[kindIndices.count - 1]]
            for y in (year - 1)...year {
                for t in rule.transitions(in: y) where t.instant <= instant && t.instant > last { current = t.after }
            }
            return current
        }
        // The last transition at or before the instant.
        var low = 0, high = instants.count
        while low < high {
            let mid = (low + high) / 2
            if instants[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? kinds[initial] : kinds[kindIndices[low - 1]]
    }

    /// The instant of a local time, as RFC 5545 3.3.5 reads one: a time that
    /// occurs twice (clocks going back) is its first occurrence, and a time
    /// that does not exist (in the gap when clocks go forward) is read with
    /// the offset before the gap, so 02:30 on the night Paris goes from
    /// 02:00 to 03:00 is 01:30 UTC, 03:30 on the new clock. `skipped` is the
    /// gap's length in seconds when the time is in one, else 0.
    public func instant(ofLocal local: Int) -> (instant: Int, skipped: Int) {
        // Offsets never differ from UTC by a day, so the transitions of two
        // days either side hold every reading of the local time.
        let window = 2 * 86_400
        let nearby = transitions(after: local - window, through: local + window)
        var offsets = [kind(at: local - window).offset]
        offsets += nearby.map(\.after.offset)
        let fits = offsets.map { local - $0 }.filter { kind(at: $0).offset == local - $0 }
        if let first = fits.min() { return (first, 0) }
        for t in nearby where t.after.offset > t.before.offset
            && local >= t.instant + t.before.offset && local < t.instant + t.after.offset {
            return (local - t.before.offset, t.after.offset - t.before.offset)
        }
        return (local - offsets[0], 0)
    }

    /// The transitions after `start` and up to `end`, in order.
    public func transitions(after start: Int, through end: Int) -> [Transition] {
        var out: [Transition] = []
        var previous = kind(at: start)
        func add(_ instant: Int, _ next: Kind) {
            guard instant > start, instant <= end, next != previous else { return }
            out.append(Transition(instant: instant, before: previous, after: next))
            previous = next
        }
        for (i, at) in instants.enumerated() where at > start && at <= end { add(at, kinds[kindIndices[i]]) }
        if let rule, end >= (instants.last ?? Int.min) {
            let from = ZoneRules.year(of: max(start, instants.last ?? start)) - 1
            let to = ZoneRules.year(of: end) + 1
            guard from <= to else { return out }
            for year in from...to {
                for t in rule.transitions(in: year) where t.instant > (instants.last ?? Int.min) { add(t.instant, t.after) }
            }
        }
        return out
    }

    /// The civil year of seconds since 1970-01-01.
    static func year(of seconds: Int) -> Int {
        let day = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        return CapDate.civil(day + CapDate.unixEpochDay).year
    }
}

/// A POSIX TZ string as the footer of a TZif file gives it
/// (`CET-1CEST,M3.5.0,M10.5.0/3`): the zone's rule after its listed
/// transitions.
struct PosixRule: Sendable, Equatable {
    struct Change: Sendable, Equatable {
        /// `M3.5.0` is (3, 5, 0); `Jn` and `n` keep the day of the year.
        enum Day: Sendable, Equatable { case month(Int, Int, Int), julian(Int), zeroBased(Int) }
        let day: Day
        let time: Int
    }

    let standard: ZoneRules.Kind
    let daylight: ZoneRules.Kind?
    let start: Change?
    let end: Change?

    init?(_ text: String) {
        var s = Substring(text)
        func name() -> String? {
            if s.first == "<" {
                guard let close = s.firstIndex(of: ">") else { return nil }
                let n = String(s[s.index(after: s.startIndex)..<close])
                s = s[s.index(after: close)...]
                return n
            }
            let n = s.prefix { $0.isLetter }
            s = s.dropFirst(n.count)
            return n.isEmpty ? nil : String(n)
        }
        func clock() -> Int? {
            var sign = 1
            if s.first == "-" || s.first == "+" { sign = s.first == "-" ? -1 : 1; s = s.dropFirst() }
            let t = s.prefix { $0.isNumber || $0 == ":" }
            s = s.dropFirst(t.count)
            let parts = t.split(separator: ":").compactMap { Int($0) }
            guard !parts.isEmpty else { return nil }
            return sign * (parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0))
        }
        func change() -> Change? {
            guard s.first == "," else { return nil }
            s = s.dropFirst()
            let spec = s.prefix { $0 != "/" && $0 != "," }
            s = s.dropFirst(spec.count)
            var time = 7200
            if s.first == "/" { s = s.dropFirst(); guard let t = clock() else { return nil }; time = t }
            let day: Change.Day
            if spec.first == "M" {
                let p = spec.dropFirst().split(separator: ".").compactMap { Int($0) }
                guard p.count == 3 else { return nil }
                day = .month(p[0], p[1], p[2])
            } else if spec.first == "J", let n = Int(spec.dropFirst()) {
                day = .julian(n)
            } else if let n = Int(spec) {
                day = .zeroBased(n)
            } else {
                return nil
            }
            return Change(day: day, time: time)
        }
        guard let stdName = name(), let stdClock = clock() else { return nil }
        standard = ZoneRules.Kind(offset: -stdClock, isDaylight: false, abbreviation: stdName)
        guard let dstName = name() else {
            daylight = nil; start = nil; end = nil
            return
        }
        let dstOffset = s.first == "," ? standard.offset + 3600 : (clock().map { -$0 } ?? standard.offset + 3600)
        daylight = ZoneRules.Kind(offset: dstOffset, isDaylight: true, abbreviation: dstName)
        guard let a = change(), let b = change() else { return nil }
        start = a
        end = b
    }

    /// The rule's two transitions in `year`, in order.
    func transitions(in year: Int) -> [(instant: Int, after: ZoneRules.Kind)] {
        guard let daylight, let start, let end else { return [] }
        let on = (day(start.day, year) * 86_400 + start.time - standard.offset, daylight)
        let off = (day(end.day, year) * 86_400 + end.time - daylight.offset, standard)
        return on.0 <= off.0 ? [on, off] : [off, on]
    }

    /// Days since 1970-01-01 of a rule's day in `year`.
    private func day(_ d: Change.Day, _ year: Int) -> Int {
        let january1 = CapDate.dayNumber(year, 1, 1) - CapDate.unixEpochDay
        switch d {
        case .month(let month, let week, let weekday):
            let first = CapDate.dayNumber(year, month, 1)
            // Day numbers count from a Wednesday (0000-03-01).
            let firstWeekday = (first + 3) % 7
            var dom = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = CapDate.daysIn(month: month, year: year)
            while dom > length { dom -= 7 }
            return first + dom - 1 - CapDate.unixEpochDay
        case .julian(let n):
            let leap = CapDate.daysIn(month: 2, year: year) == 29
            return january1 + n - 1 + (leap && n > 59 ? 1 : 0)
        case .zeroBased(let n):
            return january1 + n
        }
    }
}
