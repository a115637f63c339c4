"""Other files hidden inside an accepted PDF, JPEG or PNG, not only appended after its end (issue 11):
the corpus policy blocks polyglots wherever the other file sits (P013 for PDFs, I004 for images,
with ``where`` naming the place). Legitimate structures stay clean: incremental updates (signed
PDFs), EXIF thumbnails, XMP, ICC profiles, multi-picture JPEGs, PNG text chunks."""

from __future__ import annotations

import io
import re

import factories as fx
import pytest
from conftest import AS_OF
from PIL import ImageCms, PngImagePlugin

import mosprecheck
from mosprecheck.inventory.worker import inspect_image, inspect_pdf
from mosprecheck.inventory.worker.trailing import jpeg_segments_hold_file, opens_as_zip, pdf_between_updates
from mosprecheck.report.models import Category

HTML = b"<html><body><script>alert(1)</script></body></html>"


def _photo_jpeg(**save) -> bytes:
    buf = io.BytesIO()
    fx.photo_image().save(buf, "JPEG", quality=90, **save)
    return buf.getvalue()


def _only(report, code, file):
    found = [d for d in report.defects if d.code == code and d.file == file]
    assert len(found) == 1, [(d.code, d.file) for d in report.defects]
    return found[0]


# --- PDFs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("gap", "kind"), [(fx.small_zip_bytes(), "zip"), (HTML, "html")])
def test_a_file_between_eof_and_a_valid_incremental_update_is_blocked(work_package, gap, kind):
    """The audit's ``stamp-zip-then-valid-incremental-update`` and its HTML twin: the PDF opens
    cleanly (a valid update follows the hidden file), so nothing after the last %%EOF betrays it."""
    path = work_package / "stamp-duty-440.pdf"
    path.write_bytes(fx.pdf_with_incremental_update(path.read_bytes(), gap=gap))
    facts = inspect_pdf(path.read_bytes())
    assert facts.opened and facts.error is None
    assert (facts.appended, facts.appended_where) == (kind, "between_updates")
    report = mosprecheck.check(work_package, as_of=AS_OF)
    d = _only(report, "P013", "stamp-duty-440.pdf")
    assert d.category is Category.UPLOAD_BLOCKER and not report.ready_to_file
    assert d.ctx["where"] == "between_updates" and d.ctx["appended"] == kind.upper()
    assert "later update" in d.message["en"] and "aktualizacją" in d.message["pl"]


def test_a_zip_after_the_end_of_a_page_image_is_blocked_naming_the_page(work_package):
    """The audit's ``pp-jpeg-zip-in-last-page-stream``: the ZIP rides inside the last page's JPEG
    stream, after its end marker; viewers show the page, archive programs open the file."""
    pages = [{"image": fx.scan_page(lines, size=(500, 710), seed=i)} for i, lines in enumerate(fx.passport_pages(pages=32))]
    pages[-1] = {"jpeg": fx._jpeg_bytes(pages[-1]["image"]) + fx.small_zip_bytes(), "pixels": (500, 710)}
    data = fx.layered_pdf_bytes(pages)
    facts = inspect_pdf(data)
    assert (facts.appended, facts.appended_where, facts.appended_page) == ("zip", "page_image", 32)
    assert facts.pages_legible == 32
    (work_package / "passport.pdf").write_bytes(data)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    d = _only(report, "P013", "passport.pdf")
    assert d.ctx == {"file": "passport.pdf", "appended": "ZIP", "where": "page_image", "page": 32}
    assert "page 32" in d.message["en"] and not report.ready_to_file


def test_a_pdf_in_a_page_images_metadata_segment_is_blocked():
    image = fx.scan_page(["VISAS"], size=(500, 710))
    jpeg = fx.jpeg_with_segment(fx._jpeg_bytes(image), fx.layered_pdf_bytes([{"text": ["x"]}]))
    facts = inspect_pdf(fx.layered_pdf_bytes([{"image": image}, {"jpeg": jpeg, "pixels": (500, 710)}]))
    assert (facts.appended, facts.appended_where, facts.appended_page) == ("pdf", "page_image", 2)


