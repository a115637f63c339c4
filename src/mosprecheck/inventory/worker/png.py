"""PNG: the chunk layout (where ``IEND`` ends, how many bytes of image data) and the image data
checked as a stream (complete zlib data, its length, every row's filter type) without building the
image."""

from __future__ import annotations

import zlib
from typing import Any

from .bounds import Buffer


def _png_layout(data: Buffer) -> tuple[int | None, int]:
    """(offset just after the IEND chunk, or None when there is none; total IDAT bytes)."""
    size = len(data)
    pos, idat = 8, 0
    while pos + 8 <= size:
        length = int.from_bytes(bytes(data[pos:pos + 4]), "big")
        ctype = bytes(data[pos + 4:pos + 8])
        end = pos + 12 + length
        if ctype == b"IDAT":
            idat += length
        if ctype == b"IEND":
            return min(end, size), idat
        pos = end
    return None, idat


def _png_may_be_blank(im: Any, idat_bytes: int) -> bool:
    """Only an image that compresses over a hundredfold can be a single colour (a scan's noise and
    texture never compress so far): such images are decoded to look (they inflate quickly)."""
    width, height = im.size
    raw = width * height * max(1, len(im.getbands()))
    return idat_bytes * 100 < raw

_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_INFLATE_STEP = 1 << 20


def _png_data_problem(data: Buffer) -> str | None:
    """Why a non-interlaced PNG's pixel data would not decode (None: it decodes): the zlib stream
    must be complete and intact (Adler-32), hold at least height x (1 + row bytes) bytes, and every
    row must start with a valid filter type (0-4). The output is counted, never kept."""
    view = memoryview(data) if isinstance(data, bytes) else data
    pos = 8
    size = len(data)
    ihdr = None
    inflater = zlib.decompressobj()
    stride = expected = produced = 0
    seen_idat = False
    while pos + 8 <= size:
        length = int.from_bytes(view[pos:pos + 4], "big")
        ctype = bytes(view[pos + 4:pos + 8])
        start, end = pos + 8, pos + 8 + length
        if end + 4 > size:
            return "truncated chunk"
        if ctype == b"IHDR" and length >= 13:
            width, height = int.from_bytes(view[start:start + 4], "big"), int.from_bytes(view[start + 4:start + 8], "big")
            depth, colour = view[start + 8], view[start + 9]
            channels = _PNG_CHANNELS.get(colour)
            if channels is None:
                return "invalid colour type"
            stride = 1 + (width * channels * depth + 7) // 8
            expected = height * stride
            ihdr = True
        elif ctype == b"IDAT":
            if ihdr is None:
                return "image data before header"
            seen_idat = True
            chunk = bytes(view[start:end])
            while chunk and not inflater.eof:
                out = inflater.decompress(chunk, _INFLATE_STEP)
                chunk = inflater.unconsumed_tail
                problem = _check_filters(out, produced, stride, expected)
                if problem:
                    return problem
                produced += len(out)
        elif ctype == b"IEND":
            break
        pos = end + 4
    if not seen_idat:
        return "no image data"
    try:
        while not inflater.eof:  # flush what zlib still holds
            out = inflater.decompress(b"", _INFLATE_STEP)
            if not out:
                break
            problem = _check_filters(out, produced, stride, expected)
            if problem:
                return problem
            produced += len(out)
    except zlib.error:
        return "corrupt compressed data"
    if produced < expected:
        return "image data is truncated"
    if not inflater.eof:
        return "compressed data stream is incomplete"
    return None


def _check_filters(out: bytes, offset: int, stride: int, expected: int) -> str | None:
    """Every row's first byte (at multiples of ``stride`` in the raw stream) is a filter type 0-4."""
    if not stride:
        return None
    first = -(-offset // stride) * stride
    end = min(offset + len(out), expected)
    for row_start in range(first, end, stride):
        if out[row_start - offset] > 4:
            return "invalid row filter"
    return None
