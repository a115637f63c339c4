"""The language a document is really in, read from its text layer, against what is declared.

The inventory extracts the text layer of a PDF's first pages (bounded: pages, characters, time);
``text/langdetect.py`` names its language (a dependency-light detector, or lingua with the
optional ``lang`` extra). Scans without a text layer, and texts too short to tell, are not judged.

How this meets T001 (sworn-translation-missing, issue 5) without reporting twice: T001 covers a
document *declared* in a foreign language without a translation. T050 covers what the declaration
hides: a document declared Polish, or with no language, whose text is not Polish and which no sworn
translation names. T051 reports a declared language that the text contradicts in any other case
(never when T050 fires for the same document); T052 a "sworn translation" that is not in Polish.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..application import to_pointer
from ..application.models import Document
from ..inventory import FileFacts
from ..findings import Category
from ..case.helpers import (
    TRAVEL_DOCUMENT_KINDS,
    declared_language,
    declared_path,
    documents,
    translated_originals,
)
from ..text.langdetect import Detection, detect
from .registry import CheckContext, Finding, rule

#: Kinds whose text is not judged against a declared language: travel documents and identity cards
#: are bilingual by design (national language + English/French, MRZ), the photo has no text.
_NOT_JUDGED = (*TRAVEL_DOCUMENT_KINDS, "photo")


def _texts(c: CheckContext) -> Iterator[tuple[int, Document, FileFacts, Detection]]:
    """(index, entry, facts, detection) for every listed PDF whose text layer could be judged."""
    seen: set[str] = set()
    for i, doc in documents(c.application):
        path = declared_path(doc)
        if not path or path in seen:
            continue
        seen.add(path)
        f = c.files_by_path.get(path)
        if f is None or f.detected_type != "pdf" or f.pdf is None or not f.pdf.text_sample:
            continue
        yield i, doc, f, detect(f.pdf.text_sample)


def _ctx(doc: Document, f: FileFacts, d: Detection, **more: object) -> dict[str, object]:
    kind = doc.kind.value if doc.kind else "other"
    return {"file": f.path, "kind": kind,
            "detected": d.language or d.script, "script": d.script, "confidence": d.confidence,
            "polish_share": d.polish_share, "method": d.method, "letters": d.letters, **more}


@rule(
    code="T050",
    name="foreign-text-without-translation",
    category=Category.FORMAL_DEFECT,
    reads=("translations.exempt_kinds",),
    title="A document declared Polish (or undeclared) whose text is foreign, without a sworn translation",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def foreign_text_without_translation(c: CheckContext) -> Iterator[Finding]:
    """A document declared Polish, or without a declared language, whose text layer is confidently
    foreign (a non-Latin script, or a Latin-script language with a clear lead and under 20 % of the
    text reading as Polish), and which no sworn translation names. Exempt kinds
    (``translations.exempt_kinds``: travel documents, photo, translations) are not judged.

    Why the office objects: the proceedings are in Polish and a foreign document needs a sworn
    translation (§9 T1); the declaration does not change what the office reads. A document declared
    foreign is T001's."""
    exempt = set(c.rulebook.value("translations.exempt_kinds", ())) | set(_NOT_JUDGED)
    translated = translated_originals(c.application)
    for i, doc, f, d in _texts(c):
        kind = doc.kind.value if doc.kind else None
        declared = declared_language(doc.language)
        if kind in exempt or declared not in (None, "pl") or f.path in translated or not d.foreign:
            continue
        yield Finding(file=f.path, field=to_pointer(("documents", i)),
                      ctx=_ctx(doc, f, d, declared=declared or "—",
                               sources=c.rulebook.sources("translations.exempt_kinds")))


@rule(
    code="T051",
    name="declared-language-mismatch",
    category=Category.ADVISORY,
    reads=(),
    title="The declared language of a document is not the language of its text",
    legal_basis=None,
    needs_application=True,
)
def declared_language_mismatch(c: CheckContext) -> Iterator[Finding]:
    """The declared ``language`` decides which translation rules apply: an "English" certificate that
    is really Ukrainian, or a "Ukrainian" one that is really Polish (T001 then asks for a translation
    nobody needs). Reported when the detector names a language with a clear lead and it differs from
    the declared one; not for travel documents (bilingual by design), translations (T052) or when
    T050 already reports the document."""
    translated = translated_originals(c.application)
    for i, doc, f, d in _texts(c):
        kind = doc.kind.value if doc.kind else None
        declared = declared_language(doc.language)
        if kind in _NOT_JUDGED or kind == "sworn_translation" or declared is None or d.language is None:
            continue
        if d.language == declared:
            continue
        if declared == "pl":
            if not d.foreign or f.path not in translated:
                continue  # bilingual with Polish, or T050's case
        elif d.language == "pl" and d.polish_share < 0.5:
            continue  # Polish only leads: a bilingual document, the declared language may be right
        yield Finding(file=f.path, field=to_pointer(("documents", i, "language")),
                      ctx=_ctx(doc, f, d, declared=declared))


@rule(
    code="T052",
    name="sworn-translation-not-in-polish",
    category=Category.FORMAL_DEFECT,
    reads=(),
    title="A file declared as a sworn translation into Polish whose text is not Polish",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def sworn_translation_not_in_polish(c: CheckContext) -> Iterator[Finding]:
    """A sworn translation into Polish is in Polish, whatever names and stamps it quotes; a file of
    kind ``sworn_translation`` whose text is confidently foreign is most likely the original attached
    twice, and the original is then untranslated (§9 T1)."""
    for i, doc, f, d in _texts(c):
        if doc.kind is None or doc.kind.value != "sworn_translation" or not d.foreign:
            continue
        yield Finding(file=f.path, field=to_pointer(("documents", i)),
                      ctx=_ctx(doc, f, d, translation_of=doc.translation_of or "—"))
