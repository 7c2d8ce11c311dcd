"""Renders cap's HTML pages in headless Chromium (Debian's chromium, which
`make test` installs) at desktop and phone width, and checks what a reader
sees: the text, and that nothing runs off the side of the screen.

Each page is loaded into two iframes (1280 and 390 CSS pixels wide) of one
harness page, through `srcdoc`, so that a script of the harness can read
their layout; Chromium prints the resulting DOM (`--dump-dom`), with the
script's findings in it. One Chromium launch per page keeps the suite fast."""
import html
import json
import os
import re
import shutil
import subprocess
import tempfile

import pytest

from test_outputs import EXAMPLES, cap

WIDTHS = (1280, 390)

PROBE = """
function probe(doc, win) {
  const w = doc.documentElement.clientWidth;
  // Inside an <svg> its viewport clips what runs past it: the root <svg>
  // is checked, not its shapes (an inset draws the world through a window).
  const overflowing = [...doc.querySelectorAll('body *')].filter(e => !e.ownerSVGElement).filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > w + 0.5 && win.getComputedStyle(e).visibility !== 'hidden';
  }).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' + (e.textContent || '').slice(0, 60));
  return {width: w, scrollWidth: doc.documentElement.scrollWidth, overflowing: overflowing.slice(0, 20),
          text: doc.body.innerText, extra: (win.capProbe ? win.capProbe(doc, win) : null)};
}
"""


def chromium():
    path = shutil.which("chromium")
    assert path, "chromium is missing: `make test` installs it (Debian's chromium package)"
    return path


def render(page, extra_script=""):
    """What each width shows of `page`: its text, its width, the elements
    running past its right edge, and what `extra_script` (a function
    `capProbe(doc, win)` run in the page's frame) returns."""
    frames = "".join(
        f'<iframe id="f{w}" style="width:{w}px;height:900px;border:0;display:block" '
        f'srcdoc="{html.escape(page + extra_script, quote=True)}"></iframe>' for w in WIDTHS)
    harness = f"""<!DOCTYPE html><html><body style="margin:0">{frames}<script>{PROBE}
addEventListener('load', () => {{
  const out = {{}};
  for (const w of {list(WIDTHS)}) {{
    const f = document.getElementById('f' + w);
    out[w] = probe(f.contentDocument, f.contentWindow);
  }}
  const pre = document.createElement('pre');
  pre.id = 'cap-probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}});
</script></body></html>"""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "harness.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(harness)
        result = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                 f"--user-data-dir={d}/profile", "--virtual-time-budget=5000",
                                 "--dump-dom", "file://" + path],
                                capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="cap-probe">(.*?)</pre>', result.stdout, re.S)
    assert found, result.stderr[-2000:]
    return {int(w): v for w, v in json.loads(html.unescape(found.group(1))).items()}


def test_html_report_reads_at_desktop_and_phone_width():
    page = cap("report", "--period", "2017", "--format", "html", EXAMPLES)
    for width, seen in render(page).items():
        text = seen["text"]
        assert "Annual Report 2017" in text
        assert "CAP International — Coalition for the Abolition of Prostitution" in text, width
        assert "12 country visits" in text and "1 country visits" not in text
        assert "April 2017" in text and "Press statement one year on" in text
        assert seen["scrollWidth"] <= seen["width"], (width, seen["scrollWidth"])
        assert seen["overflowing"] == [], (width, seen["overflowing"])


# Run in the map's frame: the colours the slider gives, and what focusing a
# country says. Index 0 is 1998; Israel's bill was approved in 2017 and
# passed on 31 December 2018.
MAP_PROBE = """<script>
window.capProbe = function (doc, win) {
  const slider = doc.getElementById('slider'), fill = id => doc.getElementById(id).getAttribute('fill');
  const years = JSON.parse(JSON.stringify(win.CAP_YEARS || []));
  const at = {};
  function step(label, i) {
    slider.value = String(i);
    slider.dispatchEvent(new win.Event('input'));
    at[label] = {year: doc.getElementById('year').textContent, SE: fill('SE'), FR: fill('FR'), IL: fill('IL'),
                 key: doc.getElementById('map-key').innerText};
  }
  const last = +slider.max;
  at.initial = {SE: fill('SE'), FR: fill('FR'), IL: fill('IL')};
  step('first', 0);
  step('y2017', 2017 - 1998);
  step('last', last);
  const sweden = doc.getElementById('SE');
  sweden.focus();
  const details = doc.getElementById('details').textContent;
  const keyFont = parseFloat(win.getComputedStyle(doc.querySelector('#map-key li')).fontSize);
  return {at: at, details: details, focusable: sweden.getAttribute('tabindex'), keyFont: keyFont,
          links: [...doc.querySelectorAll('[src],link[href]')].length};
};
</script>"""


