"""Fee labels in every output language: the catalogue's ``fee.<label>`` templates filled with the
fee's values (the payee is ``fee.paid_to.<fee>``; in Polish and English the rulebook's own words).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import MOS_LANGUAGES, text
from .template import render


def fee_labels(key: str, payee: str | None = None, payee_texts: Mapping[str, str] | None = None,
               **fields: Any) -> dict[str, str]:
    """The fee label ``fee.<key>`` in every output language, filled with ``fields``.

    ``payee``: the fee whose payee the label names (``fee.paid_to.<payee>``); ``payee_texts``: the
    payee as the rulebook words it (``pl``, ``en``), which those languages show as is.
    """
    out: dict[str, str] = {}
    for lang in MOS_LANGUAGES:
        template = text(lang, f"fee.{key}") or text("en", f"fee.{key}", key)
        shown = dict(fields)
        if payee is not None:
            own = (payee_texts or {}).get(lang)
            shown["paid_to"] = own if own else text(lang, f"fee.paid_to.{payee}") or text("en", f"fee.paid_to.{payee}", "")
        out[lang] = render(template, shown, lang)
    return out
