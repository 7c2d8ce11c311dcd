"""Reads cap's published outputs back with the libraries their consumers use
(Python's csv, json and xml.etree, icalendar and ical, geojson, markdown-it-py) and
checks their content: every format of report, timeline, map and eval.

Run by `make test` after the Swift suite; needs the debug build of cap."""
import csv
import io
import json
import os
import subprocess
import tempfile
from datetime import date, datetime, timezone

import xml.etree.ElementTree as ET

import geojson
import icalendar
from ical.calendar_stream import IcsCalendarStream
import pytest
from markdown_it import MarkdownIt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CAP = os.path.join(ROOT, ".build", "debug", "cap")
EXAMPLES = os.path.join(ROOT, "Examples")


def cap(*args, cwd=ROOT, env=None):
    full_env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", **(env or {}))
    # Bytes, not text mode: text mode would turn the CRLFs under test into LFs.
    result = subprocess.run([CAP, *args], cwd=cwd, capture_output=True, env=full_env, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def map_rows(as_of):
    return {row["code"]: row for row in csv.DictReader(io.StringIO(cap("map", "--as-of", as_of, EXAMPLES), newline=""))}


def test_map_csv_has_the_documented_header_and_every_country():
    text = cap("map", "--as-of", "2020-12-31", EXAMPLES)
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    assert header[:11] == ["code", "iso_a2", "iso_a3", "iso_numeric", "name", "model", "status",
                           "adopted", "in_force", "law_title", "sources"]
    rows = list(reader)
    assert len(rows) == 250  # 249 ISO 3166-1 countries and Northern Ireland
    assert text.count("\r\n") == 251


def test_sweden_abolitionist_since_1999():
    se = map_rows("2000-01-01")["SE"]
    assert (se["iso_a3"], se["model"], se["status"], se["in_force"]) == ("SWE", "abolitionist", "in force", "1999-01-01")


def test_northern_ireland_2015_is_its_own_row():
    nir = map_rows("2015-12-31")["GB-NIR"]
    assert nir["model"] == "abolitionist" and nir["in_force"] == "2015-06-01"
    assert nir["iso_a3"] == ""
    assert map_rows("2015-12-31")["GB"]["model"] == ""


def test_france_and_ireland_at_the_end_of_2016():
    rows = map_rows("2016-12-31")
    assert rows["FR"]["model"] == "abolitionist" and rows["FR"]["adopted"] == "2016-04-06"
    assert rows["IE"]["model"] == ""


def test_israel_pending_not_law_at_the_end_of_2017():
    il = map_rows("2017-12-31")["IL"]
    assert (il["model"], il["status"], il["adopted"]) == ("", "approved", "")


def test_geojson_is_a_valid_feature_collection():
    collection = geojson.loads(cap("map", "--as-of", "2016-12-31", "--format", "geojson", EXAMPLES))
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    france = next(f for f in collection["features"] if f["id"] == "FR")
    assert france["geometry"] is None
    assert france["properties"]["adopted"] == "2016-04-06"


def test_map_json_and_year_matrix():
    data = json.loads(cap("map", "--as-of", "2016-12-31", "--format", "json", EXAMPLES))
    assert data["as_of"] == "2016-12-31"
    years = list(csv.DictReader(io.StringIO(cap("map", "--as-of", "2016-12-31", "--format", "years", EXAMPLES))))
    france = next(r for r in years if r["code"] == "FR")
    assert france["2016"] == "abolitionist" and france["2015"] == ""


def test_calendar_side_event_at_ten_utc():
    calendar = icalendar.Calendar.from_ical(cap("timeline", "--format", "ics", EXAMPLES))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    side = events["hrc47_side_event@cap"]
    assert side.decoded("DTSTART") == datetime(2021, 6, 22, 10, 0, tzinfo=timezone.utc)
    assert len(events) == len(calendar.walk("VEVENT")), "UIDs are unique"


def utc(value):
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def test_calendar_timed_range_keeps_its_times_and_nothing_is_invented():
    text = cap("timeline", "--format", "ics", EXAMPLES)
    by_icalendar = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    by_ical = {e.uid: e for e in IcsCalendarStream.calendar_from_ics(text).events}
    # 2018-11-23 19:00 CET..2018-11-23 21:30 CET: it was an all-day event.
    metoo = "metoo_survivors_paris_2018@cap"
    assert utc(by_icalendar[metoo].decoded("DTSTART")) == datetime(2018, 11, 23, 18, 0)
    assert utc(by_icalendar[metoo].decoded("DTEND")) == datetime(2018, 11, 23, 20, 30)
    assert utc(by_ical[metoo].dtstart) == datetime(2018, 11, 23, 18, 0)
    assert utc(by_ical[metoo].dtend) == datetime(2018, 11, 23, 20, 30)
    # A start without an end: no DTEND, no DURATION (it was start + 1 h).
    side = "hrc47_side_event@cap"
    assert "DTEND" not in by_icalendar[side] and "DURATION" not in by_icalendar[side]
    assert by_ical[side].dtend is None and by_ical[side].duration is None


ZONED = """
event gap "Paris, in the gap" { date 2021-03-28 02:30 Europe/Paris
  kind meeting }
event fold "Paris, clocks going back" { date 2021-10-31 02:30 Europe/Paris..2021-10-31 04:00 Europe/Paris
  kind meeting }
event ny "New York" { date 2019-03-12 13:15 America/New_York..2019-03-12 14:45 America/New_York
  kind side_event }
event howe "Lord Howe Island" { date 2021-01-10 09:00 Australia/Lord_Howe
  kind meeting }
event kolkata "Kolkata" { date 1999-02-01 10:00 Asia/Kolkata
  kind meeting }
event later "Paris, 2040" { date 2040-07-01 12:00 Europe/Paris
  kind meeting }
"""

# The instants those local times are, as the tz database and RFC 5545 3.3.5
# (a time in a gap takes the offset before it; a repeated one is the first) say.
ZONED_UTC = {
    "gap@cap": (datetime(2021, 3, 28, 1, 30), None),
    "fold@cap": (datetime(2021, 10, 31, 0, 30), datetime(2021, 10, 31, 3, 0)),
    "ny@cap": (datetime(2019, 3, 12, 17, 15), datetime(2019, 3, 12, 18, 45)),
    "howe@cap": (datetime(2021, 1, 9, 22, 0), None),
    "kolkata@cap": (datetime(1999, 2, 1, 4, 30), None),
    "later@cap": (datetime(2040, 7, 1, 10, 0), None),
}


def test_every_tzid_has_a_vtimezone_that_two_parsers_read_alike():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "zones.cap"), "w") as f:
            f.write(ZONED)
        text = cap("timeline", "--format", "ics", d)
    calendar = icalendar.Calendar.from_ical(text)
    tzids = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    used = {e["DTSTART"].params["TZID"] for e in calendar.walk("VEVENT")}
    assert used == tzids == {"Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"}
    # Under names no tz database knows, both parsers must use the calendar's
    # own VTIMEZONEs, and not their own rules, to place the events.
    for name in sorted(tzids):
        text = text.replace(name, "Cap-Test/" + name.replace("/", "-"))
    by_icalendar = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    by_ical = {e.uid: e for e in IcsCalendarStream.calendar_from_ics(text).events}
    for uid, (start, end) in ZONED_UTC.items():
        assert utc(by_icalendar[uid].decoded("DTSTART")) == start, uid
        assert utc(by_ical[uid].dtstart) == start, uid
        if end is None:
            assert "DTEND" not in by_icalendar[uid] and by_ical[uid].dtend is None, uid
        else:
            assert utc(by_icalendar[uid].decoded("DTEND")) == end, uid
            assert utc(by_ical[uid].dtend) == end, uid


