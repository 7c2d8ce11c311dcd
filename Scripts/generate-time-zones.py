#!/usr/bin/env python3
"""Writes the time-zone tables of Sources/CapValues/Generated from the system's
time-zone database (Debian's tzdata, /usr/share/zoneinfo):

- TimeZoneNames.swift: the IANA zone names, so the checker can validate
  `Europe/Paris` without reading the system's tzdata;
- TimeZoneRules.swift: each zone's offsets and transitions since 1900 and the
  POSIX TZ rule that follows them (the TZif footer, RFC 8536 3.3), from which
  cap computes instants of local times (RFC 5545 3.3.5) and writes the
  VTIMEZONE components of its calendars.

One line per zone: `Name|initial|types|transitions|rule`, where `types` are
`offset,isdst,abbreviation` (seconds east of UTC) separated by `;`, `initial`
is the type in effect before the first transition, and `transitions` are
tokens `<type letter><base-36 seconds since the previous one>` (the first
since 1970-01-01 UTC). Transitions that the rule itself gives are left out.
Zones with identical data are one line and `Alias=Name` lines."""
import datetime
import pathlib
import re
import struct
import subprocess
import zoneinfo

ROOT = pathlib.Path("/usr/share/zoneinfo")
CUTOFF = -2208988800  # 1900-01-01 UTC
OUT = pathlib.Path(__file__).resolve().parent.parent / "Sources/CapValues/Generated"

names = sorted(n for n in zoneinfo.available_timezones() if "/" in n and not n.startswith(("posix/", "right/", "Etc/")))
try:
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "tzdata"], capture_output=True, text=True).stdout
except OSError:
    version = "unknown"


def tzif(path):
    """The 64-bit data of a TZif file (version 2 or later) and its footer."""
    b = path.read_bytes()
    def header(off):
        return struct.unpack(">4sc15x6l", b[off:off + 44])
    _, _, isutc, isstd, leap, timecnt, typecnt, charcnt = header(0)
    off = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc
    _, version, isutc, isstd, leap, timecnt, typecnt, charcnt = header(off)
    assert version >= b"2", path
    off += 44
    times = struct.unpack(f">{timecnt}q", b[off:off + 8 * timecnt]); off += 8 * timecnt
    indices = list(b[off:off + timecnt]); off += timecnt
    types = [struct.unpack(">lBB", b[off + 6 * i:off + 6 * i + 6]) for i in range(typecnt)]; off += 6 * typecnt
    chars = b[off:off + charcnt]; off += charcnt + leap * 12 + isstd + isutc
    footer = b[off:].strip(b"\n").decode()
    abbreviations = [chars[c:chars.index(b"\0", c)].decode() for (_, _, c) in types]
    return times, indices, [(o, d, a) for (o, d, _), a in zip(types, abbreviations)], footer


def hms(text):
    sign = -1 if text.startswith("-") else 1
    parts = [int(x) for x in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def posix(rule):
    """(std offset, dst offset or None, start, end) of a POSIX TZ string."""
    m = re.fullmatch(r"(<[^>]+>|[A-Za-z]+)([-+]?[\d:]+)(?:(<[^>]+>|[A-Za-z]+)([-+]?[\d:]+)?(?:,([^,]+),([^,]+))?)?", rule)
    assert m, rule
    std = -hms(m.group(2))
    if not m.group(3):
        return std, None, None, None
    dst = -hms(m.group(4)) if m.group(4) else std + 3600
    def part(r):
        date, _, time = r.partition("/")
        return date, hms(time) if time else 7200
    return std, dst, part(m.group(5)), part(m.group(6))


def rule_day(year, date):
    """Days since 1970-01-01 of a POSIX rule date (Mm.w.d, Jn or n) in `year`."""
    epoch = datetime.date(1970, 1, 1).toordinal()
    if date.startswith("M"):
        month, week, weekday = map(int, date[1:].split("."))
        first = datetime.date(year, month, 1)
        day = 1 + (weekday - first.isoweekday() % 7) % 7 + (week - 1) * 7
        length = (datetime.date(year + month // 12, month % 12 + 1, 1) - first).days
        while day > length:
            day -= 7
        return datetime.date(year, month, day).toordinal() - epoch
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if date.startswith("J"):
        n = int(date[1:])
        return datetime.date(year, 1, 1).toordinal() - epoch + n - 1 + (1 if leap and n > 59 else 0)
    return datetime.date(year, 1, 1).toordinal() - epoch + int(date)


def rule_transitions(rule, year):
    """(instant, offset after) of the rule's transitions in `year`."""
    std, dst, start, end = posix(rule)
    if dst is None:
        return []
    return sorted([(rule_day(year, start[0]) * 86400 + start[1] - std, dst),
                   (rule_day(year, end[0]) * 86400 + end[1] - dst, std)])


def base36(n):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n < 0:
        return "-" + base36(-n)
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


lines, seen = [], {}
for name in names:
    times, indices, types, footer = tzif(ROOT / name)
    key = (times, tuple(indices), tuple(types), footer)
    if key in seen:
        lines.append(f"{name}={seen[key]}")
        continue
    seen[key] = name
    transitions = list(zip(times, indices))
    # Leave out the trailing transitions the rule gives.
    while len(transitions) > 1:
        at, index = transitions[-1]
        year = datetime.datetime.fromtimestamp(at, datetime.timezone.utc).year
        if (at, types[index][0]) in [t for y in (year - 1, year, year + 1) for t in rule_transitions(footer, y)]:
            transitions.pop()
        else:
            break
    before = [i for at, i in transitions if at < CUTOFF]
    # The type before the first transition is the first standard-time one (RFC 8536 3.2).
    initial = before[-1] if before else next((i for i, t in enumerate(types) if not t[1]), 0)
    transitions = [(at, i) for at, i in transitions if at >= CUTOFF]
    assert len(types) <= 26, name
    tokens, previous = [], 0
    for at, i in transitions:
        tokens.append(chr(65 + i) + base36(at - previous))
        previous = at
    type_text = ";".join(f"{o},{d},{a}" for o, d, a in types)
    lines.append(f"{name}|{initial}|{type_text}|{''.join(tokens)}|{footer}")

body = "\n".join(names)
(OUT / "TimeZoneNames.swift").write_text(f'''// Generated by Scripts/generate-time-zones.py from Debian tzdata {version}. Do not edit.

extension TimeZones {{
    /// IANA zone names with an area, one per line.
    static let ianaNames = """
{body}
"""
}}
''')
rules = "\n".join(lines)
(OUT / "TimeZoneRules.swift").write_text(f'''// Generated by Scripts/generate-time-zones.py from Debian tzdata {version}. Do not edit.

extension ZoneRules {{
    /// The tz database {version.split("-")[0]}: one line per zone, as the script's docstring describes.
    static let database = """
{rules}
"""
}}
''')
print(f"{len(names)} zones, {len(seen)} distinct -> {OUT}")
