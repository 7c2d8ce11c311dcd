#!/usr/bin/env python3
"""Writes Sources/CapPublish/Generated/TranslationData.swift: the French and
Spanish names of countries, languages and months that reports, timelines
and maps print with --lang fr|es.

Sources, all Debian packages installed on the build machine:
- country and language names: iso-codes (/usr/share/iso-codes/json/*.json
  for the English names cap prints, /usr/share/locale/LANG/LC_MESSAGES/
  iso_3166-1.mo, iso_639-3.mo and iso_639-2.mo for their translations);
- month names, full and abbreviated: glibc's locale sources, LC_TIME of
  /usr/share/i18n/locales/fr_FR and es_ES (Debian package locales).

Re-run after upgrading either and commit the result:

    python3 Scripts/generate-translations.py [--output FILE]

A name iso-codes does not translate (subdivisions such as Northern Ireland,
some languages in Spanish) is left out: cap falls back to the English name.
Country names follow cap's own choice of English name (the common name where
ISO gives one, "South Korea", else the name): the common name's translation
when iso-codes has one, else the name's. Of a language's Spanish
"Español; Castellano" only the first is kept, as cap shows one name.
"""

import argparse
import gettext
import json
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LANGUAGES = ["fr", "es"]
LOCALES = {"fr": "fr_FR", "es": "es_ES"}
SEPARATOR = "|"


def version(package):
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             check=True, capture_output=True, text=True).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def catalogue(lang, domain):
    path = Path(f"/usr/share/locale/{lang}/LC_MESSAGES/{domain}.mo")
    with open(path, "rb") as f:
        return gettext.GNUTranslations(f)


def translated(cat, english):
    """The translation, or None when the catalogue has none."""
    if not english:
        return None
    t = cat.gettext(english)
    return t if t != english else None


def load(json_dir, standard):
    with open(Path(json_dir) / f"iso_{standard}.json", encoding="utf-8") as f:
        return json.load(f)[standard]


def check(field):
    if SEPARATOR in field or "\n" in field or '"""' in field:
        raise ValueError(f"field cannot be embedded: {field!r}")
    return field


def countries(json_dir, cats):
    rows = []
    for e in sorted(load(json_dir, "3166-1"), key=lambda e: e["alpha_2"]):
        names = []
        for lang in LANGUAGES:
            cat = cats[lang]
            names.append(translated(cat, e.get("common_name")) or translated(cat, e["name"]) or "")
        if any(names):
            rows.append(SEPARATOR.join(check(f) for f in [e["alpha_2"]] + names))
    return rows


def languages(json_dir, cats3, cats2):
    """ISO 639-1 languages, as cap names them (generate-iso-data.py)."""
    part2 = {e["alpha_2"]: e for e in load(json_dir, "639-2") if "alpha_2" in e}
    part3 = {e["alpha_2"]: e for e in load(json_dir, "639-3") if "alpha_2" in e}
    rows = []
    for code in sorted(part2.keys() | part3.keys()):
        e2, e3 = part2.get(code, {}), part3.get(code, {})
        names = []
        for lang in LANGUAGES:
            name = translated(cats3[lang], e3.get("name")) or translated(cats2[lang], e2.get("name"))
            names.append(name.split(";")[0].strip() if name else "")
        if any(names):
            rows.append(SEPARATOR.join(check(f) for f in [code] + names))
    return rows


def locale_strings(locale, keyword):
    """A keyword's strings from a glibc locale source's LC_TIME, with its
    <Uxxxx> escapes decoded."""
    text = Path(f"/usr/share/i18n/locales/{locale}").read_text(encoding="utf-8")
    section = text.split("\nLC_TIME\n", 1)[1].split("\nEND LC_TIME", 1)[0]
    # A keyword's value runs over lines ending in "/".
    match = re.search(rf"^{keyword}\s+((?:.*/\n)*.*)$", section, re.MULTILINE)
    if not match:
        raise ValueError(f"{locale} has no {keyword} in LC_TIME")
    strings = re.findall(r'"([^"]*)"', match.group(1))
    return [re.sub(r"<U([0-9A-Fa-f]{4,6})>", lambda m: chr(int(m.group(1), 16)), s) for s in strings]


def literal(name, doc, rows):
    body = "\n".join("    " + r for r in rows)
    return f'    /// {doc}\n    static let {name} = #"""\n{body}\n    """#\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json-dir", default="/usr/share/iso-codes/json")
    parser.add_argument("--output", default=str(REPO / "Sources/CapPublish/Generated/TranslationData.swift"))
    args = parser.parse_args()

    countries_cats = {lang: catalogue(lang, "iso_3166-1") for lang in LANGUAGES}
    cats3 = {lang: catalogue(lang, "iso_639-3") for lang in LANGUAGES}
    cats2 = {lang: catalogue(lang, "iso_639-2") for lang in LANGUAGES}
    c = countries(args.json_dir, countries_cats)
    l = languages(args.json_dir, cats3, cats2)
    months = []
    for lang in LANGUAGES:
        full, short = locale_strings(LOCALES[lang], "mon"), locale_strings(LOCALES[lang], "abmon")
        if len(full) != 12 or len(short) != 12:
            raise ValueError(f"{LOCALES[lang]}: expected 12 month names")
        months.append(SEPARATOR.join(check(f) for f in [lang] + full))
        months.append(SEPARATOR.join(check(f) for f in [lang + "-abbreviated"] + short))
    text = (
        f"// Generated by Scripts/generate-translations.py from the Debian packages\n"
        f"// iso-codes {version('iso-codes')} (ISO 3166-1 and 639 names, their .mo\n"
        f"// translations) and glibc's locale sources ({version('locales')}, LC_TIME of\n"
        f"// {', '.join(LOCALES.values())}). Do not edit by hand: re-run the script instead.\n"
        f"//\n"
        f"// {len(c)} country names and {len(l)} language names in "
        f"{' and '.join(LANGUAGES)}; a name left empty has no\n"
        f"// translation in iso-codes, and cap shows the English one. Rows are\n"
        f"// \"|\"-separated lines, parsed once on first use (PublishLanguage).\n"
        f"\n"
        f"enum TranslationData {{\n"
        + literal("countries", f"alpha-2|{'|'.join(LANGUAGES)}", c)
        + "\n"
        + literal("languages", f"ISO 639-1|{'|'.join(LANGUAGES)}", l)
        + "\n"
        + literal("months", "language (or language-abbreviated)|January|…|December", months)
        + "}\n"
    )
    Path(args.output).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
