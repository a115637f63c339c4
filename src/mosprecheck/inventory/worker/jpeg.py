"""JPEG: the marker structure of the first image (where it ends, its scans, further pictures it
declares) and the decode at 1/8 scale that reads every entropy-coded byte, so that truncation,
corruption and a lower part never received (flat grey) are found at a fraction of the time and
memory of a full decode."""

from __future__ import annotations

import re
from typing import Any

from .bounds import Buffer
from .decoding import _damage_warnings, _open_lazily


def _xmp_container(data: Buffer) -> bool:
    """True when the JPEG's XMP declares a container of further images (Google's ``GContainer`` /
    ``Container:Directory``: portrait-mode depth maps, motion photos), which follow its end."""
    head = bytes(data[:262_144])
    return b"GContainer" in head or b"Container:Directory" in head

#: A marker after entropy-coded data: 0xFF followed by neither a stuffed zero, a restart marker
#: (RST0-7) nor another fill byte.
_NEXT_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


class _JpegLayout:
    """The marker structure of a JPEG's first image: where it ends (after ``FF D9``), its frame's
    component ids, its scans (components, Ss, Se, Ah, Al), whether it is progressive and whether it
    declares further images (an MPO's ``MPF`` segment). Reading stops at the first ``FF D9`` that
    follows entropy-coded data, or when the structure is lost (``end`` stays None)."""

    def __init__(self, data: Buffer):
        self.end: int | None = None
        self.components: tuple[int, ...] = ()
        self.scans: list[tuple[tuple[int, ...], int, int, int, int]] = []
        self.progressive = False
        self.multi_picture = False
        try:
            self._read(data)
        except (IndexError, ValueError):
            self.end = None

    def _read(self, data: Buffer) -> None:
        size = len(data)
        pos = 2
        while pos + 2 <= size:
            if data[pos] != 0xFF:
                return
            marker = data[pos + 1]
            if marker == 0xFF:
                pos += 1
                continue
            if marker == 0xD9:
                self.end = pos + 2
                return
            if 0xD0 <= marker <= 0xD7 or marker == 0x01:
                pos += 2
                continue
            if pos + 4 > size:
                return
            length = int.from_bytes(bytes(data[pos + 2:pos + 4]), "big")
            if length < 2:
                return
            seg, end = pos + 4, pos + 2 + length
            if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                self.progressive = marker in (0xC2, 0xC6, 0xCA, 0xCE)
                count = data[seg + 5]
                self.components = tuple(data[seg + 6 + 3 * i] for i in range(count))
            elif marker == 0xE2 and bytes(data[seg:seg + 4]) == b"MPF\x00":
                self.multi_picture = True
            elif marker == 0xDA:
                count = data[seg]
                comps = tuple(data[seg + 1 + 2 * i] for i in range(count))
                p = seg + 1 + 2 * count
                approx = data[p + 2]
                self.scans.append((comps, data[p], data[p + 1], approx >> 4, approx & 15))
                found = _NEXT_MARKER.search(data, end)  # skip the entropy-coded data (C speed)
                if found is None:
                    return
                pos = found.start()
                continue
            pos = end

    def scans_incomplete(self) -> bool:
        """A progressive image whose scans do not bring every coefficient of every component to full
        precision (``Al`` = 0): the file ended (or was cut and closed with ``FF D9``) before its last
        scans, and the picture is blurred, blocky or grey where they are missing."""
        if not self.progressive or not self.components:
            return False
        done = {c: [False] * 64 for c in self.components}
        for comps, ss, se, _ah, al in self.scans:
            if al:
                continue
            for c in comps:
                if c in done:
                    for k in range(ss, min(se, 63) + 1):
                        done[c][k] = True
        return not all(all(v) for v in done.values())


def _grey_tail(im: Any) -> bool:
    """True when a JPEG decoded at 1/8 scale (one pixel per 8 x 8 block: its DC value) ends with at
    least a full row of blocks that are exactly mid-grey in every channel (Y = Cb = Cr = 128).
    That is what libjpeg makes of the blocks it never received: a file cut (and closed again with
    ``FF D9``) or whose entropy-coded data was overwritten decodes without an error, its lower part
    flat grey. Only for ``YCbCr`` and ``L`` decodes."""
    if im.mode not in ("YCbCr", "L"):
        return False
    raw = im.tobytes()
    channels = 3 if im.mode == "YCbCr" else 1
    grey = (len(raw) - len(raw.rstrip(b"\x80"))) // channels
    return im.width > 0 and grey >= im.width


def decode_jpeg_reduced(data: Buffer, budget: int) -> tuple[Any, str | None]:
    """Decode a JPEG at 1/8 scale, every entropy-coded byte read; (image, None) or (None, why): a
    stable label: ``not_an_image``, ``too_large``, ``truncated``, ``corrupt``, ``grey_tail`` (the
    lower part was never received), ``incomplete_scans`` (a progressive image cut short),
    ``warning`` (the decoder warned)."""
    from PIL import Image

    try:
        im = _open_lazily(data, ["JPEG"])
    except Exception:
        return None, "not_an_image"
    width, height = im.size
    if width * height > budget:
        return None, "too_large"
    try:
        if im.mode in ("RGB", "L"):
            im.draft("YCbCr" if im.mode == "RGB" else "L", (max(1, width // 8), max(1, height // 8)))
        with _damage_warnings():
            im.load()
    except Warning:
        return None, "warning"
    except Image.DecompressionBombError:
        return None, "too_large"
    except Exception as exc:
        return None, "truncated" if "truncated" in str(exc) else "corrupt"
    if im.info.get("progressive") or im.info.get("progression"):
        if _JpegLayout(data).scans_incomplete():
            return None, "incomplete_scans"
    if _grey_tail(im):
        return None, "grey_tail"
    return im, None