def test_a_pdf_that_opens_as_a_zip_is_blocked():
    """A ZIP hidden in a comment before the cross-reference table: the PDF opens, and its end holds
    the ZIP's directory, so an archive program opens it too."""
    data = fx.layered_pdf_bytes([{"text": ["Oplata skarbowa"]}])
    archive = fx.small_zip_bytes()
    # Placed in the body where no reader looks (a stream nobody refers to); startxref moved.
    body = data.index(b"xref\n")
    hidden = data[:body] + b"99 0 obj\n<< /Length %d >>\nstream\n" % len(archive) + archive + b"\nendstream\nendobj\n"
    shift = len(hidden) - body
    tail = data[body:]
    start = int(re.findall(rb"startxref\n(\d+)", tail)[-1])
    tail = tail.replace(b"startxref\n%d" % start, b"startxref\n%d" % (start + shift))
    data = hidden + tail
    assert opens_as_zip(data)
    facts = inspect_pdf(data)
    assert facts.opened and (facts.appended, facts.appended_where) == ("zip", "opens_as_zip")


def test_a_zip_after_the_last_eof_keeps_its_place():
    facts = inspect_pdf(fx.layered_pdf_bytes([{"text": ["x"]}]) + fx.small_zip_bytes())
    assert (facts.appended, facts.appended_where) == ("zip", None)


def test_incremental_updates_and_signed_pdfs_stay_clean(work_package):
    """A plain incremental update, several of them, a signed PDF and a signed PDF updated after
    signing: a %%EOF followed by an update is how PDFs grow, never another file."""
    stamp = work_package / "stamp-duty-440.pdf"
    once = fx.pdf_with_incremental_update(stamp.read_bytes())
    twice = fx.pdf_with_incremental_update(fx.pdf_with_incremental_update(once, gap=b"\r\n"))
    for data in (once, twice, fx.byte_range_signed_pdf_bytes(), fx.byte_range_signed_pdf_bytes(updated=True)):
        assert pdf_between_updates(data) is None
        facts = inspect_pdf(data)
        assert facts.appended is None and facts.appended_where is None
    stamp.write_bytes(twice)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert "P013" not in report.codes and report.ready_to_file


def test_an_eof_marker_inside_a_stream_is_not_an_update_boundary():
    """An embedded PDF attachment (uncompressed) holds its own %%EOF, followed by ``endstream``."""
    inner = fx.layered_pdf_bytes([{"text": ["attachment"]}])
    data = fx._assemble_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(inner) + inner + b"\nendstream",
    ])
    assert pdf_between_updates(data) is None and inspect_pdf(data).appended is None


# --- JPEG and PNG --------------------------------------------------------------------------------

@pytest.mark.parametrize(("payload", "marker", "kind"), [
    (fx.small_zip_bytes(), 0xE9, "zip"),
    (fx.layered_pdf_bytes([{"text": ["x"]}]), 0xE9, "pdf"),
    (fx.layered_pdf_bytes([{"text": ["x"]}]), 0xFE, "pdf"),
])
def test_a_file_inside_a_jpeg_metadata_segment_is_blocked(work_package, payload, marker, kind):
    """The audit's ``photo-zip-in-app-segment`` and ``photo-pdf-embedded-app-segment``."""
    data = fx.jpeg_with_segment((work_package / "photo.jpg").read_bytes(), payload, marker=marker)
    facts = inspect_image(data, "jpeg")
    assert facts.decoded and (facts.appended, facts.appended_where) == (kind, "app_segment")
    (work_package / "photo.jpg").write_bytes(data)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    d = _only(report, "I004", "photo.jpg")
    assert d.category is Category.UPLOAD_BLOCKER and d.ctx["where"] == "app_segment"
    assert d.ctx["appended"] == kind.upper() and "metadata" in d.message["en"] and not report.ready_to_file


