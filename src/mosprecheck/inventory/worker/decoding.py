"""Decoding pixels within bounds, for image files and PDF page images alike: open without decoding
(so that the declared size is checked before any pixel is), decoder warnings taken as damage, and
whether a decoded image is a single colour."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .bounds import Buffer

#: A decoded image reduced to at most this many pixels a side is "a single colour" when its grey
#: levels spread less than :data:`BLANK_MAX_RANGE` and deviate less than :data:`BLANK_MAX_STDDEV`.
#: A scan of a blank sheet still has paper texture and scanner noise (a range of 20 and more);
#: a generated blank, a page whose image stream failed and was left white, or a flat fill has none.
BLANK_THUMBNAIL = 64
BLANK_MAX_RANGE = 12
BLANK_MAX_STDDEV = 2.0


def _open_lazily(data: Buffer, formats: list[str]) -> Any:
    """Open without decoding: reads the headers only, so the declared size is known before any
    pixel is decoded. Pillow's own bomb check is suspended for this call because the budget is
    checked right after, against the rulebook's value (and with the declared size kept)."""
    from PIL import Image

    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        if isinstance(data, bytes):
            data = io.BytesIO(data)
        else:
            data.seek(0)
        return Image.open(data, formats=formats)
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def is_blank(im: Any) -> bool:
    """True when a decoded image is (nearly) a single colour (see :data:`BLANK_MAX_RANGE`)."""
    from PIL import ImageStat

    # Grey first, then reduced: one channel to resample instead of three (a JPEG decoded in YCbCr
    # gives its luma directly; the order changes nothing but rounding).
    grey = im.convert("L") if im.mode != "L" else im.copy()
    grey.thumbnail((BLANK_THUMBNAIL, BLANK_THUMBNAIL))
    lo, hi = grey.getextrema()
    return hi - lo <= BLANK_MAX_RANGE and ImageStat.Stat(grey).stddev[0] <= BLANK_MAX_STDDEV


@contextmanager
def _damage_warnings() -> Iterator[None]:
    """What a decoder warns about while decoding pixels (truncated or corrupt data) raised as an
    error; deprecations and the like are not about the file and stay ignored."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("error", RuntimeWarning)
        yield