def test_calendar_month_only_events_span_their_month():
    calendar = icalendar.Calendar.from_ical(cap("timeline", "--from", "2017-03", "--to", "2017-03", "--format", "ics", EXAMPLES))
    csw = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == "csw61_side_event@cap")
    assert csw.decoded("DTSTART") == date(2017, 3, 1)
    assert csw.decoded("DTEND") == date(2017, 4, 1)
    assert str(csw["X-CAP-PRECISION"]) == "month"


def test_calendar_lines_are_crlf_and_folded():
    text = cap("timeline", "--format", "ics", EXAMPLES)
    assert text.endswith("\r\n")
    for line in text.split("\r\n"):
        assert "\n" not in line and len(line.encode()) <= 75


def test_timelinejs_month_only_dates_are_native():
    data = json.loads(cap("timeline", "--format", "timelinejs", EXAMPLES))
    csw = next(e for e in data["events"] if e["unique_id"] == "csw61_side_event")
    assert csw["start_date"]["year"] == "2017" and csw["start_date"]["month"] == "3"
    assert "day" not in csw["start_date"]


def test_timeline_csv_keeps_precision_and_neutralises_formulas():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "data.cap"), "w") as f:
            f.write('event e "=HYPERLINK(\\"http://x\\")" {\n  date 2017-03\n}\n')
        rows = list(csv.DictReader(io.StringIO(cap("timeline", "--format", "csv", d))))
    assert rows[0]["date"] == "2017-03"
    assert rows[0]["title"].startswith("'=")


