"""The HTML page: self-contained, printable, right to left for Arabic, and nothing the user
controls (file names, keys, values) can inject markup into it."""

from __future__ import annotations

import html.parser
import re
import shutil

import factories as fx

import pytest
from conftest import AS_OF, EXAMPLES, write_application

import mosprecheck
from mosprecheck.i18n import MOS_LANGUAGES, ui
from mosprecheck.render import render_html

HOSTILE_NAMES = [
    "<script>alert(1)</script>.pdf",
    '"><img src=x onerror=alert(1)>.pdf',
    "<iframe src=javascript:alert(1)>.jpg",
    "a\u202egpj.exe.pdf",  # right-to-left override
    "</style><style>body{display:none}</style>.pdf",
]
#: Declared in documents[].file but not in the package: echoed in the A001 message.
HOSTILE_DECLARED = ["<b>missing</b>.pdf", "<img src=x onerror=alert(2)>.pdf", "<svg onload=alert(3)>.pdf"]
#: Every tag the page may contain; anything else would have come from the input.
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "section", "strong", "span",
                "ul", "li", "b", "p", "br", "table", "thead", "tbody", "tr", "th", "td", "bdi", "article", "div",
                "footer"}


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[tuple[str, str | None]] = []
        self.style_blocks = 0

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs.extend(attrs)
        if tag == "style":
            self.style_blocks += 1


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    import build_examples

    pkg = tmp_path_factory.mktemp("hostile") / "pkg"
    shutil.copytree(EXAMPLES / "work-ready", pkg)
    for name in HOSTILE_NAMES:
        if name.endswith(".jpg"):
            fx.write_jpeg(pkg / name)
        else:
            fx.write_text_pdf(pkg / name, ["hostile"])
    app = build_examples.work_application()
    app["documents"].extend({"file": name, "kind": "other"} for name in HOSTILE_DECLARED)
    app["<script>unknown_key</script>"] = "x"
    write_application(pkg, app)
    report = mosprecheck.check(pkg, as_of=AS_OF)
    # Every hostile string reaches the report, so the page test below really renders it.
    assert any(d.file in HOSTILE_NAMES for d in report.defects), report.codes
    assert any("<script>" in (d.field or "") for d in report.defects), report.codes
    messages = [d.message[lang] for d in report.defects for lang in d.message]
    for name in HOSTILE_DECLARED:
        assert any(name in m for m in messages), name
    return report


@pytest.mark.parametrize("lang", MOS_LANGUAGES)
def test_hostile_names_keys_and_values_cannot_inject_markup(hostile_report, lang):
    page = render_html(hostile_report, lang)
    parsed = _parse(page)
    assert parsed.tags <= ALLOWED_TAGS, parsed.tags - ALLOWED_TAGS
    assert parsed.style_blocks == 1
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert not any(name in ("src", "href") for name, _ in parsed.attrs)
    lowered = page.lower()
    for needle in ("<script", "<img", "<iframe", "<svg", "</style><style>"):
        assert needle not in lowered, needle
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.pdf" in page
    for name in HOSTILE_DECLARED:  # shown as text
        assert html_text(name) in page, name
    assert "\u202e" not in page and "\\u202e" in page  # the override is shown, not obeyed


def test_page_is_self_contained_with_a_policy_that_forbids_scripts_and_loads():
    report = mosprecheck.check(EXAMPLES / "work-ready", as_of=AS_OF)
    page = render_html(report, "en")
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script" not in page and "<link" not in page and "url(" not in page
    assert "http://" not in page and "https://" not in page
    assert "@media print" in page


def test_page_shows_verdict_deadline_fees_checklist_and_grouped_defects():
    report = mosprecheck.check(EXAMPLES / "work-passport-missing", as_of=AS_OF)
    words = ui("pl")
    page = render_html(report, "pl")
    order = [words["not_ready"], words["deadline"], "2027-01-15", words["fees"], "440,00 PLN", words["checklist"],
             words["state_listed_but_absent"], words["defects"], words["headings"]["formal_defect"],
             "Wniosek wymienia załącznik „passport.pdf”", "Dodaj plik „passport.pdf”", "art. 64 § 2 KPA"]
    pos = 0
    for text in order:  # each one after the previous
        found = page.find(html_text(text), pos)
        assert found != -1, text
        pos = found
    assert f"{words['days_left']}: <strong>51</strong>" in page.replace(html_text(words["days_left"]), words["days_left"])


def html_text(s: str) -> str:
    import html as _html

    return _html.escape(s, quote=True)


@pytest.mark.parametrize("lang", MOS_LANGUAGES)
def test_language_and_direction_of_the_page(lang):
    report = mosprecheck.check(EXAMPLES / "work-passport-missing", as_of=AS_OF)
    page = render_html(report, lang)
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in page
    # Arabic isolates pointers, file names, numbers and dates in <bdi> inside the sentence
    shown = re.sub(r'<bdi dir="ltr">|</bdi>', "", page) if lang == "ar" else page
    assert html_text(report.defects[0].message[lang]) in shown
    if lang == "ar":
        assert '«<bdi dir="ltr">passport.pdf</bdi>»' in page
    assert '<bdi dir="ltr" class="path">passport.pdf</bdi>' in page


def test_ready_package_says_so_and_lists_no_defects():
    report = mosprecheck.check(EXAMPLES / "work-ready", as_of=AS_OF)
    # The example's passport scan is checked without OCR: one advisory (C014, MRZ not verified).
    report = report.model_copy(update={"defects": [d for d in report.defects if d.code != "C014"]})
    page = render_html(report, "uk")
    assert html_text(ui("uk")["ready"]) in page and html_text(ui("uk")["none"]) in page


@pytest.mark.parametrize("lang, space", [("pl", "\u00a0"), ("uk", "\u00a0"), ("ru", "\u00a0"), ("fr", "\u202f")])
def test_numbers_keep_their_grouping_space_in_text_and_html(work_package, lang, space):
    """The no-break spaces that group digits are spaces for the reader, never shown escaped as \\xa0."""
    with open(work_package / "extra.pdf", "wb") as fh:
        fh.write(b"%PDF-1.7\n")
        fh.truncate(12_000_000)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert "F002" in report.codes
    for out in (mosprecheck.render_text(report, lang), mosprecheck.render_html(report, lang)):
        assert f"12{space}000{space}000" in out
        assert "\\xa0" not in out and "\\u202f" not in out
