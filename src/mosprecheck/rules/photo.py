"""The photograph: how many, which format, pixel size, proportions, file size, colour and age.

The photo is the ``documents[]`` entry of kind ``photo``; its facts come from the inventory's
isolated open of the file (Pillow: declared size, EXIF, colour measured on a reduced decode). Every
number comes from the rulebook (``photo.*``, ``form.paper_photo_count``), dated: the format, pixel
and byte limits are MOS upload rules (from 27 April 2026); proportions, colour and age are the
photo regulations' and apply on every date.

From 27 April 2026 the photo is § 3 and § 4 of the regulation on the temporary-residence
application (Dz.U. 2026 poz. 553): § 3 what it shows and its age, § 4 the MOS file (JPG, at least
684 x 883 px, at most 2.5 MB, 35:45 proportions). Texts cite the provisions from the rulebook
(``photo.provisions``), never typed in.

Categories: MOS validates the photo's format and size when it is uploaded and does not let the
application go on until it passes (§8 F17), so those are ``upload_blocker``; proportions and colour
are requirements the office checks by looking (``formal_defect``). The age is read from EXIF: in
MOS the file is the photograph, and an EXIF date older than § 3 pkt 3 allows is a ``formal_defect``
(I059); before MOS the file stood for prints whose date it does not prove (I057, ``advisory``).
A missing photo is A003 (required-document-missing); the count rules start at one photo.

Retired codes (never reused): I058 photo-not-exact-size (advisory for a photo larger than
684 x 883 px): § 4 says "co najmniej", at least, so a larger photo is no defect.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from ..application import to_pointer
from ..inventory import FileFacts
from ..findings import Category
from ..case.helpers import add_months, declared_path, documents, in_mos_regime
from .files import permit_provisions, provision_basis
from .registry import CheckContext, Finding, retire, rule

_REQ = "art. 64 § 2 KPA"

retire(code="I058", name="photo-not-exact-size",
       reason="§ 4 of Dz.U. 2026 poz. 553 asks for a photo of at least 684 x 883 pixels, so a larger photo with the "
       "right proportions is no defect.")
#: The declared legal bases of the MOS photo file (§ 4) and the photograph's age (§ 3 pkt 3), without
#: a regulation number: each defect carries the provision of its permit type's regulation from the
#: rulebook (``photo.provisions`` on the filing date; :func:`.files.provision_basis`).
_S4 = "§ 4 rozporządzenia o wniosku właściwym dla rodzaju zezwolenia (rulebook: photo.provisions)"
_S3_3 = "§ 3 pkt 3 rozporządzenia o wniosku właściwym dla rodzaju zezwolenia (rulebook: photo.provisions)"


def _photos(c: CheckContext) -> list[tuple[int, str, FileFacts | None]]:
    """(documents index, declared path, file facts or None when absent) of every photo entry."""
    out = []
    seen: set[str] = set()
    for i, doc in documents(c.application):
        if doc.kind is None or doc.kind.value != "photo" or not doc.file:
            continue
        path = declared_path(doc)
        if path is None or path in seen:
            continue
        seen.add(path)
        out.append((i, path, c.files_by_path.get(path)))
    return out


def _decoded(f: FileFacts | None) -> bool:
    return (f is not None and f.unverified is None and f.image is not None and f.image.width is not None
            and f.image.height is not None and f.image.error_kind not in ("bomb", "unidentified"))


def _photo_pixels(c: CheckContext) -> dict[str, int | None]:
    """The photo's pixel size (``photo.pixels``) for remedies that name it (None before MOS)."""
    need = c.rulebook.value("photo.pixels", None) or {}
    return {"photo_width": need.get("width"), "photo_height": need.get("height")}


def _required_count(c: CheckContext) -> tuple[int | None, str, list[str]]:
    """(count, channel, sources) on the filing date."""
    if in_mos_regime(c):
        return c.rulebook.value("photo.mos_count", None), "mos", c.rulebook.sources("photo.mos_count")
    return (c.rulebook.value("form.paper_photo_count", None), "paper",
            c.rulebook.sources("form.paper_photo_count"))