def test_nothing_is_written_when_the_data_has_errors():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "bad.cap"), "w") as f:
            f.write('member m "M" {\n  country XX\n}\n')
        out = os.path.join(d, "map.csv")
        with open(out, "w") as f:
            f.write("previous good map\n")
        result = subprocess.run([CAP, "map", "-o", out, d], capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        with open(out) as f:
            assert f.read() == "previous good map\n"


def test_html_report_is_one_self_contained_page():
    from html.parser import HTMLParser

    class Collector(HTMLParser):
        def __init__(self):
            super().__init__()
            self.external, self.meta, self.headings = [], {}, []
            self._in_h = False

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            for key in ("src", "href"):
                if key in a and tag in ("link", "script", "img", "iframe", "source"):
                    self.external.append((tag, a[key]))
            if tag == "meta" and "name" in a:
                self.meta[a["name"]] = a.get("content", "")
            self._in_h = tag in ("h1", "h2", "h3")

        def handle_data(self, data):
            if self._in_h:
                self.headings.append(data.strip())
                self._in_h = False

    html = cap("report", "--period", "2017", "--format", "html", EXAMPLES)
    page = Collector()
    page.feed(html)
    assert page.external == []
    assert "width=device-width" in page.meta.get("viewport", "")
    assert "@media print" in html
    assert page.headings[0] == "Annual Report 2017"
    assert "March 2017" in page.headings and "Statistics" in page.headings
    assert "<script" not in html


# Reports: JSON and Markdown.


def test_report_json_statistics_and_months():
    report = json.loads(cap("report", "--period", "2017", "--format", "json", EXAMPLES))
    assert (report["title"], report["from"], report["to"]) == ("Annual Report 2017", "2017", "2017")
    # Statements among the months (April, December); the month not recorded last.
    assert [m["month"] for m in report["months"]] == [
        "2017-01", "2017-02", "2017-03", "2017-04", "2017-05", "2017-06", "2017-07", "2017-09", "2017-10", "2017-11",
        "2017-12", "2017"]
    statistics = {s["name"]: (s["value"], s["declared"]) for s in report["statistics"]}
    assert statistics["country visits"] == (14, 12)
    assert statistics["new members"] == (6, 6)
    assert statistics["Board meetings"] == (0, 4)
    assert statistics["media quotes"] == (None, 18)
    shown = {s["name"]: s["shown"] for s in report["statistics"]}
    assert shown["country visits"] == 12 and shown["media quotes"] == 18
    assert report["campaigns"] == ["Last Girl First", "Girls of Paradise"]
    assert [law["id"] for law in report["laws"][:2]] == ["ie_2017.passed", "ie_2017.in_force"]
    assert report["publications"][0]["title"] == "The French law of 13 April 2016"


def markdown_outline(text):
    """The headings (level, text) and the list items' inline text, as a
    CommonMark reader sees them."""
    tokens = MarkdownIt("commonmark").parse(text)
    headings, items = [], []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), tokens[i + 1].content))
        if token.type == "list_item_open":
            items.append(tokens[i + 2].content)
    return headings, items


