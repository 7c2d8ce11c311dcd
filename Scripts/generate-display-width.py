#!/usr/bin/env python3
"""Generate Sources/CapBase/Generated/DisplayWidthTable.swift.

Diagnostics underline a range of the user's source line, so the caret line
has to be measured in terminal columns. This script derives, from the Unicode
Character Database, which scalars take 0 columns and which take 2; everything
else takes 1.

Data source, best first:
  1. The UCD text files in --ucd-dir (default /usr/share/unicode, Debian's
     `unicode-data` package: `apt-get install unicode-data`). These carry
     emoji-data.txt, so Emoji_Presentation scalars can be made wide.
  2. Python's `unicodedata` module, when those files are missing or
     --source=python is given. It has no emoji properties; the W ranges
     already cover nearly every emoji-presentation scalar since Unicode 9,
     the main loss being the regional indicators.
The Unicode version used is written into the generated file's header, so a
regenerated table that differs can be traced to its data.

Usage: python3 Scripts/generate-display-width.py [--ucd-dir DIR]
       [--source auto|files|python] [--output PATH]
"""

import argparse
import os
import re
import sys
import unicodedata

from ucd import file_version, parse_ranges, unicode_data

MAX_CODE_POINT = 0x10FFFF
SURROGATES = range(0xD800, 0xE000)

# EastAsianWidth.txt gives unlisted unassigned code points in these ranges
# the value W (see its header). Listing them keeps a terminal that knows a
# newer Unicode and our table in agreement about ideographs we have not met.
DEFAULT_WIDE = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                (0x20000, 0x2FFFD), (0x30000, 0x3FFFD)]

# Hangul medial vowels and final consonants only make sense stacked under a
# leading consonant (which is itself wide), so terminals draw them in the
# leading consonant's cells. U+1160..U+11FF is the original block; the
# Jamo Extended-B block U+D7B0..U+D7FF holds more of the same kind.
CONJOINING_JAMO = [(0x1160, 0x11FF), (0xD7B0, 0xD7FF)]

SOFT_HYPHEN = 0x00AD   # Cf, but terminals draw it as a visible hyphen.
# Prepended_Concatenation_Mark scalars are Cf too, but they are visible signs
# drawn before (and under) the digits that follow, so they take a cell; glibc
# and wcwidth agree. Read from PropList.txt when present; this copy (Unicode
# 15.0) serves the unicodedata fallback, which lacks binary properties.
PREPENDED_CONCATENATION_MARKS = [(0x0600, 0x0605), (0x06DD, 0x06DD), (0x070F, 0x070F),
                                 (0x0890, 0x0891), (0x08E2, 0x08E2), (0x110BD, 0x110BD),
                                 (0x110CD, 0x110CD)]
ZERO_WIDTH_JOINER = 0x200D
VARIATION_SELECTORS = [(0xFE00, 0xFE0F), (0xE0100, 0xE01EF),
                       (0x180B, 0x180D), (0x180F, 0x180F)]


def emoji_version(path):
    with open(path, encoding="utf-8") as f:
        for _, line in zip(range(20), f):
            m = re.search(r"Emoji Version (\d+\.\d+)", line)
            if m:
                return m.group(1)
    return None


def load_from_files(ucd_dir):
    """(category, eaw, Emoji_Presentation set, prepended-mark set, version, source) from UCD files."""
    category = {c: fields[1] for c, fields in unicode_data(ucd_dir)}

    eaw = {}
    eaw_path = os.path.join(ucd_dir, "EastAsianWidth.txt")
    for first, last, fields in parse_ranges(eaw_path):
        for c in range(first, last + 1):
            eaw[c] = fields[0]

    emoji_presentation = set()
    emoji_path = os.path.join(ucd_dir, "emoji", "emoji-data.txt")
    emoji_ver = None
    if os.path.exists(emoji_path):
        emoji_ver = emoji_version(emoji_path)
        for first, last, fields in parse_ranges(emoji_path):
            if fields[0] == "Emoji_Presentation":
                emoji_presentation.update(range(first, last + 1))

    pcm = PREPENDED_CONCATENATION_MARKS
    proplist = os.path.join(ucd_dir, "PropList.txt")
    if os.path.exists(proplist):
        pcm = [(first, last) for first, last, fields in parse_ranges(proplist)
               if fields[0] == "Prepended_Concatenation_Mark"]

    version = file_version(eaw_path, "EastAsianWidth")
    ucd_version = file_version(os.path.join(ucd_dir, "DerivedAge.txt"), "DerivedAge") \
        if os.path.exists(os.path.join(ucd_dir, "DerivedAge.txt")) else None
    source = f"UCD files in {ucd_dir} (Unicode {ucd_version or version}"
    source += f", emoji-data {emoji_ver})" if emoji_ver else ", no emoji-data.txt)"
    return (lambda c: category.get(c, "Cn"),
            lambda c: eaw.get(c, "N"),
            emoji_presentation,
            set(c for lo, hi in pcm for c in range(lo, hi + 1)),
            ucd_version or version,
            source)