@rule(
    code="I050",
    name="photo-count-too-few",
    category=Category.FORMAL_DEFECT,
    reads=("channel.regime", "form.paper_photo_count", "photo.mos_count"),
    title="Fewer photographs than the filing channel asks for",
    legal_basis=_REQ,
    needs_application=True,
)
def photo_count_too_few(c: CheckContext) -> Iterator[Finding]:
    """The paper form asked for the number of photographs its model set (``form.paper_photo_count``,
    which changed with the form); MOS, the only channel from 27 April 2026, takes its own count
    (``photo.mos_count``). The channel is the one in force on the filing date (``channel.regime``):
    a package checked for an earlier date stands for the prints the applicant will bring.

    Why the office objects: a missing photograph is a brak formalny. No photo at all is A003
    (required-document-missing), so this rule starts at one.
    """
    photos = _photos(c)
    required, channel, sources = _required_count(c)
    if required and 0 < len(photos) < required:
        yield Finding(field="/documents", ctx={"count": len(photos), "required": required, "channel": channel,
                                               "filing_date": c.filing_date.isoformat(), "sources": sources})


@rule(
    code="I051",
    name="photo-count-too-many",
    category=Category.ADVISORY,
    reads=("channel.regime", "form.paper_photo_count", "photo.mos_count"),
    title="More photographs than the filing channel asks for",
    legal_basis=None,
    needs_application=True,
)
def photo_count_too_many(c: CheckContext) -> Iterator[Finding]:
    """MOS has one place for the photograph (one digital photo, X1, X9); further photo files are at
    best ignored and at worst the office looks at the wrong one. Not blocking."""
    photos = _photos(c)
    required, channel, sources = _required_count(c)
    if required and len(photos) > required:
        yield Finding(field="/documents", ctx={"count": len(photos), "required": required, "channel": channel,
                                               "files": [p for _, p, _ in photos],
                                               "filing_date": c.filing_date.isoformat(), "sources": sources})


@rule(
    code="I052",
    name="photo-not-jpeg",
    category=Category.UPLOAD_BLOCKER,
    reads=("photo.formats", "photo.provisions"),
    title="The photograph is not a JPEG file",
    legal_basis=_S4,
    needs_application=True,
)
def photo_not_jpeg(c: CheckContext) -> Iterator[Finding]:
    """§ 4: the photo is a JPG file (``photo.formats``). Judged by content, not by the extension: a
    PNG (or a photo inside a PDF) named ``.jpg`` is still not a JPEG. Types the portal does not accept at all (HEIC, WebP...) are F001's."""
    formats = c.rulebook.value("photo.formats", None)
    if not formats:
        return
    for i, path, f in _photos(c):
        if f is not None and f.detected_type in ("png", "pdf") and f.detected_type not in formats:
            yield Finding(file=path, field=to_pointer(("documents", i, "file")),
                          legal_basis=provision_basis(c, "photo.provisions", "file"), ctx={
                "file": path, "detected": f.detected_type.upper(), "required": [x.upper() for x in formats],
                "sources": c.rulebook.sources("photo.formats")})


@rule(
    code="I053",
    name="photo-too-small",
    category=Category.UPLOAD_BLOCKER,
    reads=("photo.pixels", "photo.provisions"),
    title="The photograph has fewer pixels than required",
    legal_basis=_S4,
    needs_application=True,
)
def photo_too_small(c: CheckContext) -> Iterator[Finding]:
    """At least the width and height of ``photo.pixels`` (§ 4: "o rozdzielczości co najmniej [...]
    piksele"). Smaller is refused at upload (§8 F17); larger is no defect."""
    need = c.rulebook.value("photo.pixels", None)
    if not need:
        return
    for i, path, f in _photos(c):
        if f is None or f.detected_type != "jpeg" or not _decoded(f):
            continue
        im = f.image
        width, height = im.shown_width, im.shown_height  # as shown: with its EXIF orientation applied (I060)
        if width < need["width"] or height < need["height"]:
            yield Finding(file=path, field=to_pointer(("documents", i, "file")),
                          legal_basis=provision_basis(c, "photo.provisions", "file"), ctx={
                "file": path, "width": width, "height": height, "min_width": need["width"],
                "min_height": need["height"], "sources": c.rulebook.sources("photo.pixels")})