def test_html_map_slider_keyboard_and_phone_width():
    page = cap("map", "--as-of", "2021-12-31", "--format", "html", EXAMPLES)
    # Self-contained: nothing fetched from anywhere.
    assert "src=" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    for width, seen in render(page, MAP_PROBE).items():
        text = seen["text"]
        assert "Laws on prostitution" in text and "as of 31 December 2021" in text
        assert "Israel" in text and "Northern Ireland" in text, "the table lists every law recorded"
        assert seen["scrollWidth"] <= seen["width"], (width, seen["scrollWidth"])
        assert seen["overflowing"] == [], (width, seen["overflowing"])
        probe = seen["extra"]
        assert probe["links"] == 0
        at = probe["at"]
        # 2021: Sweden and France abolitionist, Israel's law in force (2020).
        assert at["initial"] == {"SE": "#0072B2", "FR": "#0072B2", "IL": "#0072B2"}
        # 1998: Sweden's law adopted, in force on 1 January 1999; nothing in France.
        assert at["first"]["year"] == "1998"
        assert (at["first"]["SE"], at["first"]["FR"]) == ("#56B4E9", "#DDDDDD")
        # 2017: Israel's bill approved by the government, not yet passed.
        assert at["y2017"]["IL"] == "#A6CEE3"
        assert "Abolitionist bill approved, not yet passed (1)" in at["y2017"]["key"]
        assert at["last"]["year"] == "2021"
        # Keyboard: a country takes the focus and says its law.
        assert probe["focusable"] == "0"
        assert probe["details"].startswith("Sweden: abolitionist, in force since 1 January 1999")
        # The legend stays legible on a phone.
        assert probe["keyFont"] >= 12


def test_french_and_spanish_pages_read_in_chromium():
    """The report and the map in French and Spanish, as their readers'
    browser shows them: the page's language, its own words, month and
    country names in that language, and nothing overflowing at 390 px."""
    for lang, words in {
        "fr": ["Rapport annuel 2017", "Activités", "Mars 2017", "Statistiques", "visites de pays", "Campagnes"],
        "es": ["Informe anual 2017", "Actividades", "Marzo de 2017", "Estadísticas", "visitas a países", "Campañas"],
    }.items():
        page = cap("report", "--period", "2017", "--format", "html", "--lang", lang, EXAMPLES)
        assert f'<html lang="{lang}">' in page
        for width, seen in render(page).items():
            for word in words:
                assert word in seen["text"], (lang, width, word)
            assert "Annual Report" not in seen["text"] and "country visits" not in seen["text"]
            assert seen["overflowing"] == [], (lang, width, seen["overflowing"])
    page = cap("map", "--as-of", "2021-12-31", "--format", "html", "--lang", "fr", EXAMPLES)
    for width, seen in render(page).items():
        text = seen["text"]
        assert "Les lois sur la prostitution" in text and "au 31 décembre 2021" in text, width
        # iso-codes translates countries, not Northern Ireland: it stays English.
        assert "Suède" in text and "Irlande" in text and "Northern Ireland" in text, width
        assert "en vigueur depuis le 1 janvier 1999" in text, width
        assert seen["overflowing"] == [], (width, seen["overflowing"])


def pdf_pages(page):
    """`page` printed by headless Chromium (its own print-to-PDF, A4 as the
    page's @page rule leaves it) and read back page by page with poppler's
    pdftotext: the non-empty lines of each page."""
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is missing: `make test` installs it (Debian's poppler-utils package)"
    with tempfile.TemporaryDirectory() as d:
        source, pdf = os.path.join(d, "report.html"), os.path.join(d, "report.pdf")
        with open(source, "w", encoding="utf-8") as f:
            f.write(page)
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        f"--user-data-dir={d}/profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                        "file://" + source], capture_output=True, text=True, timeout=120, check=True)
        text = subprocess.run([pdftotext, "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext ends each page with a form feed.
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line.strip() for line in p.splitlines() if line.strip()] for p in pages]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_printed_report_keeps_headings_with_their_lists(lang):
    """Printed, no statistic's heading ends a page with what it counts on
    the next, no section heading ends a page, and the last page is more
    than a lone line."""
    page = cap("report", "--period", "2017", "--format", "html", "--lang", lang, EXAMPLES)
    report = json.loads(cap("report", "--period", "2017", "--format", "json", "--lang", lang, EXAMPLES))
    statistics = [s["label"] for s in report["statistics"]]
    headings = re.findall(r"<h[23]>(.*?)</h[23]>", page)
    pages = pdf_pages(page)
    assert len(pages) >= 2, "the 2017 report fills more than one page"
    text = "\n".join("\n".join(p) for p in pages)
    # The page printed is the report: its title and every statistic.
    assert report["title"] in text
    for label in statistics:
        assert label in text, label
    for number, lines in enumerate(pages[:-1], start=1):
        last = lines[-1]
        assert not any(last == html.unescape(h) for h in headings), (number, last)
        assert last not in statistics, (number, last, "a statistic's heading ends the page; its list is on the next")
    assert len(pages[-1]) > 1, f"the last page holds one line: {pages[-1]}"