def test_report_markdown_reads_as_headings_and_items():
    headings, items = markdown_outline(cap("report", "--period", "2017", "--format", "md", EXAMPLES))
    assert headings[0] == (1, "Annual Report 2017")
    assert [h for h in headings if h[0] == 2] == [
        (2, "Activities"), (2, "Statistics"), (2, "Campaigns"), (2, "Laws"), (2, "Publications"),
        (2, "For the editors: figures to check")]
    months = [text for level, text in headings if level == 3]
    assert months[:3] == ["January 2017", "February 2017", "March 2017"]
    assert months[-1] == "2017 (month not recorded)"
    assert len(months) == 12
    assert any(item.startswith("**12 country visits** — ") for item in items)
    assert any(item.startswith("country visits: the report gives 12, the data counts 14") for item in items)
    assert "**18 media quotes**" in items


# Timelines: JSON and Markdown.


def test_timeline_json_entries():
    entries = json.loads(cap("timeline", "--format", "json", EXAMPLES))
    assert len(entries) == 106
    kinds = {}
    for entry in entries:
        kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
    assert kinds == {"event": 33, "law": 25, "publication": 6, "member": 6, "statement": 17, "instrument": 15,
                     "ratification": 4}
    side = next(e for e in entries if e["id"] == "hrc47_side_event")
    assert (side["date"], side["date_time"], side["display"], side["online"]) == (
        "2021-06-22", "2021-06-22 12:00 CEST", "22 Jun 2021 12:00 CEST", True)
    csw = next(e for e in entries if e["id"] == "csw61_side_event")
    assert (csw["date"], csw["display"], csw["city"], csw["country"]) == ("2017-03", "Mar 2017", "New York", "US")
    assert [e["date"][:4] for e in entries] == sorted(e["date"][:4] for e in entries), "in date order"


def test_timeline_markdown_reads_as_years_and_entries():
    headings, items = markdown_outline(cap("timeline", "--format", "md", EXAMPLES))
    assert headings[0] == (1, "Timeline")
    years = [text for level, text in headings if level == 2]
    assert years[:3] == ["1949", "1951", "1960"]
    assert years == sorted(years)
    assert len(items) == 106
    assert "**Mar 2017** — CSW 61: first abolitionist official side event (New York, United States) · `un_advocacy`" in items


# The map as SVG, read by an XML parser.

SVG = "{http://www.w3.org/2000/svg}"


def test_svg_map_parses_and_colours_the_laws():
    root = ET.fromstring(cap("map", "--as-of", "2016-12-31", "--format", "svg", EXAMPLES).encode("utf-8"))
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") == "0 0 1000 1026"
    assert root.find(SVG + "title").text == "Laws on prostitution (as of 2016-12-31)"
    paths = {p.get("id"): p for p in root.iter(SVG + "path") if p.get("id")}
    assert paths["SE"].get("fill") == "#0072B2"
    assert paths["FR"].get("fill") == "#0072B2"
    assert paths["DE"].get("fill") == "#E0AFCA"
    assert paths["IE"].get("fill") == "#DDDDDD"
    assert paths["SE"].find(SVG + "title").text == "Sweden: abolitionist, in force since 1 January 1999. Sex Purchase Act"
    assert paths["IE"].find(SVG + "title").text == "Ireland: no law recorded"
    legend = [t.text for t in root.iter(SVG + "text") if t.text and "(" in t.text and t.text.endswith(")")]
    assert legend[:3] == ["Abolitionist (6)", "Legalised (2)", "No law recorded (242)"]
    assert not list(root.iter(SVG + "script"))


# eval's machine formats.

# Laws with a model: those on prostitution (a trafficking or consent law has none).
LAWS_BY_DATE = "laws | where model != none | sort passed | map {country: jurisdiction.name, model: model, passed: passed}"
FIRST_LAWS = [("Sweden", "abolitionist", "1998-05"), ("Germany", "legalised", "2001"), ("Norway", "abolitionist", "2008-11")]