@rule(
    code="I054",
    name="photo-wrong-proportions",
    category=Category.FORMAL_DEFECT,
    reads=("photo.aspect", "photo.pixels"),
    title="The photograph does not have the required proportions",
    legal_basis=_REQ,
    needs_application=True,
)
def photo_wrong_proportions(c: CheckContext) -> Iterator[Finding]:
    """The photograph has the proportions of ``photo.aspect`` (width to height, within its
    tolerance); a 3:4 or 4:5 picture, or one in landscape, is not a passport-style photo and the
    office asks for another. Judged as the picture is shown, with its EXIF orientation applied: a
    phone's portrait photo stored on its side is upright; upright pixels that the orientation turns
    on their side are a landscape picture (I060 says why)."""
    aspect = c.rulebook.value("photo.aspect", None)
    if not aspect:
        return
    required = aspect["width"] / aspect["height"]
    pixels = _photo_pixels(c)
    for i, path, f in _photos(c):
        if f is None or f.detected_type not in ("jpeg", "png") or not _decoded(f):
            continue
        width, height = f.image.shown_width, f.image.shown_height  # as shown (EXIF orientation applied)
        ratio = width / height
        if abs(ratio - required) / required > aspect["tolerance"]:
            yield Finding(file=path, field=to_pointer(("documents", i, "file")), ctx={
                "file": path, "width": width, "height": height, "ratio": f"{ratio:.3f}",
                "required_ratio": f"{required:.3f}", "aspect_width": aspect["width"],
                "aspect_height": aspect["height"], "tolerance_percent": round(aspect["tolerance"] * 100, 1),
                **pixels, "sources": c.rulebook.sources("photo.aspect")})


@rule(
    code="I055",
    name="photo-file-too-large",
    category=Category.UPLOAD_BLOCKER,
    reads=("photo.max_bytes", "photo.pixels", "photo.provisions"),
    title="The photograph file is larger than MOS accepts",
    legal_basis=_S4,
    needs_application=True,
)
def photo_file_too_large(c: CheckContext) -> Iterator[Finding]:
    """At most ``photo.max_bytes`` (§ 4, its megabytes read as millions of bytes). A JPEG of the
    minimum pixel size is typically 100-400 KB; a larger file is a camera original that should
    have been resized."""
    limit = c.rulebook.value("photo.max_bytes", None)
    if not limit:
        return
    pixels = _photo_pixels(c)
    for i, path, f in _photos(c):
        if f is not None and f.size_bytes is not None and f.size_bytes > limit and f.detected_type == "jpeg":
            yield Finding(file=path, field=to_pointer(("documents", i, "file")),
                          legal_basis=provision_basis(c, "photo.provisions", "file"), ctx={
                "file": path, "size": f.size_bytes, "max_bytes": limit, **pixels,
                "sources": c.rulebook.sources("photo.max_bytes")})


@rule(
    code="I056",
    name="photo-not-in-colour",
    category=Category.FORMAL_DEFECT,
    reads=("photo.colour_required",),
    title="The photograph is black and white",
    legal_basis=_REQ,
    needs_application=True,
)
def photo_not_in_colour(c: CheckContext) -> Iterator[Finding]:
    """The regulations ask for a colour photograph (``photo.colour_required``). Greyscale is a grey
    image mode, or colour channels that are grey everywhere: fewer than 1 % of the pixels of the
    reduced decode with a visible colour (HSV saturation over 40) and a mean saturation under 8."""
    if not c.rulebook.value("photo.colour_required", None):
        return
    for i, path, f in _photos(c):
        if f is None or not _decoded(f) or f.image.greyscale is not True:
            continue
        im = f.image
        yield Finding(file=path, field=to_pointer(("documents", i, "file")), ctx={
            "file": path, "mode": im.mode, "saturation": im.saturation, "colour_share": im.colour_share,
            "colour_percent": round(im.colour_share * 100, 1) if im.colour_share is not None else None,
            "sources": c.rulebook.sources("photo.colour_required")})