def test_a_png_that_opens_as_a_zip_is_blocked():
    """A ZIP inside a private chunk before IEND: nothing follows the end, but the file's last bytes
    hold the ZIP's directory, so archive programs open it."""
    png = io.BytesIO()
    fx.scan_page(["Scan"], size=(200, 280)).save(png, "PNG")
    data = png.getvalue()
    iend = data.rindex(b"IEND") - 4
    data = data[:iend] + fx._png_chunk(b"ziPp", fx.small_zip_bytes()) + data[iend:]
    facts = inspect_image(data, "png")
    assert facts.decoded and (facts.appended, facts.appended_where) == ("zip", "opens_as_zip")


def test_legitimate_jpeg_metadata_is_not_another_file():
    """EXIF with a JPEG thumbnail, XMP, an ICC profile, a comment, and a multi-picture file (MPO:
    its further picture after the first one's end, declared in MPF)."""
    photo = fx.photo_image()
    thumbnail = fx._jpeg_bytes(photo.resize((120, 155)))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" pdf:Producer="Scanner"/></rdf:RDF></x:xmpmeta>'
           b'<?xpacket end="w"?>')
    mpo = io.BytesIO()
    photo.save(mpo, "MPO", save_all=True, append_images=[photo.resize((342, 441))])
    variants = {
        "exif-thumbnail": _photo_jpeg(exif=fx.exif_with_thumbnail(thumbnail)),
        "xmp": _photo_jpeg(xmp=xmp),
        "icc": _photo_jpeg(icc_profile=icc),
        "comment": _photo_jpeg(comment=b"Photo studio 2026"),
        "mpo": mpo.getvalue(),
    }
    assert b"\xff\xd8\xff" in variants["exif-thumbnail"][4:]  # the thumbnail is really inside
    for name, data in variants.items():
        facts = inspect_image(data, "jpeg")
        assert facts.decoded and facts.appended is None and facts.appended_where is None, name
        assert jpeg_segments_hold_file(data) is None and not opens_as_zip(data), name


def test_png_text_chunks_are_not_another_file():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "scanned 2026-10-01")
    info.add_text("Description", "passport " * 200, zip=True)
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>", zip=True)
    buf = io.BytesIO()
    fx.scan_page(["Scan"], size=(200, 280)).save(buf, "PNG", pnginfo=info)
    facts = inspect_image(buf.getvalue(), "png")
    assert facts.decoded and facts.appended is None and facts.appended_where is None


def test_a_stray_zip_signature_is_not_a_zip():
    """An end-of-central-directory signature whose directory does not parse (bytes that happen to
    read ``PK 05 06``) is not a ZIP: only a directory that really parses is."""
    data = _photo_jpeg()
    stray = data[:-2] + b"PK\x05\x06" + b"\x00\x00\x00\x00\x01\x00\x01\x00" + b"\x10\x00\x00\x00\x00\x10\x00\x00\x00\x00" + data[-2:]
    assert not opens_as_zip(stray)
    assert opens_as_zip(b"junk before " * 100 + fx.small_zip_bytes())
    assert not opens_as_zip(b"") and not opens_as_zip(b"PK\x05\x06")


def test_a_pdf_signed_with_pyhanko_stays_clean(tmp_path):
    """A real signature (pyHanko, the ``signatures`` extra): its incremental update follows the
    original %%EOF, and nothing is hidden between them."""
    pytest.importorskip("pyhanko")
    source = fx.write_text_pdf(tmp_path / "source.pdf", ["Umowa o prace"])
    signed = fx.sign_pdf_with_pyhanko(source, tmp_path / "signed.pdf", tmp_path)
    data = signed.read_bytes()
    assert data.count(b"%%EOF") >= 2
    facts = inspect_pdf(data)
    assert facts.signatures and facts.appended is None and facts.appended_where is None
    twice = fx.pdf_with_incremental_update(data)
    assert inspect_pdf(twice).appended is None
