"""Optional OCR of the travel document's machine-readable zone (MRZ), for copies with no text layer.

Only files the application declares as a travel-document copy are read (``api.check`` passes their
paths to the inspector), and in a PDF only its image-only pages. Tesseract does the reading, through
one of two bindings (the ``ocr`` extra installs both; the ``eng`` model comes from the operating
system, Debian: ``tesseract-ocr``):

- tesserocr, libtesseract in the worker's own process: the model (≈ 0.2 s to load) is loaded once in
  the zygote the workers are forked from (:func:`warm`), so each page costs only its recognition
  (≈ 0.05–0.1 s), bounded by tesseract's own timeout;
- pytesseract, the ``tesseract`` program run per crop with a timeout (≈ 0.3–0.5 s a call, the model
  loaded each time): used when tesserocr or the model folder is missing, or when
  ``MOSPRECHECK_OCR=pytesseract``.

Without either, nothing runs and ``ocr_text`` stays None: the MRZ rules then say "not verified"
(C014), never pass.

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

import glob
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
#: A crop whose MRZ-shaped lines fail their check digits is read again at these widths, in turn,
#: until a reading passes them (OCR's misreads differ from one scale to another).
RETRY_WIDTHS = (1800, 1500, 900)
#: Print is at least this many grey levels (of 255) darker than the paper.
MIN_CONTRAST = 60
#: Pages of a PDF looked at (from the first): a passport's data page is among the first.
OCR_MAX_PAGES = 8
#: The characters of an MRZ (ICAO Doc 9303 part 3 § 4.1: OCR-B upper case, digits, filler).
MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
TESSERACT_CONFIG = f"--psm 6 -c tessedit_char_whitelist={MRZ_ALPHABET}"
#: Environment switch: ``0``, ``off``, ``false`` or ``no`` turns OCR off (the test suite's default);
#: ``pytesseract`` or ``tesserocr`` uses only that binding.
ENV_SWITCH = "MOSPRECHECK_OCR"
#: Where a system keeps tesseract's models (the folder holding ``eng.traineddata``), after
#: ``TESSDATA_PREFIX``: Debian/Ubuntu, Fedora, Homebrew, MacPorts, a build from source.
TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tesseract-ocr/tessdata", "/usr/share/tessdata",
                  "/usr/local/share/tessdata", "/usr/local/share/tesseract-ocr/tessdata",
                  "/opt/homebrew/share/tessdata", "/opt/local/share/tessdata")
_OFF = ("0", "off", "false", "no")

_LINE = re.compile(r"^[A-Z0-9<]{20,50}$")
#: A first line whose fillers were mostly lost (a short name): document code, filler or type,
#: issuing state, a name.
_SHORT_FIRST_LINE = re.compile(r"^[PIACV][A-Z<][A-Z<]{3}[A-Z]+<[A-Z<]*$")
#: Spaces tolerated inside one MRZ line of OCR output (noise read as text has many).
_MAX_SPACES = 2
_FORMAT_WIDTHS = (44, 36)


def ocr_available() -> bool:
    """True when OCR can run here: not switched off, and a binding that can run (:func:`backend`).
    Checked by the checker before the walk, so that no file is sent for OCR that cannot have it."""
    return backend() is not None


def backend() -> str | None:
    """The binding OCR uses here: ``"tesserocr"`` (importable and the ``eng`` model found),
    else ``"pytesseract"`` (importable and the ``tesseract`` program found), else None (also when
    switched off)."""
    if os.environ.get(ENV_SWITCH, "").strip().lower() in _OFF:
        return None
    return binding()


def binding() -> str | None:
    """The binding that can read here, whether or not OCR is switched off (a worker asked to read
    a file reads it; the checker asks only when :func:`ocr_available`)."""
    switch = os.environ.get(ENV_SWITCH, "").strip().lower()
    if switch != "pytesseract" and _importable("tesserocr") and tessdata_dir() is not None:
        return "tesserocr"
    if switch != "tesserocr" and _importable("pytesseract") and shutil.which(_tesseract_cmd()) is not None:
        return "pytesseract"
    return None


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def tessdata_dir() -> str | None:
    """The folder holding tesseract's ``eng`` model: ``TESSDATA_PREFIX`` (or its ``tessdata``
    subfolder), else the first of :data:`TESSDATA_GLOBS` that has it; None when none has."""
    candidates = []
    prefix = os.environ.get("TESSDATA_PREFIX")
    if prefix:
        candidates += [prefix, os.path.join(prefix, "tessdata")]
    for pattern in TESSDATA_GLOBS:
        candidates += sorted(glob.glob(pattern), reverse=True)  # the newest version first
    for folder in candidates:
        if os.path.isfile(os.path.join(folder, "eng.traineddata")):
            return folder
    return None


def _tesseract_cmd() -> str:
    try:
        import pytesseract

        return str(pytesseract.pytesseract.tesseract_cmd or "tesseract")
    except Exception:
        return "tesseract"


#: The loaded libtesseract engine (tesserocr), per process; a worker forked from a zygote that
#: loaded it (:func:`warm`) inherits it loaded.
_ENGINE: Any = None


def warm() -> None:
    """Load the tesserocr engine now, when that is the binding OCR uses (in the zygote, before it
    forks a worker for files to OCR). Harmless otherwise; a failure only leaves it unloaded."""
    if binding() == "tesserocr":
        try:
            _engine()
        except Exception:
            pass


def _engine() -> Any:
    global _ENGINE
    if _ENGINE is None:
        # One thread: the worker has one core, and an OpenMP pool must not exist in the zygote
        # that forks (read by libgomp when tesserocr loads, so set before the import).
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        import tesserocr

        folder = tessdata_dir()
        if folder is None:
            raise _Stop("no model")
        engine = tesserocr.PyTessBaseAPI(path=folder.rstrip("/") + "/", lang="eng", psm=tesserocr.PSM.SINGLE_BLOCK)
        engine.SetVariable("tessedit_char_whitelist", MRZ_ALPHABET)
        _ENGINE = engine
    return _ENGINE


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


#: Positions that hold digits only (dates and check digits; ICAO Doc 9303 parts 4-6), by line length
#: of the line that holds them: letters OCR read there are turned into the digits they look like.
_DIGIT_POSITIONS = {
    44: (9, *range(13, 20), *range(21, 28), 43),   # TD3 line 2 (and MRV-A)
    36: (9, *range(13, 20), *range(21, 28), 35),   # TD2 line 2 (and MRV-B)
    30: (*range(0, 7), *range(8, 15), 29),         # TD1 line 2
}


def _digits(line: str, positions: Iterable[int]) -> str:
    """``line`` with letters read in digit-only ``positions`` turned into the digits they look like."""
    chars = list(line)
    for i in positions:
        if i < len(chars) and chars[i] != "<":
            chars[i] = chars[i].translate(_DIGIT_LOOKALIKES)
    return "".join(chars)


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
            groups.append("\n".join((_digits(_letters(one, 2, 5), (14,)), _digits(_letters(two_, 15, 18), _DIGIT_POSITIONS[30]),
                                      _letters(name, 0))))
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
            groups.append("\n".join((_letters(top, 2), _digits(_letters(bottom, 10, 13), _DIGIT_POSITIONS[width]))))
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
    left = deadline - time.monotonic()
    if left < MIN_CALL_S:
        raise _Stop("time")
    if binding() == "tesserocr":
        return _read_in_process(_prepared(crop, width), left)
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker: tesseract must not fan out
    try:
        return str(pytesseract.image_to_string(_prepared(crop, width), lang="eng", config=TESSERACT_CONFIG,
                                               timeout=max(MIN_CALL_S, left)))
    except RuntimeError as exc:  # pytesseract's "Tesseract process timeout"
        raise _Stop("time") from exc
    except Exception as exc:  # TesseractError, TesseractNotFoundError, OSError: could not read
        raise _Stop(type(exc).__name__) from exc


def _read_in_process(image: Any, left: float) -> str:
    try:
        engine = _engine()
        engine.SetImage(image)
        if not engine.Recognize(max(1, int(left * 1000))):  # False: its timeout (ms) ran out, or it failed
            raise _Stop("time")
        return str(engine.GetUTF8Text())
    except _Stop:
        raise
    except Exception as exc:  # the engine could not load or read: nothing is claimed
        raise _Stop(type(exc).__name__) from exc


def _name_line(group: str) -> str:
    """The line of a zone that holds the names (the first of TD3/TD2, the third of TD1)."""
    lines = group.splitlines()
    return lines[2] if len(lines) == 3 else lines[0]


def _confirm_names(groups: list[str], crop: Any, deadline: float, skip: int = 0) -> str:
    """``groups`` (a reading whose check digits hold) with its name line confirmed by a second
    reading at another scale. No check digit covers the names (Doc 9303 part 3 § 4.9), and OCR adds
    or drops a letter next to the fillers now and then: a name misread would be a false "the surname
    differs" (C011). When the two readings' name lines differ, a third decides by majority; without
    one, the first reading stands. Out of time: the first reading stands."""
    first = next(g for g in groups if check_digits_valid(g))
    names = [_name_line(first)]
    for width in (w for w in RETRY_WIDTHS if w != skip):
        try:
            again = mrz_groups(_read(crop, deadline, width))
        except _Stop:
            break
        same_shape = [g for g in again if len(g.splitlines()) == len(first.splitlines())]
        if not same_shape:
            continue
        names.append(_name_line(same_shape[0]))
        if names.count(names[-1]) >= 2:  # two readings agree
            break
    votes = {name: names.count(name) for name in names}
    winner = max(names, key=lambda n: (votes[n], n == names[0]))
    if winner == names[0]:
        return "\n".join(groups)
    lines = first.splitlines()
    lines[2 if len(lines) == 3 else 0] = winner
    return "\n".join(g if g != first else "\n".join(lines) for g in groups)


def read_mrz(images: Iterable[Callable[[], Any]], deadline: float) -> str | None:
    """OCR the page images (each given as a function returning a decoded Pillow image, or None when
    it could not be decoded) until one gives an MRZ-shaped group of lines.

    Returns the fitted MRZ lines of the first group found, ``""`` when every image was decoded and
    read in every attempt and none was found, or None when OCR is not installed, tesseract failed,
    an image could not be decoded, or the time ran out first (not verified)."""
    if binding() is None:
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
                    return _confirm_names(groups, crop, deadline)
                # MRZ-shaped but misread: again at other scales; else what was read (C015).
                for width in RETRY_WIDTHS:
                    try:
                        again = mrz_groups(_read(crop, deadline, width))
                    except _Stop:
                        break
                    if any(check_digits_valid(g) for g in again):
                        return _confirm_names(again, crop, deadline, skip=width)
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
