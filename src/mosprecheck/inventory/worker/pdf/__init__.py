"""PDF, by what is read: :mod:`.structure` (opening, encryption, repairs: the entry point
:func:`inspect_pdf`), :mod:`.features` (active content and signature fields in the object graph),
:mod:`.signatures` (the signatures in detail), :mod:`.content` (what a page holds: its content, text
layer and scanned page images), :mod:`.pages` (the pages decoded as the office will see them) and
:mod:`.objects` (pypdf objects read without an exception)."""

from .structure import inspect_pdf

__all__ = ["inspect_pdf"]
