"""Readers of the Unicode Character Database's text files, shared by the
table generators in this folder (Debian's `unicode-data` package puts the
files in /usr/share/unicode)."""

import os
import re


def parse_ranges(path):
    """Yield (first, last, fields) for each data line of a UCD-style file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            cps = fields[0].split("..")
            first = int(cps[0], 16)
            last = int(cps[-1], 16)
            yield first, last, fields[1:]


def file_version(path, stem):
    """The version in a UCD file's first-line header, e.g. 'EastAsianWidth-15.0.0.txt'."""
    with open(path, encoding="utf-8") as f:
        head = f.readline()
    m = re.search(re.escape(stem) + r"-(\d+\.\d+\.\d+)", head)
    return m.group(1) if m else None


def unicode_data(ucd_dir):
    """Yield (scalar, fields) for every scalar UnicodeData.txt assigns,
    fields being the line's from the name on (name, category, combining
    class...)."""
    with open(os.path.join(ucd_dir, "UnicodeData.txt"), encoding="utf-8") as f:
        pending_first = None
        for line in f:
            fields = line.rstrip("\n").split(";")
            cp, name = int(fields[0], 16), fields[1]
            # Large blocks (CJK, Hangul syllables, Tangut...) are given as a
            # <..., First> / <..., Last> pair rather than one line per scalar.
            if name.endswith(", First>"):
                pending_first = cp
                continue
            first = pending_first if name.endswith(", Last>") else cp
            pending_first = None
            for c in range(first, cp + 1):
                yield c, fields[1:]