@rule(
    code="I057",
    name="photo-too-old",
    category=Category.ADVISORY,
    reads=("channel.regime", "photo.max_age_months", "photo.provisions"),
    title="The photograph's EXIF date is earlier than the rulebook allows before a paper filing",
    legal_basis=None,
    needs_application=True,
)
def photo_too_old(c: CheckContext) -> Iterator[Finding]:
    """Filing dates before MOS (paper regime, ``channel.regime``) only: the photograph must be taken
    at most ``photo.max_age_months`` months before filing, and the file stands for the prints the
    applicant brings, whose date its EXIF metadata does not prove. Advisory. From 27 April 2026 the
    file is the photograph and an old EXIF date is I059 (formal_defect)."""
    if in_mos_regime(c):
        return
    yield from _old_photos(c)


def _old_photos(c: CheckContext) -> Iterator[Finding]:
    """Photos whose EXIF date (DateTimeOriginal, else DateTimeDigitized, else DateTime) is before the
    earliest day ``photo.max_age_months`` allows; none without a date, none dated after filing (a
    wrong camera clock)."""
    months = c.rulebook.value("photo.max_age_months", None)
    if not months:
        return
    earliest = add_months(c.filing_date, -months)
    provision = permit_provisions(c, "photo.provisions").get("age")
    for i, path, f in _photos(c):
        if f is None or f.image is None or not f.image.exif_datetime:
            continue
        try:
            taken = dt.datetime.fromisoformat(f.image.exif_datetime).date()
        except ValueError:
            continue  # an unreadable date is no evidence either way
        if taken < earliest:
            yield Finding(file=path, field=to_pointer(("documents", i, "file")), ctx={
                "file": path, "taken": taken.isoformat(), "tag": f.image.exif_datetime_tag,
                "earliest": earliest.isoformat(), "months": months, "filing_date": c.filing_date.isoformat(),
                "provision": provision, "sources": c.rulebook.sources("photo.max_age_months")})


@rule(
    code="I059",
    name="photo-taken-too-long-before-filing",
    category=Category.FORMAL_DEFECT,
    reads=("channel.regime", "photo.max_age_months", "photo.provisions"),
    title="The photograph's EXIF date is earlier than the regulation allows before filing",
    legal_basis=_S3_3 + "; art. 64 § 2 KPA",
    needs_application=True,
)
def photo_taken_too_long_before_filing(c: CheckContext) -> Iterator[Finding]:
    """From 27 April 2026 (MOS, ``channel.regime``): § 3 pkt 3 requires a photograph taken at most
    ``photo.max_age_months`` months before filing. In MOS the file is the photograph the office
    receives, and its EXIF date (DateTimeOriginal, else DateTimeDigitized, else DateTime) is the
    only date it carries. No date is no defect; a date after the filing date (a wrong camera clock)
    is ignored. Replaces the advisory I057 on MOS filing dates.

    Why the office objects: a photograph older than the regulation allows is a brak formalny; the
    office calls for a recent one (art. 64 § 2 KPA).
    """
    if not in_mos_regime(c):
        return
    basis = provision_basis(c, "photo.provisions", "age", "art. 64 § 2 KPA")
    for finding in _old_photos(c):
        yield dataclasses.replace(finding, legal_basis=basis)


@rule(
    code="I060",
    name="photo-turned-by-exif",
    category=Category.ADVISORY,
    reads=("photo.provisions",),
    title="The photograph's pixels are stored on their side and turned upright only by its EXIF orientation",
    legal_basis=_S4,
    needs_application=True,
)
def photo_turned_by_exif(c: CheckContext) -> Iterator[Finding]:
    """The photograph declares an EXIF orientation (2-8) that turns or mirrors it for display: what
    phones do when they save a portrait photo. Phones, browsers and most viewers show it turned;
    a program that ignores the tag shows the pixels on their side. Whether the MOS portal and the
    office's systems apply the tag is not known, so the proportions and size (I053, I054) are judged
    as the picture is shown, and this advisory asks for a photo whose pixels are upright (§ 4: the
    width x height of the regulation; § 3 pkt 5: the eye line parallel to the top edge)."""
    for i, path, f in _photos(c):
        if f is None or not _decoded(f) or f.image.orientation is None:
            continue
        im = f.image
        yield Finding(file=path, field=to_pointer(("documents", i, "file")),
                      legal_basis=provision_basis(c, "photo.provisions", "file"), ctx={
            "file": path, "orientation": im.orientation, "width": im.width, "height": im.height,
            "shown_width": im.shown_width, "shown_height": im.shown_height})
