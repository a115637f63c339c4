"""How each document kind is named in messages and in the report's checklist, in every output
language (presentation only, not law): the ``kind.<kind>`` entries of the catalogues.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping


def kind_label(kind: str, lang: str) -> str:
    """``kind`` in ``lang`` (the English label, then the id itself, when the language lacks it)."""
    from . import text

    return text(lang, f"kind.{kind}") or text("en", f"kind.{kind}") or kind


def kinds_label(kinds: Iterable[str], lang: str) -> str:
    """The kinds as words, joined by "or" in the language."""
    from . import text

    joiner = text(lang, "ui.or") or text("en", "ui.or", " or ")
    return joiner.join(kind_label(k, lang) for k in kinds)


class _KindLabels(Mapping[str, Mapping[str, str]]):
    """``{kind: {lang: label}}``, read from the catalogues on first use."""

    def _kinds(self) -> list[str]:
        from . import entries

        return [key[5:] for key in entries("en") if key.startswith("kind.")]

    def __getitem__(self, kind: str) -> Mapping[str, str]:
        from . import MOS_LANGUAGES, text

        if text("en", f"kind.{kind}") is None:
            raise KeyError(kind)
        return {lang: text(lang, f"kind.{kind}") for lang in MOS_LANGUAGES}

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds())

    def __len__(self) -> int:
        return len(self._kinds())


#: ``{kind: {lang: label}}`` (a read-only view of the catalogues' ``kind.*`` entries).
KIND_LABELS: Mapping[str, Mapping[str, str]] = _KindLabels()
