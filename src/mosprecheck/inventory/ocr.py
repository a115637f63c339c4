"""Optional OCR of the travel document's machine-readable zone (MRZ), for copies with no text layer.

Only files the application declares as a travel-document copy are read (``api.check`` passes their
paths to the inspector), and in a PDF only its image-only pages. Tesseract does the reading, run by
pytesseract as a subprocess with a timeout (the ``ocr`` extra; the ``tesseract`` binary and its
``eng`` model come from the operating system). Without either, nothing runs and ``ocr_text`` stays
None: the MRZ rules then say "not verified" (C014), never pass.

For each page image, in order, until one gives two or three MRZ-shaped lines: the lower 35 % (where
the data page's MRZ sits), the whole page (a passport laid at the top of an A4 scan), then the lower
35 % of the page turned by 180, 90 and 270 degrees. Each crop is converted to grey and scaled to
about :data:`TARGET_WIDTH` pixels wide, and read with ``--psm 6`` and the MRZ alphabet
(``A-Z 0-9 <``) as the only characters allowed. The whole file gets :data:`OCR_TIME_S` seconds
(and never more than what remains of the worker's per-file bound).

The result is only the MRZ-shaped lines, the runs of ``<`` fillers re-counted to the format's line
length (OCR miscounts long runs of the same character; the check digits, verified by the rules,
catch a wrong repair): ``""`` when every candidate was read and none was found, None when OCR did
not run or could not finish (timeout, an error of tesseract): then nothing is claimed.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: Seconds of OCR per file (all pages and attempts), inside the worker's per-file bound.
OCR_TIME_S = 6.0
#: Seconds left for the rest of the worker's answer: OCR stops this much before the file's bound.
OCR_MARGIN_S = 1.5
#: A tesseract call is not started with less than this many seconds left.
MIN_CALL_S = 0.3
#: Share of the page height, from its foot, where the MRZ of a data page is looked for first.
LOWER_SHARE = 0.35
#: Crops are scaled to about this width in pixels (at most :data:`MAX_UPSCALE` times up).
TARGET_WIDTH = 1200
MAX_UPSCALE = 4.0
#: A crop whose MRZ-shaped lines fail their check digits is read once more at this width.
RETRY_WIDTH = 1800
#: Print is at least this many grey levels (of 255) darker than the paper.
MIN_CONTRAST = 60
#: Pages of a PDF looked at (from the first): a passport's data page is among the first.
OCR_MAX_PAGES = 8
#: The characters of an MRZ (ICAO Doc 9303 part 3 § 4.1: OCR-B upper case, digits, filler).
MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
TESSERACT_CONFIG = f"--psm 6 -c tessedit_char_whitelist={MRZ_ALPHABET}"
#: Environment switch: ``0``, ``off``, ``false`` or ``no`` turns OCR off (the test suite's default).
ENV_SWITCH = "MOSPRECHECK_OCR"

_LINE = re.compile(r"^[A-Z0-9<]{20,50}$")
#: A first line whose fillers were mostly lost (a short name): document code, filler or type,
#: issuing state, a name.
_SHORT_FIRST_LINE = re.compile(r"^[PIACV][A-Z<][A-Z<]{3}[A-Z]+<[A-Z<]*$")
#: Spaces tolerated inside one MRZ line of OCR output (noise read as text has many).
_MAX_SPACES = 2
_FORMAT_WIDTHS = (44, 36)


def ocr_available() -> bool:
    """True when OCR can run here: not switched off, pytesseract importable and the tesseract binary
    found (pytesseract's ``tesseract_cmd``, ``tesseract`` on the PATH by default). Checked by the
    checker before the walk, so that no file is sent for OCR that cannot have it."""
    if os.environ.get(ENV_SWITCH, "").strip().lower() in ("0", "off", "false", "no"):
        return False
    try:
        if importlib.util.find_spec("pytesseract") is None:
            return False
    except (ImportError, ValueError):
        return False
    return shutil.which(_tesseract_cmd()) is not None


def _tesseract_cmd() -> str:
    try:
        import pytesseract

        return str(pytesseract.pytesseract.tesseract_cmd or "tesseract")
    except Exception:
        return "tesseract"


# --- lines ----------------------------------------------------------------------------------------

def mrz_candidates(text: str) -> list[str]:
    """The lines of OCR output that look like MRZ lines: only MRZ characters, 20 to 50 of them
    (long runs of fillers are often read short), at least one filler, at most :data:`_MAX_SPACES`
    spaces inside (which are removed); or a shorter first line of a zone (document code, issuing
    state, a name and a filler)."""
    out = []
    for raw in text.upper().splitlines():
        stripped = raw.strip()
        if stripped.count(" ") > _MAX_SPACES:
            continue
        line = stripped.replace(" ", "")
        if ("<" in line and _LINE.match(line)) or (len(line) >= 12 and _SHORT_FIRST_LINE.match(line)):
            out.append(line)
    return out


def _fit(line: str, width: int) -> str:
    """``line`` brought to ``width`` characters by re-counting a run of fillers: the last one when the
    line ends with fillers (a name line: its trailing filler, however short OCR read it), else the
    longest run of two or more (off by at most 12). Cut at ``width`` when nothing else fits.
    A wrong re-count shifts the fields, and the check digits the rules verify then fail."""
    diff = width - len(line)
    if diff == 0:
        return line
    if line.endswith("<"):
        start = len(line.rstrip("<"))
        length = len(line) - start + diff
        if length >= 1:
            return line[:start] + "<" * length
    runs = [(m.start(), m.end()) for m in re.finditer(r"<{2,}", line)]
    if runs and abs(diff) <= 12:
        start, end = max(runs, key=lambda r: (r[1] - r[0], r[0]))
        length = end - start + diff
        if length >= 1:
            return line[:start] + "<" * length + line[end:]
    return line[:width]


#: Digits OCR reads for letters; a name or a state code holds letters only (Doc 9303 part 3 § 4.6).
_LETTER_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B"})


def _letters(line: str, start: int, end: int | None = None) -> str:
    """``line`` with digits turned into the letters they look like from ``start`` to ``end``."""
    end = len(line) if end is None else end
    return line[:start] + line[start:end].translate(_LETTER_LOOKALIKES) + line[end:]


_CHECK_VALUES = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "S": "5",
                                   "G": "6", "T": "7", "B": "8"})


def _check(field: str, digit: str, numeric: bool = False) -> bool:
    digit = digit.translate(_DIGIT_LOOKALIKES)
    if digit == "<":
        return set(field) <= {"<"}
    if numeric:  # a date: letters read for digits
        field = field.translate(_DIGIT_LOOKALIKES)
    return str(sum(_CHECK_VALUES.get(ch, 0) * w for ch, w in zip(field, (7, 3, 1) * 20)) % 10) == digit


def check_digits_valid(group: str) -> bool:
    """True when a fitted group's check digits hold (ICAO Doc 9303 part 3 § 4.9: weights 7, 3, 1,
    modulo 10), used only to choose between two readings of the same crop: the rules
    (``rules/consistency.py``) validate what is reported, with their own computation."""
    lines = group.splitlines()
    try:
        if len(lines) == 2 and len(lines[1]) == 44:
            b = lines[1]
            return (_check(b[0:9], b[9]) and _check(b[13:19], b[19], True) and _check(b[21:27], b[27], True)
                    and _check(b[0:10] + b[13:20] + b[21:43], b[43]))
        if len(lines) == 2 and len(lines[1]) == 36:
            b = lines[1]
            return (_check(b[0:9], b[9]) and _check(b[13:19], b[19], True) and _check(b[21:27], b[27], True)
                    and _check(b[0:10] + b[13:20] + b[21:35], b[35]))
        if len(lines) == 3 and len(lines[1]) == 30:
            a, b = lines[0], lines[1]
            return (_check(b[0:6], b[6], True) and _check(b[8:14], b[14], True)
                    and _check(a[5:30] + b[0:7] + b[8:15] + b[18:29], b[29]))
    except IndexError:
        return False
    return False


def mrz_groups(text: str) -> list[str]:
    """Groups of two or three consecutive MRZ-shaped lines, fitted to a format's line length
    (TD3: 2 x 44, TD2: 2 x 36, TD1: 3 x 30), digits read in the name and state fields turned into
    the letters they look like; each group as lines joined by newlines."""
    lines = mrz_candidates(text)
    groups: list[str] = []
    i = 0
    while i < len(lines):
        three = lines[i:i + 3]
        if len(three) == 3 and all(abs(len(x) - 30) <= 4 for x in three) and three[0][0] in "ACI":
            one, two_, name = (_fit(x, 30) for x in three)
            groups.append("\n".join((_letters(one, 2, 5), _letters(two_, 15, 18), _letters(name, 0))))
            i += 3
            continue
        two = lines[i:i + 2]
        if len(two) == 2:
            # A passport is TD3 (Doc 9303 part 4); identity cards in two lines are TD2; a visa's
            # zone (MRV-A 44, MRV-B 36) by its longer line.
            longest = max(len(two[0]), len(two[1]))
            width = 44 if two[0].startswith("P") else 36 if two[0][0] in "ACI" else \
                min(_FORMAT_WIDTHS[:2], key=lambda w: abs(w - longest))
            top, bottom = (_fit(x, width) for x in two)
            groups.append("\n".join((_letters(top, 2), _letters(bottom, 10, 13))))
            i += 2
            continue
        i += 1
    return groups


# --- reading --------------------------------------------------------------------------------------

class _Stop(Exception):
    """OCR cannot finish: out of time, or tesseract failed. Nothing is claimed."""


def _prepared(im: Any, width: int = 0) -> Any:
    from PIL import Image

    grey = im.convert("L")
    scale = min(MAX_UPSCALE, (width or TARGET_WIDTH) / max(1, grey.width))
    if abs(scale - 1) > 0.05:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.LANCZOS if scale < 1 else Image.BICUBIC)
    # Black on white: scanner speckle and paper texture (light grey) go, the print stays. Tesseract
    # is several times slower on a noisy crop, and reads the noise as characters.
    level = threshold(grey.histogram())
    return grey.point(lambda v: 0 if v < level else 255)


def threshold(histogram: list[int]) -> int:
    """The grey level under which a pixel is print: halfway from the paper (the median) to the ink
    (the darkest percent), and at least :data:`MIN_CONTRAST` levels under the paper, so that a crop
    of paper and speckle alone comes out white."""
    total = sum(histogram[:256]) or 1

    def percentile(share: float) -> int:
        count = 0
        for level, n in enumerate(histogram[:256]):
            count += n
            if count >= share * total:
                return level
        return 255

    paper, ink = percentile(0.5), percentile(0.01)
    return max(0, paper - max(MIN_CONTRAST, (paper - ink) // 2))


def _lower(im: Any) -> Any:
    return im.crop((0, int(im.height * (1 - LOWER_SHARE)), im.width, im.height))


def attempts(im: Any) -> Iterator[Any]:
    """The crops of one page image, in the order they are read."""
    from PIL import Image

    yield _lower(im)
    yield im
    for turn in (Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270):
        yield _lower(im.transpose(turn))


def _read(crop: Any, deadline: float, width: int = 0) -> str:
    import pytesseract

    left = deadline - time.monotonic()
    if left < MIN_CALL_S:
        raise _Stop("time")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker: tesseract must not fan out
    try:
        return str(pytesseract.image_to_string(_prepared(crop, width), lang="eng", config=TESSERACT_CONFIG,
                                               timeout=max(MIN_CALL_S, left)))
    except RuntimeError as exc:  # pytesseract's "Tesseract process timeout"
        raise _Stop("time") from exc
    except Exception as exc:  # TesseractError, TesseractNotFoundError, OSError: could not read
        raise _Stop(type(exc).__name__) from exc


def read_mrz(images: Iterable[Callable[[], Any]], deadline: float) -> str | None:
    """OCR the page images (each given as a function returning a decoded Pillow image, or None when
    it could not be decoded) until one gives an MRZ-shaped group of lines.

    Returns the fitted MRZ lines of the first group found, ``""`` when every image was decoded and
    read in every attempt and none was found, or None when OCR is not installed, tesseract failed,
    an image could not be decoded, or the time ran out first (not verified)."""
    try:
        import pytesseract  # noqa: F401
    except Exception:
        return None
    unread = False
    try:
        for get in images:
            if time.monotonic() >= deadline:
                return None
            im = get()
            if im is None:
                unread = True
                continue
            for crop in attempts(im):
                groups = mrz_groups(_read(crop, deadline))
                if not groups:
                    continue
                if any(check_digits_valid(g) for g in groups):
                    return "\n".join(groups)
                # MRZ-shaped but misread: once more at another scale; else what was read (C015).
                try:
                    again = mrz_groups(_read(crop, deadline, RETRY_WIDTH))
                except _Stop:
                    again = []
                if any(check_digits_valid(g) for g in again):
                    return "\n".join(again)
                return "\n".join(groups)
    except _Stop:
        return None
    except MemoryError:
        raise
    except Exception:  # a page that cannot be prepared: nothing is claimed
        return None
    return None if unread else ""


def ocr_deadline(job_started: float, time_limit: float) -> float:
    """When OCR of a file must stop: :data:`OCR_TIME_S` from now, and at least :data:`OCR_MARGIN_S`
    before the worker's bound for the file (``time_limit`` seconds after ``job_started``)."""
    return min(time.monotonic() + OCR_TIME_S, job_started + time_limit - OCR_MARGIN_S)
