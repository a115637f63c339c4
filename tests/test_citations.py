"""Every provision the checker cites from an act in ``../shared/law`` exists in that act's text in force.

The legal bases of the rules and the ``legal_basis`` and ``sources`` of every rulebook value in force
on or after 2026-04-27 (the day the MOS texts in ``../shared/law`` took effect) are parsed into
(act, article or §, ust., pkt, lit.) citations; each must name a unit that is in the text and not
repealed ("(uchylony)"). Values that ended before that day cite the law of their time and are not
checked against today's text. Skipped when ``../shared/law`` is absent.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import pytest
from conftest import ROOT

LAW = ROOT.parent / "shared" / "law"
MOS_TEXTS_FROM = dt.date(2026, 4, 27)

pytestmark = pytest.mark.skipif(not LAW.is_dir(), reason="../shared/law is absent")

#: Which words in a citation's segment name which file of ../shared/law.
ACT_MARKERS = (
    ("kpa", re.compile(r"\bKPA\b|k\.p\.a\.|Kodeks(?:u)? postępowania administracyjnego", re.I)),
    ("work", re.compile(r"o (?:warunkach dopuszczalności )?powierzani[ua] pracy", re.I)),
    ("r553", re.compile(r"poz\.\s*553\b|rozporządzeni[ae] (?:MSWiA )?(?:z (?:dnia )?10\.04\.2026|w sprawie wniosku o udzielenie cudzoziemcowi zezwolenia na pobyt czasowy)", re.I)),
    ("uoc", re.compile(r"ustaw[ayie] o cudzoziemcach|\bu\.c\.|Act on Foreigners", re.I)),
)
FILES = {
    "kpa": "kpa.txt",
    "work": "ustawa-o-powierzaniu-pracy-cudzoziemcom.txt",
    "r553": "rozporzadzenie-2026-553-wniosek-pobyt-czasowy.txt",
    "uoc": "ustawa-o-cudzoziemcach.txt",
}

_UNIT = r"\d+[a-z]?"
#: One citation: "art. 106d ust. 1 pkt 3", "art. 64 § 2", "art. 127 pkt 3 lit. a", "§ 6 pkt 2", also
#: lists that share the article: "art. 106d ust. 3 i 4" (each number checked).
CITATION = re.compile(
    rf"(?:art\.\s*(?P<art>{_UNIT})|(?<![\w§])§\s*(?P<par0>{_UNIT}))"
    rf"(?:\s*§\s*(?P<par>{_UNIT}(?:\s*(?:,|i|oraz)\s*{_UNIT})*))?"
    rf"(?:\s*ust\.\s*(?P<ust>{_UNIT}(?:\s*(?:,|i|oraz)\s*{_UNIT})*))?"
    rf"(?:\s*pkt\s*(?P<pkt>{_UNIT}(?:\s*(?:,|i|oraz)\s*{_UNIT})*))?"
    r"(?:\s*lit\.\s*(?P<lit>[a-z](?![\w.])(?:\s*(?:,|i|oraz)\s*[a-z](?![\w.]))*))?",
)


@dataclass(frozen=True)
class Citation:
    act: str
    article: str | None  # None for a § of the regulation
    paragraph: str | None  # § of a KPA article, or the regulation's §
    ust: str | None
    pkt: str | None
    lit: str | None
    text: str  # where it was found

    def __str__(self) -> str:
        parts = [f"art. {self.article}" if self.article else ""]
        parts += [f"§ {self.paragraph}" if self.paragraph else "", f"ust. {self.ust}" if self.ust else "",
                  f"pkt {self.pkt}" if self.pkt else "", f"lit. {self.lit}" if self.lit else ""]
        return " ".join(p for p in parts if p) + f" [{self.act}] in {self.text!r}"


def _numbers(group: str | None) -> list[str | None]:
    if not group:
        return [None]
    return re.split(r"\s*(?:,|\bi\b|\boraz\b)\s*", group.strip())


def parse_citations(text: str) -> list[Citation]:
    """The citations of ``text`` whose act is named in the same segment (a segment ends at ';' or a
    line break; "art. 105 ust. 1, art. 108 ust. 1 pkt 2 ustawy o cudzoziemcach" names the act once
    for both). A citation whose segment names no act of ../shared/law is not ours to check."""
    found: list[Citation] = []
    for segment in re.split(r"[;\n]", text):
        acts = [(m.start(), act) for act, rx in ACT_MARKERS for m in rx.finditer(segment)]
        if not acts:
            continue
        for m in CITATION.finditer(segment):
            # The act named after the citation (Polish puts it last), else the nearest one before it.
            after = sorted((pos, act) for pos, act in acts if pos >= m.end())
            before = sorted((pos, act) for pos, act in acts if pos < m.start())
            act = after[0][1] if after else before[-1][1]
            article, par0 = m.group("art"), m.group("par0")
            if article is None and act != "r553":
                continue  # a bare "§ 8" outside the regulation names a section of requirements.md
            for par in _numbers(m.group("par") or par0):
                for ust in _numbers(m.group("ust")):
                    for pkt in _numbers(m.group("pkt")):
                        for lit in _numbers(m.group("lit")):
                            found.append(Citation(act, article, par, ust, pkt, lit, segment.strip()))
    return found


@lru_cache(maxsize=None)
def _units(act: str) -> dict[str, str]:
    """Header ("Art. 106d" / "§ 6") -> body, from the ``======== `` markers of the law text."""
    text = (LAW / FILES[act]).read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for block in text.split("\n======== ")[1:]:
        header, _, body = block.partition("\n")
        out[header.strip()] = body
    return out


_REPEALED = re.compile(r"^\s*\((?:uchylony|uchylona|uchylone|pominięty|pominięta)\)", re.I)


def _span(body: str, pattern: str) -> str | None:
    """The text of the first unit whose line starts with ``pattern``, up to the next sibling unit of
    the same shape; None when there is none or it is repealed."""
    lines = body.split("\n")
    start = None
    for i, line in enumerate(lines):
        if re.match(pattern, line):
            start = i
            break
    if start is None:
        return None
    head = re.sub(pattern, "", lines[start], count=1)
    if _REPEALED.match(head):
        return None
    return "\n".join(lines[start:])


def _ust_span(body: str, ust: str) -> str | None:
    # "Art. 99. 1. Cudzoziemcowi …" (first paragraph on the header line) or "2. Przepisu …".
    pattern = rf"(?:Art\.\s*\d+[a-z]*\.\s*)?{re.escape(ust)}\.\s"
    span = _span(body, pattern)
    if span is None:
        return None
    following = re.search(r"\n\d+[a-z]?\.\s", span[1:])
    return span[: following.start() + 1] if following else span


def _pkt_span(body: str, pkt: str) -> str | None:
    span = _span(body, rf"(?:.*?\s)?{re.escape(pkt)}\)\s")
    if span is None:
        return None
    following = re.search(r"\n\d+[a-z]?\)\s", span[1:])
    return span[: following.start() + 1] if following else span


def exists(c: Citation) -> bool:
    units = _units(c.act)
    if c.article is not None:
        body = units.get(f"Art. {c.article}")
        if body is None or _REPEALED.match(re.sub(rf"^Art\.\s*{re.escape(c.article)}\.\s*", "", body)):
            return False
        if c.paragraph:  # KPA: "Art. 64. § 1. …" / "§ 2. …"
            if not re.search(rf"(?:^|\n)(?:Art\.\s*{re.escape(c.article)}\.\s*)?§\s*{re.escape(c.paragraph)}\.\s", body):
                return False
            return True
    else:
        body = units.get(f"§ {c.paragraph}")
        if body is None:
            return False
    if c.ust:
        body = _ust_span(body, c.ust)
        if body is None:
            return False
    if c.pkt:
        body = _pkt_span(body, c.pkt)
        if body is None:
            return False
    if c.lit:
        return re.search(rf"(?:^|\n){re.escape(c.lit)}\)\s(?!\s*\(uchylon)", body) is not None
    return True


# --------------------------------------------------------------------------------------------
# What the checker cites
# --------------------------------------------------------------------------------------------


def _rule_citations() -> list[tuple[str, str]]:
    from mosprecheck.rules import all_rules

    return [(f"rule {code}", spec.legal_basis) for code, spec in all_rules().items() if spec.legal_basis]


def _strings(value, key: str = "") -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, k)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v, key)]
    return []


def _rulebook_citations() -> list[tuple[str, str]]:
    import yaml

    out = []
    for path in sorted((ROOT / "src" / "mosprecheck" / "rulebook" / "data").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, fact in (data.get("facts") or {}).items():
            for period in fact.get("values") or []:
                ends = period.get("effective_to")
                if isinstance(ends, dt.date) and ends < MOS_TEXTS_FROM:
                    continue  # the law of its time, not today's text
                texts = _strings(period.get("sources")) + _strings(period.get("legal_basis"))
                texts += _legal_bases_inside(period.get("value"))
                out += [(f"{path.name}: {key}", t) for t in texts]
    return out


def _legal_bases_inside(value) -> list[str]:
    """Strings under any ``legal_basis``/``provision``/``source(s)`` key nested in a value."""
    found: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("legal_basis", "provision", "provisions", "source", "sources"):
                found += _strings(v)
            else:
                found += _legal_bases_inside(v)
    elif isinstance(value, list):
        for v in value:
            found += _legal_bases_inside(v)
    return found


# --------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------


def test_the_parser_reads_the_shapes_we_write():
    cs = parse_citations("art. 105 ust. 1, art. 108 ust. 1 pkt 2 ustawy o cudzoziemcach; art. 64 § 2 KPA")
    assert [(c.act, c.article, c.paragraph, c.ust, c.pkt) for c in cs] == [
        ("uoc", "105", None, "1", None), ("uoc", "108", None, "1", "2"), ("kpa", "64", "2", None, None)]
    cs = parse_citations("§ 6 rozporządzenia MSWiA z 10.04.2026 (Dz.U. 2026 poz. 553)")
    assert [(c.act, c.article, c.paragraph) for c in cs] == [("r553", None, "6")]
    cs = parse_citations("art. 106d ust. 3 i 4 ustawy o cudzoziemcach")
    assert [c.ust for c in cs] == ["3", "4"]
    cs = parse_citations("art. 144 ust. 1 pkt 2 lit. b i ust. 1a-1c ustawy o cudzoziemcach")
    assert [(c.ust, c.pkt, c.lit) for c in cs] == [("1", "2", "b")]
    # A "§ 8 F5" of requirements.md names no act of ours: not checked.
    assert parse_citations("§8 F5") == []


@pytest.mark.parametrize("text", [
    "art. 106d ust. 1 pkt 3 ustawy o cudzoziemcach",
    "art. 99 ust. 1 pkt 10, ust. 2 ustawy o cudzoziemcach",
    "art. 127 pkt 3 ustawy o cudzoziemcach",
    "art. 127 pkt 1 lit. a ustawy o cudzoziemcach",
    "art. 64 § 2 KPA",
    "art. 261 § 1 KPA",
    "§ 6 rozporządzenia … Dz.U. 2026 poz. 553",
    "§ 3 pkt 3 rozporządzenia (Dz.U. 2026 poz. 553)",
])
def test_provisions_in_force_are_found(text):
    cs = parse_citations(text)
    assert cs and all(exists(c) for c in cs), [str(c) for c in cs if not exists(c)]


@pytest.mark.parametrize("text", [
    "art. 106 ust. 1a ustawy o cudzoziemcach",   # repealed by the MOS amendment
    "art. 99 ust. 1 pkt 11 ustawy o cudzoziemcach",  # "(uchylony)"
    "art. 127 pkt 1 lit. e ustawy o cudzoziemcach",  # "(uchylona)"
    "art. 99 ust. 3 ustawy o cudzoziemcach",
    "art. 64 § 3 KPA",
    "art. 9999 ustawy o cudzoziemcach",
    "§ 12 rozporządzenia (Dz.U. 2026 poz. 553)",
])
def test_provisions_not_in_force_are_refused(text):
    cs = parse_citations(text)
    assert cs and not all(exists(c) for c in cs)


def test_every_rule_cites_provisions_that_exist():
    missing = [f"{where}: {c}" for where, text in _rule_citations() for c in parse_citations(text) if not exists(c)]
    assert not missing, "\n".join(missing)


def test_every_rulebook_value_in_force_cites_provisions_that_exist():
    missing = [f"{where}: {c}" for where, text in _rulebook_citations() for c in parse_citations(text)
               if not exists(c)]
    assert not missing, "\n".join(missing)


def test_citations_are_found_at_all():
    # Guards the two tests above against a parser that silently reads nothing.
    rule_cites = [c for _, t in _rule_citations() for c in parse_citations(t)]
    book_cites = [c for _, t in _rulebook_citations() for c in parse_citations(t)]
    assert len(rule_cites) >= 10 and len(book_cites) >= 10
    assert {c.act for c in rule_cites + book_cites} >= {"uoc", "kpa"}
