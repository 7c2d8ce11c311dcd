"""Reads cap's published outputs back with the libraries their consumers use
(Python's csv and json, icalendar, geojson) and checks their content.

Run by `make test` after the Swift suite; needs the debug build of cap."""
import csv
import io
import json
import os
import subprocess
import tempfile
from datetime import date, datetime, timezone

import geojson
import icalendar
import pytest

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
    assert rows["FR"]["model"] == "abolitionist" and rows["FR"]["adopted"] == "2016-04-13"
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
    assert france["properties"]["adopted"] == "2016-04-13"


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
        result = subprocess.run([CAP, "map", "-o", out, d], capture_output=True, text=True)
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
