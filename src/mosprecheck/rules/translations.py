"""Sworn translations into Polish and the authentication of foreign civil-status records."""

from __future__ import annotations

from collections.abc import Iterator

from ..application import normalise_declared_path, to_pointer
from ..application.models import Document, DocumentKind, Legalisation
from ..findings import Category
from .registry import CheckContext, Finding, rule
from ..case.helpers import declared_language, declared_path, documents, translated_originals
from ..derived.requirements import REQUIREMENTS_READS, call_for_documents, requirements

_POLISH = "pl"


def _is_polish(language: str | None) -> bool:
    return declared_language(language) == _POLISH


def _untranslated(c: CheckContext) -> Iterator[tuple[int, Document, str | None, bool]]:
    """(index, entry, kind, blocks) of every listed foreign-language document without a sworn
    translation into Polish; ``blocks`` when its absence makes the package not ready (rulebook
    ``translations.missing_blocks``: every document, or only the kinds required at filing)."""
    app = c.application
    exempt = set(c.rulebook.value("translations.exempt_kinds", ()))
    scope = c.rulebook.value("translations.missing_blocks", "all")
    at_filing = {k for item, _ in requirements(c, "at_filing") for k in item["any_of"]}
    translated = translated_originals(app, into=_POLISH)
    for i, doc in documents(app):
        if not doc.file or not doc.language or _is_polish(doc.language):
            continue
        kind = doc.kind.value if doc.kind else None
        if kind in exempt or declared_path(doc) in translated:
            continue
        yield i, doc, kind, scope == "all" or kind in at_filing


@rule(
    code="T001",
    name="sworn-translation-missing",
    category=Category.FORMAL_DEFECT,
    reads=(*REQUIREMENTS_READS, "translations.exempt_kinds", "translations.missing_blocks"),
    title="Document in a foreign language without a sworn translation into Polish",
    legal_basis="art. 64 § 2 KPA",
    needs_application=True,
)
def sworn_translation_missing(c: CheckContext) -> Iterator[Finding]:
    """A document whose language is not Polish needs a documents[] entry of kind
    ``sworn_translation``, language ``pl``, whose ``translation_of`` names it. The travel document,
    identity card and photo are exempt (rulebook ``translations.exempt_kinds``). From 27 April 2026
    this rule covers only the documents required at filing (rulebook ``translations.missing_blocks``
    and the ``at_filing`` lists, e.g. the long-term resident's title to the dwelling); any other
    document is optional at filing and its missing translation is T004.

    Why the office objects: the proceedings are in Polish; a foreign-language document must come
    with a translation by a Polish sworn translator (tłumacz przysięgły), otherwise the office asks
    for it (§9 T1, T2).
    """
    for i, doc, kind, blocks in _untranslated(c):
        if not blocks:
            continue
        yield Finding(file=declared_path(doc), field=to_pointer(("documents", i)), ctx={
            "file": doc.file, "kind": kind, "language": doc.language,
            "sources": c.rulebook.sources("translations.exempt_kinds")})


@rule(
    code="T004",
    name="optional-document-translation-missing",
    category=Category.ADVISORY,
    reads=("documents.call_for_documents", *REQUIREMENTS_READS, "translations.exempt_kinds",
           "translations.missing_blocks"),
    title="Supporting document in a foreign language without a sworn translation: the voivode will call for it",
    legal_basis="art. 106d ust. 2, art. 106f, art. 203d ust. 2, art. 203f, art. 219d ust. 2, art. 219f "
    "ustawy o cudzoziemcach",
    needs_application=True,
)
def optional_document_translation_missing(c: CheckContext) -> Iterator[Finding]:
    """From 27 April 2026 a document outside the statutory at-filing list "may" be attached
    (art. 106d ust. 2, 203d ust. 2, 219d ust. 2) and the voivode calls for the documents he needs
    (art. 106f, 203f, 219f): one attached in a foreign language without its sworn translation is
    not a formal defect of the application, but the translation will be called for (rulebook
    ``translations.missing_blocks``, ``documents.call_for_documents``).
    """
    call = call_for_documents(c)
    if call is None:
        return
    min_days, basis = call
    for i, doc, kind, blocks in _untranslated(c):
        if blocks:
            continue
        yield Finding(file=declared_path(doc), field=to_pointer(("documents", i)), ctx={
            "file": doc.file, "kind": kind, "language": doc.language,
            "min_days": min_days, "call_basis": basis,
            "sources": c.rulebook.sources("translations.missing_blocks")})


@rule(
    code="T002",
    name="civil-status-record-not-legalised",
    category=Category.ADVISORY,
    reads=("translations.civil_status_kinds",),
    title="Foreign civil-status record without a declared apostille or legalisation",
    legal_basis=None,
    needs_application=True,
)
def civil_status_record_not_legalised(c: CheckContext) -> Iterator[Finding]:
    """A foreign birth or marriage certificate (language other than Polish, rulebook
    ``translations.civil_status_kinds``) is accepted with an apostille or consular legalisation
    (after authentication by the issuing state's foreign ministry), plus the sworn translation.

    Why the office may object: without authentication it may doubt the document and ask for it
    again (§9 T3, T4). Advisory, because a treaty may exempt the document and the office decides.
    """
    kinds = set(c.rulebook.value("translations.civil_status_kinds", ()))
    for i, doc in documents(c.application):
        if not doc.kind or doc.kind.value not in kinds or not doc.language or _is_polish(doc.language):
            continue
        if doc.legalisation in (Legalisation.APOSTILLE, Legalisation.CONSULAR_LEGALISATION,
                                Legalisation.NOT_REQUIRED):
            continue
        yield Finding(file=declared_path(doc), field=to_pointer(("documents", i, "legalisation")), ctx={
            "file": doc.file, "kind": doc.kind.value, "language": doc.language,
            "legalisation": doc.legalisation.value if doc.legalisation else None,
            "sources": c.rulebook.sources("translations.civil_status_kinds")})


@rule(
    code="T003",
    name="translation-of-unlisted-document",
    category=Category.ADVISORY,
    reads=(),
    title="Sworn translation of a document the application does not list",
    legal_basis=None,
    needs_application=True,
)
def translation_of_unlisted_document(c: CheckContext) -> Iterator[Finding]:
    """A translation is matched to its original by ``translation_of``; a name that matches no entry
    leaves the original looking untranslated (T001) and the translation unexplained.
    """
    listed = {declared_path(doc) for _, doc in documents(c.application) if doc.file}
    for i, doc in documents(c.application):
        if doc.kind is not DocumentKind.SWORN_TRANSLATION or not doc.translation_of:
            continue
        if normalise_declared_path(doc.translation_of) not in listed:
            yield Finding(file=declared_path(doc), field=to_pointer(("documents", i, "translation_of")),
                          ctx={"file": doc.file, "translation_of": doc.translation_of})
