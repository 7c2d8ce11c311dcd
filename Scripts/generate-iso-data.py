#!/usr/bin/env python3
"""Writes Sources/CapSchema/Generated/ISOData.swift from Debian's iso-codes JSON.

The checker must work offline and without system data files, so the ISO 3166
and ISO 639-1 tables are compiled into the library. Re-run this script after
upgrading the iso-codes package (apt-get install iso-codes) and commit the
result:

    python3 Scripts/generate-iso-data.py [--json-dir DIR] [--output FILE]

The tables are written as "|"-separated lines inside raw multi-line string
literals: Swift type-checks a string literal instantly, whereas array or
dictionary literals with thousands of elements take many seconds.

Cleaning done here, so the Swift side sees plain names:
- ISO 3166-2 names carry footnote markers ("Alacant*", "Aerodrom †") that are
  dropped.
- Bracketed parts ("Wales [Cymru GB-CYM]", "Lleida [Lérida]",
  "Stockholms län [SE-01]", "Amānat al ‘Āşimah [city]") become alternate names;
  codes and lowercase annotations inside them are dropped.
- Subdivision parents are written as full codes ("ES-CT", not "CT").
- ISO 639-1 languages are the union of the alpha-2 codes in iso_639-2.json
  and iso_639-3.json (each lists one the other lacks: "bh", "sh"). The display
  name is the ISO 639-3 one without "(macrolanguage)", as it is uninverted
  ("Norwegian Bokmål", not "Bokmål, Norwegian"); all other names are aliases.
"""

import argparse
import json
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEPARATOR = "|"
CODE_TOKEN = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def package_version():
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load(json_dir, standard):
    with open(Path(json_dir) / f"iso_{standard}.json", encoding="utf-8") as f:
        return json.load(f)[standard]


def clean_subdivision_name(raw):
    """Returns (name, alternates) for an ISO 3166-2 name."""
    alternates = []

    def take_bracket(match):
        words = [w for w in match.group(1).split() if not CODE_TOKEN.match(w)]
        alt = " ".join(words)
        if alt and not alt.islower():
            alternates.append(alt)
        return ""

    name = re.sub(r"\s*\[([^\]]*)\]", take_bracket, raw)
    name = re.sub(r"\s*[*†]", "", name).strip()
    alternates = [a for a in alternates if a != name]
    return name, alternates


def row(*fields):
    for field in fields:
        if SEPARATOR in field or "\n" in field or '"""' in field:
            raise ValueError(f"field cannot be embedded: {field!r}")
    return SEPARATOR.join(fields)


def countries(json_dir):
    rows = []
    for e in sorted(load(json_dir, "3166-1"), key=lambda e: e["alpha_2"]):
        if not re.fullmatch(r"\d{3}", e["numeric"]):
            raise ValueError(f"numeric code not 3 digits: {e}")
        rows.append(row(e["alpha_2"], e["alpha_3"], e["numeric"], e["name"],
                        e.get("common_name", ""), e.get("official_name", "")))
    return rows


def subdivisions(json_dir):
    entries = load(json_dir, "3166-2")
    codes = {e["code"] for e in entries}
    rows = []
    for e in sorted(entries, key=lambda e: e["code"]):
        parent = e.get("parent", "")
        if parent and "-" not in parent:
            parent = e["code"].split("-")[0] + "-" + parent
        if parent and parent not in codes:
            raise ValueError(f"unknown parent: {e}")
        name, alternates = clean_subdivision_name(e["name"])
        rows.append(row(e["code"], name, e["type"], parent, ";".join(alternates)))
    return rows


def languages(json_dir):
    part2 = {e["alpha_2"]: e for e in load(json_dir, "639-2") if "alpha_2" in e}
    part3 = {e["alpha_2"]: e for e in load(json_dir, "639-3") if "alpha_2" in e}
    rows = []
    for code in sorted(part2.keys() | part3.keys()):
        e2, e3 = part2.get(code, {}), part3.get(code, {})
        alpha3 = e3.get("alpha_3") or e2["alpha_3"]
        bibliographic = e3.get("bibliographic") or e2.get("bibliographic", "")
        names = []
        if e3:
            names.append(e3["name"].replace(" (macrolanguage)", ""))
        names += e2.get("name", "").split("; ") if e2 else []
        names += [e[k] for e in (e2, e3) for k in ("common_name", "inverted_name") if k in e]
        unique = [n for i, n in enumerate(names) if n and n not in names[:i]]
        rows.append(row(code, alpha3, bibliographic, unique[0], ";".join(unique[1:])))
    return rows


def literal(name, doc, rows):
    body = "\n".join("    " + r for r in rows)
    return f'    /// {doc}\n    static let {name} = #"""\n{body}\n    """#\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json-dir", default="/usr/share/iso-codes/json")
    parser.add_argument("--output", default=str(REPO / "Sources/CapSchema/Generated/ISOData.swift"))
    args = parser.parse_args()

    c, s, l = countries(args.json_dir), subdivisions(args.json_dir), languages(args.json_dir)
    text = (
        f"// Generated by Scripts/generate-iso-data.py from the Debian package\n"
        f"// iso-codes {package_version()} ({args.json_dir}). Do not edit by hand:\n"
        f"// re-run the script instead.\n"
        f"//\n"
        f"// {len(c)} countries (ISO 3166-1), {len(s)} subdivisions (ISO 3166-2),\n"
        f"// {len(l)} languages (ISO 639-1). Rows are \"|\"-separated lines in string\n"
        f"// literals because array literals this size are slow to type-check;\n"
        f"// Jurisdictions and Languages parse them once, on first use.\n"
        f"\n"
        f"enum ISOData {{\n"
        + literal("countries", "alpha-2|alpha-3|numeric|name|common name|official name", c)
        + "\n"
        + literal("subdivisions", "code|name|type|parent code, empty under the country|alternate names, \";\"-separated", s)
        + "\n"
        + literal("languages", "alpha-2|alpha-3|bibliographic alpha-3|name|other names, \";\"-separated", l)
        + "}\n"
    )
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"wrote {args.output}: {len(c)} countries, {len(s)} subdivisions, {len(l)} languages")


if __name__ == "__main__":
    main()