def load_from_python():
    source = f"Python {sys.version.split()[0]} unicodedata (Unicode {unicodedata.unidata_version}, no emoji data)"
    def eaw(c):
        # CPython answers "F" for unassigned scalars (it reads the property
        # of its placeholder record), which would make every gap wide; the
        # UCD's rule is N, with DEFAULT_WIDE applied later.
        if unicodedata.category(chr(c)) == "Cn":
            return "N"
        return unicodedata.east_asian_width(chr(c))
    return (lambda c: unicodedata.category(chr(c)),
            eaw,
            set(),
            set(c for lo, hi in PREPENDED_CONCATENATION_MARKS for c in range(lo, hi + 1)),
            unicodedata.unidata_version,
            source)


def in_any(cp, ranges):
    return any(lo <= cp <= hi for lo, hi in ranges)


def classify(cp, category, eaw, emoji_presentation, pcm):
    """0, 1 or 2 columns. C0/C1 controls are left to the Swift fast path."""
    gc = category(cp)
    if gc == "Cc":
        return 0
    if (gc in ("Mn", "Me")
            or (gc == "Cf" and cp != SOFT_HYPHEN and cp not in pcm)
            # Line and paragraph separators draw nothing (glibc and wcwidth
            # agree); should one reach a caret line it must not shift it.
            or gc in ("Zl", "Zp")
            or cp == ZERO_WIDTH_JOINER
            or in_any(cp, VARIATION_SELECTORS)
            or in_any(cp, CONJOINING_JAMO)):
        # Checked before wideness: a few marks are W (U+302A..U+302D,
        # U+3099..U+309A) yet still combine onto the previous cell.
        return 0
    if eaw(cp) in ("W", "F") or cp in emoji_presentation:
        return 2
    if gc == "Cn" and in_any(cp, DEFAULT_WIDE):
        return 2
    return 1


def to_ranges(cps):
    ranges = []
    for cp in cps:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


def swift_array(name, doc, ranges):
    lines = [f"    /// {doc}",
             f"    static let {name}: [UInt32] = ["]
    for i in range(0, len(ranges), 4):
        chunk = ranges[i:i + 4]
        lines.append("        " + " ".join(f"0x{lo:05X}, 0x{hi:05X}," for lo, hi in chunk))
    lines.append("    ]")
    return "\n".join(lines)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ucd-dir", default="/usr/share/unicode")
    ap.add_argument("--source", choices=["auto", "files", "python"], default="auto")
    ap.add_argument("--output", default=os.path.join(root, "Sources/CapBase/Generated/DisplayWidthTable.swift"))
    args = ap.parse_args()

    have_files = os.path.exists(os.path.join(args.ucd_dir, "UnicodeData.txt")) and \
        os.path.exists(os.path.join(args.ucd_dir, "EastAsianWidth.txt"))
    if args.source == "files" and not have_files:
        sys.exit(f"no UnicodeData.txt/EastAsianWidth.txt in {args.ucd_dir} (apt-get install unicode-data)")
    use_files = have_files and args.source != "python"
    if use_files:
        category, eaw, emoji, pcm, version, source = load_from_files(args.ucd_dir)
        # Prefer whichever is newer: a Python built against a later Unicode
        # than the installed Debian package should win.
        if args.source == "auto" and tuple(map(int, unicodedata.unidata_version.split("."))) > \
                tuple(map(int, version.split("."))):
            category, eaw, emoji, pcm, version, source = load_from_python()
    else:
        category, eaw, emoji, pcm, version, source = load_from_python()

    zero, wide = [], []
    for cp in range(0xA0, MAX_CODE_POINT + 1):
        if cp in SURROGATES:
            continue
        w = classify(cp, category, eaw, emoji, pcm)
        if w == 0 and category(cp) != "Cc":
            zero.append(cp)
        elif w == 2:
            wide.append(cp)
    zero_ranges, wide_ranges = to_ranges(zero), to_ranges(wide)

    # Everything from U+00A0 up to the first table entry is one column, so
    # Latin-1 and Latin Extended text skips the search entirely.
    narrow_below = min(zero_ranges[0][0], wide_ranges[0][0])

    out = f"""// GENERATED by Scripts/generate-display-width.py — do not edit by hand.
// Source: {source}.
// Regenerate after a Unicode update: python3 Scripts/generate-display-width.py

/// Sorted, disjoint, merged inclusive ranges `[first, last, first, last, ...]`
/// of Unicode {version} scalars with non-default terminal width. Scalars in
/// neither table (and not controls) take one column.
enum DisplayWidthTable {{
    /// The Unicode version these tables were built from.
    static let unicodeVersion = "{version}"

    /// Every scalar from U+00A0 up to (not including) this one is one column wide.
    static let narrowBelow: UInt32 = 0x{narrow_below:X}

{swift_array("zero", f"Width 0: Mn, Me, Zl, Zp, Cf except U+00AD and prepended marks, ZWJ, variation selectors, conjoining jamo ({len(zero_ranges)} ranges).", zero_ranges)}

{swift_array("wide", f"Width 2: East_Asian_Width W or F, Emoji_Presentation ({len(wide_ranges)} ranges).", wide_ranges)}
}}
"""
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(out)
    print(f"wrote {args.output}: Unicode {version}, {len(zero_ranges)} zero ranges, "
          f"{len(wide_ranges)} wide ranges, narrowBelow U+{narrow_below:04X}; source: {source}")


if __name__ == "__main__":
    main()
