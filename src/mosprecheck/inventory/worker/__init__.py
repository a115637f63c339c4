"""The worker's side of the process boundary: what runs in the isolated worker processes (and the
zygote they are forked from), never in the checker's.

:mod:`.serve` is a worker's loop (bounds applied, one file in, its facts out as JSON) and
:mod:`.zygote` the process that forks workers. The parsers below them read hostile bytes, each by
format: :mod:`.pdf` (structure, active content, signatures, page content, decoded pages),
:mod:`.images` (JPEG and PNG files, over :mod:`.jpeg` and :mod:`.png`), :mod:`.trailing` (another
file appended after the end: polyglots) and :mod:`.decoding` (pixels decoded within bounds, for
images and PDF pages alike); :mod:`.bounds` holds the worker's limits and what every parser shares.
Nothing here imports the checker's side (:mod:`mosprecheck.inventory.checker`).
"""

from .images import inspect_image
from .pdf import inspect_pdf

__all__ = ["inspect_image", "inspect_pdf"]
