"""Real files for tests and examples: PDFs, JPEGs and PNGs generated with Pillow and pypdf.

Every generator is deterministic (fixed dates, fixed seeds) so that examples regenerate byte for byte.
"""

from __future__ import annotations

import io
import random
import zipfile
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
import pypdf
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

FIXED_DATE = datetime(2026, 10, 1, 9, 30, 0)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def scan_page(lines: list[str], *, size: tuple[int, int] = (827, 1169), seed: int = 0, colour: bool = True) -> Image.Image:
    """A page that looks like a scan (A4 at 100 dpi by default): paper tint, text lines, noise."""
    rng = random.Random(seed)
    base = (246, 244, 238) if colour else (245, 245, 245)
    img = Image.new("RGB", size, base)
    draw = ImageDraw.Draw(img)
    font = _font(max(14, size[0] // 40))
    y = size[1] // 12
    for line in lines:
        draw.text((size[0] // 12, y), line, fill=(20, 20, 60), font=font)
        y += int(size[0] / 28)
    for _ in range(size[0] * size[1] // 400):  # scanner speckle, so JPEG compression is realistic
        x, yy = rng.randrange(size[0]), rng.randrange(size[1])
        v = rng.randrange(180, 235)
        img.putpixel((x, yy), (v, v, v - 5))
    if not colour:
        img = img.convert("L")
    return img


def _mono_font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """A monospaced font (as the OCR-B of a machine-readable zone is): DejaVu Sans Mono where the
    system has it, else Pillow's default font."""
    for name in ("DejaVuSansMono.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                 "LiberationMono-Regular.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return _font(size)


def passport_data_page(mrz: list[str], lines: list[str] | None = None, *, size: tuple[int, int] = (827, 1169),
                       seed: int = 0) -> Image.Image:
    """A scanned passport data page: its printed data at the top, the machine-readable zone at its
    foot in a monospaced font sized so that a line fills about 85 % of the width (as on the document)."""
    img = scan_page(lines if lines is not None else ["PASSPORT / PASAPORT", "UKRAINE / UKRAINA"], size=size, seed=seed)
    draw = ImageDraw.Draw(img)
    width = max(len(line) for line in mrz)
    font_size = max(8, int(size[0] * 0.85 / (0.6 * width)))  # a monospaced glyph is about 0.6 em wide
    font = _mono_font(font_size)
    step = int(font_size * 1.6)
    y = size[1] - size[1] // 14 - step * len(mrz)
    for line in mrz:
        draw.text((size[0] // 14, y), line, fill=(20, 20, 30), font=font)
        y += step
    return img


def write_passport_scan_pdf(path: Path, mrz: list[str], *, pages: int = 32, size: tuple[int, int] = (827, 1169),
                            quality: int = 70, lines: list[str] | None = None, data_page_width: int | None = None) -> Path:
    """A passport scanned page by page without a text layer: the data page (:func:`passport_data_page`,
    with ``lines`` of printed data above the zone) first, then visa pages. ``data_page_width``: the
    data page scanned at a higher resolution (that many pixels wide), on a page of the same size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"title": "passport", "creationDate": FIXED_DATE.timetuple(), "modDate": FIXED_DATE.timetuple()}
    visas = [scan_page([f"VISAS / page {i}"], size=size, seed=i) for i in range(2, pages + 1)]
    if not data_page_width:
        images = [passport_data_page(mrz, lines, size=size)] + visas
        images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=100.0, quality=quality, **meta)
        return path
    scale = data_page_width / size[0]
    data = passport_data_page(mrz, lines, size=(data_page_width, round(size[1] * scale)))
    first, rest = io.BytesIO(), io.BytesIO()
    data.save(first, "PDF", resolution=100.0 * scale, quality=quality, **meta)
    visas[0].save(rest, "PDF", save_all=True, append_images=visas[1:], resolution=100.0, quality=quality, **meta)
    writer = pypdf.PdfWriter()
    for part in (first, rest):
        writer.append(pypdf.PdfReader(part))
    writer.add_metadata({"/Title": "passport", "/CreationDate": "D:20261001093000", "/ModDate": "D:20261001093000"})
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def write_scan_pdf(path: Path, pages: list[list[str]], *, size: tuple[int, int] = (827, 1169), quality: int = 70,
                   title: str = "scan") -> Path:
    """A multi-page PDF of JPEG-compressed page images (what a scanner or phone app produces)."""
    images = [scan_page(lines, size=size, seed=i) for i, lines in enumerate(pages)]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=100.0, quality=quality,
                   title=title, creationDate=FIXED_DATE.timetuple(), modDate=FIXED_DATE.timetuple())
    return path


def write_text_pdf(path: Path, lines: list[str], *, pages: int = 1) -> Path:
    """A PDF with a real text layer (Helvetica, WinAnsi: Latin-1 text only)."""
    writer = PdfWriter()
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    for n in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
        for line in lines + ([f"Page {n + 1} of {pages}"] if pages > 1 else []):
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)}),
        })
    writer.add_metadata({"/Producer": "mosprecheck test factory", "/CreationDate": "D:20261001093000Z"})
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def photo_image(width: int = 684, height: int = 883, *, mode: str = "RGB") -> Image.Image:
    """A passport-style portrait: light uniform background, head and shoulders."""
    img = Image.new("RGB", (width, height), (236, 238, 240))
    d = ImageDraw.Draw(img)
    cx = width // 2
    d.ellipse([cx - width * 0.22, height * 0.16, cx + width * 0.22, height * 0.62], fill=(224, 184, 150))
    d.rectangle([cx - width * 0.40, height * 0.70, cx + width * 0.40, height], fill=(40, 52, 80))
    d.ellipse([cx - width * 0.12, height * 0.33, cx - width * 0.06, height * 0.37], fill=(60, 40, 30))
    d.ellipse([cx + width * 0.06, height * 0.33, cx + width * 0.12, height * 0.37], fill=(60, 40, 30))
    return img.convert(mode) if mode != "RGB" else img


def write_jpeg(path: Path, img: Image.Image | None = None, *, quality: int = 90, exif_datetime: str | None = None) -> Path:
    """A JPEG (the photo by default), optionally with EXIF DateTimeOriginal 'YYYY:MM:DD HH:MM:SS'."""
    img = img or photo_image()
    path.parent.mkdir(parents=True, exist_ok=True)
    kwargs = {}
    if exif_datetime:
        exif = Image.Exif()
        exif[0x0132] = exif_datetime  # DateTime
        exif.get_ifd(0x8769)[0x9003] = exif_datetime  # Exif IFD: DateTimeOriginal
        kwargs["exif"] = exif.tobytes()
    img.save(path, "JPEG", quality=quality, **kwargs)
    return path


def write_png(path: Path, img: Image.Image | None = None) -> Path:
    """A PNG (a scan page by default)."""
    img = img or scan_page(["Scan"], size=(620, 877))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG", optimize=False)
    return path


def docx_bytes(text: str = "Umowa o pracę") -> bytes:
    """A minimal but real Word 2007+ document (what libmagic names 'Microsoft Word 2007+')."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("[Content_Types].xml", date_time=(2026, 10, 1, 9, 30, 0))
        z.writestr(info, (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"))
        z.writestr(zipfile.ZipInfo("_rels/.rels", date_time=(2026, 10, 1, 9, 30, 0)), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>'))
        z.writestr(zipfile.ZipInfo("word/document.xml", date_time=(2026, 10, 1, 9, 30, 0)), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"))
    return buf.getvalue()


def passport_pages(surname: str = "KOWALENKO", number: str = "FX123456", pages: int = 32) -> list[list[str]]:
    """Text lines for the pages of a passport scan: data page first, then visa pages."""
    data = [
        "PASSPORT / PASAPORT",
        f"Surname: {surname}",
        "Given names: OLENA",
        f"Passport No: {number}",
        "Date of birth: 14 MAY 1994",
        "Date of expiry: 03 MAR 2033",
        f"P<UKR{surname}<<OLENA<<<<<<<<<<<<<<<<<<<<<<<<",
        f"{number}<6UKR9405148F3303031<<<<<<<<<<<<<<04",
    ]
    return [data] + [[f"VISAS / page {i}"] for i in range(2, pages + 1)]


# ---------------------------------------------------------------------------------------------
# Hostile and damaged files for the upload gate (issue 3). Deterministic, built from scratch.
# ---------------------------------------------------------------------------------------------

import struct  # noqa: E402
import zlib  # noqa: E402

from pypdf.generic import (  # noqa: E402
    ArrayObject,
    ByteStringObject,
    NumberObject,
    TextStringObject,
)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb_bytes(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny PNG declaring width x height 8-bit grey pixels (a decompression bomb if decoded)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def png_with_bad_crc(path: Path) -> Path:
    """A real PNG whose IDAT CRC no longer matches its data."""
    data = bytearray(path.read_bytes() if path.exists() else b"")
    if not data:
        write_png(path)
        data = bytearray(path.read_bytes())
    pos = data.index(b"IDAT")
    length = struct.unpack(">I", data[pos - 4:pos])[0]
    crc_at = pos + 4 + length
    data[crc_at] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def truncate_file(path: Path, keep: float = 0.6) -> Path:
    """Cut a file to ``keep`` of its length (a download or scan that stopped half-way)."""
    data = path.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * keep))])
    return path


def _writer_with_page(text: str = "Document") -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("latin-1"))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(stream)
    return writer


def _save(writer: PdfWriter, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def write_encrypted_pdf(path: Path, *, user_password: str = "secret", owner_password: str = "owner") -> Path:
    """An RC4-128 encrypted PDF; ``user_password=""`` gives an owner-password-only (restrictions) file."""
    writer = _writer_with_page("Encrypted")
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    return _save(writer, path)


def write_active_pdf(path: Path, *, javascript: bool = False, launch: bool = False, attachment: bool = False,
                     form_field: bool = False, xfa: bool = False) -> Path:
    """A PDF with the chosen active features."""
    writer = _writer_with_page("Active")
    root = writer._root_object
    if javascript:
        js = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('x');")})
        root[NameObject("/OpenAction")] = writer._add_object(js)
    if launch:
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"),
                                   NameObject("/F"): TextStringObject("calc.exe")})
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})
    if attachment:
        writer.add_attachment("note.txt", b"hidden attachment")
    if form_field or xfa:
        field = DictionaryObject({NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("name"),
                                  NameObject("/V"): TextStringObject("Olena")})
        form = DictionaryObject({NameObject("/Fields"): ArrayObject([writer._add_object(field)])})
        if xfa:
            xfa_stream = DecodedStreamObject()
            xfa_stream.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
            form[NameObject("/XFA")] = writer._add_object(xfa_stream)
        root[NameObject("/AcroForm")] = writer._add_object(form)
    return _save(writer, path)


def write_signature_field_pdf(path: Path, *, signed: bool) -> Path:
    """A PDF with one signature field: with a signature value (/ByteRange, /Contents) when ``signed``,
    else empty (a field waiting to be signed). The signature bytes are placeholders: detection only."""
    writer = _writer_with_page("Signed" if signed else "To be signed")
    field = DictionaryObject({NameObject("/FT"): NameObject("/Sig"), NameObject("/T"): TextStringObject("Signature1"),
                              NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
                              NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4)})
    if signed:
        value = DictionaryObject({
            NameObject("/Type"): NameObject("/Sig"), NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
            NameObject("/SubFilter"): NameObject("/ETSI.CAdES.detached"),
            NameObject("/ByteRange"): ArrayObject([NumberObject(n) for n in (0, 100, 200, 300)]),
            NameObject("/Contents"): ByteStringObject(b"\x30\x82" + b"\x00" * 62),
        })
        field[NameObject("/V")] = writer._add_object(value)
    ref = writer._add_object(field)
    writer.pages[0][NameObject("/Annots")] = ArrayObject([ref])
    writer._root_object[NameObject("/AcroForm")] = writer._add_object(DictionaryObject({
        NameObject("/Fields"): ArrayObject([ref]), NameObject("/SigFlags"): NumberObject(3 if signed else 0)}))
    return _save(writer, path)


def flate_bomb_pdf_bytes(inflated_bytes: int = 120_000_000) -> bytes:
    """A one-page PDF whose content stream inflates to ``inflated_bytes`` (a few hundred KB on disk)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(inflated_bytes // len(chunk))) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    return _assemble_pdf(objects)


def deep_page_tree_pdf_bytes(depth: int = 150) -> bytes:
    """A PDF whose page tree nests ``depth`` levels of /Pages before the one page (hostile structure)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        num = 2 + level
        parent = b"" if level == 0 else b" /Parent %d 0 R" % (num - 1)
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1%s >>" % (num + 1, parent))
    objects.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] >>" % (1 + depth))
    return _assemble_pdf(objects)


def no_pages_pdf_bytes() -> bytes:
    """A well-formed PDF with an empty page tree."""
    return _assemble_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _assemble_pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------------------------------------
# Inside the attachments (issue 6): text layers in any script, signed PDFs, photos with metadata
# ---------------------------------------------------------------------------------------------

_IDENTITY_TOUNICODE = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 beginbfrange
<0000> <FFFF> <0000>
endbfrange
endcmap
CMapName currentdict /CMapResource defineresource pop
end
end
"""


def write_unicode_text_pdf(path: Path, lines: list[str], *, pages: int = 1) -> Path:
    """A PDF whose text layer holds ``lines`` in any script of the Basic Multilingual Plane (Polish,
    Cyrillic, Georgian, Arabic, Vietnamese...): a composite font with 2-byte codes equal to the
    code points and an identity /ToUnicode map. The glyphs are not embedded (a viewer shows
    placeholders); the text is what extraction, and so the language check, sees."""
    writer = PdfWriter()
    cmap = DecodedStreamObject()
    cmap.set_data(_IDENTITY_TOUNICODE)
    descendant = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): NameObject("/ArialUnicodeMS"),
        NameObject("/CIDSystemInfo"): DictionaryObject({
            NameObject("/Registry"): TextStringObject("Adobe"), NameObject("/Ordering"): TextStringObject("Identity"),
            NameObject("/Supplement"): NumberObject(0)}),
        NameObject("/DW"): NumberObject(600),
    })
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type0"),
        NameObject("/BaseFont"): NameObject("/ArialUnicodeMS"), NameObject("/Encoding"): NameObject("/Identity-H"),
        NameObject("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
        NameObject("/ToUnicode"): writer._add_object(cmap),
    })
    font_ref = writer._add_object(font)
    for n in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        ops = [b"BT", b"/F1 11 Tf", b"14 TL", b"72 770 Td"]
        for line in lines + ([f"{n + 1} / {pages}"] if pages > 1 else []):
            ops.append(b"<" + line.encode("utf-16-be").hex().encode("ascii") + b"> Tj T*")
        ops.append(b"ET")
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({
            NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})})
    writer.add_metadata({"/Producer": "mosprecheck test factory", "/CreationDate": "D:20261001093000Z"})
    return _save(writer, path)


def write_photo(path: Path, width: int = 684, height: int = 883, *, mode: str = "RGB", fmt: str = "JPEG",
                exif_datetime: str | None = None, exif_tag: str = "DateTimeOriginal", quality: int = 90,
                noise: bool = False, orientation: int | None = None) -> Path:
    """A portrait photo of any size, image mode and format, with an EXIF date in the chosen tag
    (``DateTimeOriginal`` / ``DateTimeDigitized`` in the Exif IFD, or ``DateTime`` in IFD0), or none.
    ``noise`` makes the JPEG incompressible (to reach a file size). ``orientation``: an EXIF
    orientation tag; 6 or 8 with ``width > height`` is a phone's portrait photo stored on its side
    (the portrait is drawn turned a quarter, so that the tag shows it upright)."""
    if orientation in (5, 6, 7, 8) and width > height:
        img = photo_image(height, width).transpose(Image.Transpose.ROTATE_90 if orientation in (6, 7)
                                                   else Image.Transpose.ROTATE_270)
    else:
        img = photo_image(width, height)
    if noise:
        rng = random.Random(width * 31 + height)
        img = Image.blend(img, Image.frombytes("RGB", img.size, rng.randbytes(width * height * 3)), 0.5)
    if mode != "RGB":
        img = img.convert(mode)
    kwargs: dict = {}
    if exif_datetime or orientation:
        exif = Image.Exif()
        if exif_datetime and exif_tag == "DateTime":
            exif[0x0132] = exif_datetime
        elif exif_datetime:
            exif.get_ifd(0x8769)[{"DateTimeOriginal": 0x9003, "DateTimeDigitized": 0x9004}[exif_tag]] = exif_datetime
        if orientation:
            exif[0x0112] = orientation
        kwargs["exif"] = exif.tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "JPEG":
        img.save(path, "JPEG", quality=quality, **kwargs)
    else:
        img.save(path, fmt, **kwargs)
    return path


def write_scan_pdf_at(path: Path, pages: list[list[str]], *, dpi: float, page_mm: tuple[float, float] = (125, 88)
                      ) -> Path:
    """A scanned PDF whose page images are drawn at ``dpi`` on pages of ``page_mm`` (width, height;
    a passport spread by default): the pixel size follows from the page size and the resolution."""
    size = (max(1, round(page_mm[0] / 25.4 * dpi)), max(1, round(page_mm[1] / 25.4 * dpi)))
    images = [scan_page(lines, size=size, seed=i) for i, lines in enumerate(pages)]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi), quality=60,
                   title="scan", creationDate=FIXED_DATE.timetuple(), modDate=FIXED_DATE.timetuple())
    return path


def byte_range_signed_pdf_bytes(*, updated: bool = False, signing_time: str = "D:20261001093000+02'00'") -> bytes:
    """A one-page PDF with a signature field whose /ByteRange covers the whole file except the
    /Contents hex string, as a signer writes it (the /Contents is a placeholder, not a real CMS:
    structure only). ``updated``: an incremental update (a new object, xref section and trailer) is
    appended after signing, as an editor saving the file again does."""
    placeholder = b"[0 0000000000 0000000000 0000000000]"
    contents = b"<" + b"0" * 256 + b">"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
        b"<< /FT /Sig /T (Signature1) /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R /V 5 0 R >>",
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /Name (Test Signer) /M ("
        + signing_time.encode("ascii") + b") /ByteRange " + placeholder + b" /Contents " + contents + b" >>",
    ]
    data = bytearray(_assemble_pdf(objects))
    start = data.index(b"/Contents <") + len(b"/Contents ")
    end = start + len(contents)
    byte_range = b"[0 %010d %010d %010d]" % (start, end, len(data) - end)
    at = data.index(placeholder)
    data[at:at + len(placeholder)] = byte_range
    if updated:
        import re as _re

        prev = int(_re.findall(rb"startxref\s+(\d+)", bytes(data))[-1])
        offset = len(data)
        obj = b"6 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (added later) >>\nendobj\n"
        xref = offset + len(obj)
        data += obj + (b"xref\n6 1\n%010d 00000 n \ntrailer\n<< /Size 7 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n"
                       b"%%%%EOF\n" % (offset, prev, xref))
    return bytes(data)


def sign_pdf_with_pyhanko(source: Path, target: Path, workdir: Path) -> Path:
    """Sign ``source`` with a throw-away self-signed certificate through pyHanko (the ``signatures``
    extra; the caller skips when it is not installed). A real CMS signature over the whole file."""
    import datetime as _dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Employer")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(_dt.datetime(2026, 1, 1)).not_valid_after(_dt.datetime(2036, 1, 1))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    key_file, cert_file = workdir / "key.pem", workdir / "cert.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    with open(source, "rb") as inf:
        writer = IncrementalPdfFileWriter(inf)
        meta = signers.PdfSignatureMetadata(field_name="Signature1")
        with open(target, "wb") as outf:
            signers.sign_pdf(writer, meta, signer=signer, output=outf)
    return target


def mrz_check_digit(field: str) -> str:
    """The ICAO Doc 9303 check digit (weights 7, 3, 1; modulo 10), written independently of the code
    under test."""
    values = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
    return str(sum(values[ch] * w for ch, w in zip(field, [7, 3, 1] * 20)) % 10)


def td3_mrz(surname: str, given: str, number: str, birth: str, expiry: str, nationality: str, sex: str) -> list[str]:
    """The two 44-character lines of a passport's machine-readable zone (ICAO Doc 9303 part 4) with
    valid check digits. ``birth``/``expiry`` as YYMMDD; names in capital Latin letters (spaces and
    hyphens become fillers)."""
    def name(text: str) -> str:
        return "".join(ch if ch.isalpha() else "<" for ch in text.upper())

    top = f"P<{nationality}{name(surname)}<<{name(given)}".ljust(44, "<")[:44]
    num = number.ljust(9, "<")[:9]
    bottom = num + mrz_check_digit(num) + nationality + birth + mrz_check_digit(birth) + sex + expiry \
        + mrz_check_digit(expiry) + "<" * 14 + "<"
    bottom += mrz_check_digit(bottom[0:10] + bottom[13:20] + bottom[21:43])
    return [top, bottom]


def zip_folder(folder: Path, *, prefix: str = "") -> bytes:
    """The files below ``folder`` zipped (deflated, sorted), each under ``prefix`` + its relative path."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, prefix + path.relative_to(folder).as_posix())
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Invisible text layers and files hidden inside accepted ones (issue 11: gate2)
# ---------------------------------------------------------------------------------------------

def _jpeg_bytes(img: Image.Image, quality: int = 70) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def layered_pdf_bytes(pages: list[dict]) -> bytes:
    """A PDF whose pages each draw an optional JPEG image over the whole page (``image``: a Pillow
    image, or ``jpeg``: its bytes as they are) and an optional text layer (``text``: lines) in text
    render mode ``mode`` (0 visible, 3 invisible as in an OCR layer, 7 clip only; None: no ``Tr``, the
    mode in effect is kept) at font size
    ``size`` (``form``: drawn through a form XObject); ``font``: declare the font /F1 without drawing text;
    ``prefix``: raw content operators before everything else; ``extra``: raw content operators
    appended. Page size ``w_pt`` x ``h_pt`` (A4)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font = None
    kids = []
    for spec in pages:
        w, h = spec.get("w_pt", 595), spec.get("h_pt", 842)
        page_no = len(objects) + 1
        kids.append(page_no)
        objects.append(b"")
        resources, content = b"", spec.get("prefix", b"")
        data = spec.get("jpeg") if spec.get("jpeg") is not None else (
            _jpeg_bytes(spec["image"]) if spec.get("image") is not None else None)
        if data is not None:
            width, height = spec["image"].size if spec.get("image") is not None else spec["pixels"]
            objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
                           b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (width, height, len(data))
                           + data + b"\nendstream")
            resources += b"/XObject << /Im0 %d 0 R >>" % len(objects)
            content += b"q %d 0 0 %d 0 0 cm /Im0 Do Q\n" % (w, h)
        if spec.get("text") or spec.get("font"):
            if font is None:
                objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
                font = len(objects)
            resources += b" /Font << /F1 %d 0 R >>" % font
        if spec.get("text"):
            mode = spec.get("mode", 0)
            text = (b"BT " + (b"%d Tr " % mode if mode is not None else b"")
                    + b"/F1 %s Tf 14 TL 40 %d Td " % (str(spec.get("size", 11)).encode(), h - 60))
            for line in spec["text"]:
                escaped = line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                text += b"(" + escaped + b") Tj T* "
            text += b"ET\n"
            if spec.get("form"):  # the text layer drawn through a form XObject
                objects.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /F1 %d 0 R >> >> "
                               b"/Length %d >>\nstream\n" % (w, h, font, len(text)) + text + b"\nendstream")
                resources = resources.replace(b"/XObject << ", b"/XObject << /Fm0 %d 0 R " % len(objects)) \
                    if b"/XObject" in resources else resources + b" /XObject << /Fm0 %d 0 R >>" % len(objects)
                content += b"/Fm0 Do\n"
            else:
                content += text
        content += spec.get("extra", b"")
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects[page_no - 1] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << %s >> /Contents %d 0 R >>"
                                % (w, h, resources, len(objects)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _assemble_pdf(objects)


def small_zip_bytes(name: str = "payload.html", content: bytes = b"<html><script>alert(1)</script></html>") -> bytes:
    """A small, valid ZIP archive (what polyglots carry)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, content)
    return buf.getvalue()


def pdf_with_incremental_update(data: bytes, *, gap: bytes = b"") -> bytes:
    """``data`` (a PDF with a classic xref table) with a valid incremental update appended: a new
    Info object, its xref section and a trailer pointing back (``/Prev``); ``gap``: bytes put between
    the old ``%%EOF`` and the update (a hiding place readers skip)."""
    import re as _re

    prev = int(_re.findall(rb"startxref\s+(\d+)", data)[-1])
    size = int(_re.findall(rb"/Size (\d+)", data)[-1])
    root = _re.findall(rb"/Root (\d+ \d+ R)", data)[-1]
    out = bytearray(data + gap + (b"\n" if gap else b""))
    offset = len(out)
    out += b"%d 0 obj\n<< /Producer (incremental update) >>\nendobj\n" % size
    xref = len(out)
    out += (b"xref\n%d 1\n%010d 00000 n \ntrailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, offset, size + 1, root, size, prev, xref))
    return bytes(out)


def jpeg_with_segment(data: bytes, payload: bytes, *, marker: int = 0xE9) -> bytes:
    """The JPEG ``data`` with one more marker segment (APP9 by default; 0xFE: a comment) holding
    ``payload`` (at most 65,533 bytes) right after its start marker."""
    assert data[:2] == b"\xff\xd8" and len(payload) <= 65_533
    return data[:2] + bytes([0xFF, marker]) + (len(payload) + 2).to_bytes(2, "big") + payload + data[2:]


def exif_with_thumbnail(thumbnail: bytes) -> bytes:
    """An EXIF block (for ``Image.save(exif=...)``) whose IFD1 carries a JPEG thumbnail, as cameras
    write it: a JPEG inside the JPEG's APP1 segment."""
    import struct

    ifd0 = struct.pack("<H", 0) + struct.pack("<I", 8 + 6)  # no entries; IFD1 follows
    ifd1 = struct.pack("<H", 2)
    data_at = 8 + 6 + 2 + 2 * 12 + 4
    ifd1 += struct.pack("<HHII", 0x0201, 4, 1, data_at) + struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail))
    ifd1 += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd0 + ifd1 + thumbnail