def test_eval_csv_is_a_table_with_a_header():
    text = cap("eval", LAWS_BY_DATE, "--format", "csv", EXAMPLES)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [(r["country"], r["model"], r["passed"]) for r in rows[:3]] == FIRST_LAWS
    assert len(rows) == 10
    assert rows[-1] == {"country": "Netherlands", "model": "legalised", "passed": ""}
    assert text.count("\r\n") == 11
    assert list(csv.reader(io.StringIO(cap("eval", "members | count", "--format", "csv", EXAMPLES)))) == [["value"], ["28"]]


def test_eval_json_is_one_document():
    rows = json.loads(cap("eval", LAWS_BY_DATE, "--format", "json", EXAMPLES))
    assert [(r["country"], r["model"], r["passed"]) for r in rows[:3]] == FIRST_LAWS
    assert len(rows) == 10
    assert rows[-1] == {"country": "Netherlands", "model": "legalised", "passed": None}
    assert json.loads(cap("eval", "laws | count", "--format", "json", EXAMPLES)) == 13


def test_calendar_description_carries_cosponsors_partners_languages_and_link():
    text = cap("timeline", "--from", "2021-06", "--to", "2021-06", "--format", "ics", EXAMPLES)
    side = next(e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if str(e["UID"]) == "hrc47_side_event@cap")
    lines = str(side["DESCRIPTION"]).split("\n")
    assert "Co-sponsors: France, Iceland, Sweden" in lines
    assert any(line.startswith("Partners: ") for line in lines)
    assert "Languages: English, French, Spanish, German" in lines
    assert lines[-1] == str(side["URL"])


def test_french_and_spanish_outputs_read_back():
    """The report's JSON, the map's CSV and GeoJSON and the timeline's CSV in
    French and Spanish, read by Python's json, csv and geojson: the words are
    translated, the keys, codes and machine columns are not."""
    report = json.loads(cap("report", "--period", "2017", "--format", "json", "--lang", "es", EXAMPLES))
    assert report["lang"] == "es" and report["title"] == "Informe anual 2017"
    visits = next(s for s in report["statistics"] if s["name"] == "country visits")
    assert visits["label"] == "12 visitas a países"
    assert visits["counts"] == "los países de las actividades presenciales de la coalición"
    assert "Lituania" in visits["items"] and "Lithuania" not in visits["items"]
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(
        cap("map", "--as-of", "2020-12-31", "--format", "csv", "--lang", "fr", EXAMPLES), newline=""))}
    assert list(rows["SE"].keys()) == ["code", "iso_a2", "iso_a3", "iso_numeric", "name", "model", "status", "adopted",
                                       "in_force", "law_title", "sources", "law_id", "category", "status_text"]
    assert (rows["SE"]["name"], rows["SE"]["iso_a3"], rows["SE"]["model"], rows["SE"]["status"], rows["SE"]["status_text"]) \
        == ("Suède", "SWE", "abolitionist", "in force", "en vigueur")
    assert rows["FR"]["status_text"] == "adoptée (date d’entrée en vigueur non enregistrée)"
    assert rows["GB-NIR"]["name"] == "Northern Ireland"
    features = geojson.loads(cap("map", "--as-of", "2020-12-31", "--format", "geojson", "--lang", "es", EXAMPLES))
    assert features.is_valid
    norway = next(f for f in features["features"] if f["id"] == "NO")
    assert norway["properties"]["name"] == "Noruega" and norway["properties"]["status_text"] == "en vigor"
    timeline = list(csv.DictReader(io.StringIO(
        cap("timeline", "--format", "csv", "--kind", "law", "--lang", "fr", EXAMPLES), newline="")))
    sweden = [(r["date"], r["title"]) for r in timeline if r["country"] == "SE"]
    assert sweden == [("1998-05", "Suède: Sex Purchase Act adoptée"), ("1999-01-01", "Suède: Sex Purchase Act entre en vigueur"),
                      ("2018-07-01", "Suède: Consent law: sexual offences based on voluntary participation entre en vigueur")]
