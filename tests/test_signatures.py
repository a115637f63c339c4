"""Electronic signatures (issue 6): details with pypdf, integrity and changes after signing with
pyHanko (the ``signatures`` extra, run in the bounded worker), and the documents that must carry one."""

from __future__ import annotations

import builtins
import datetime as dt

import factories as fx
import pytest
from conftest import AS_OF, CORPUS, write_application

import mosprecheck
from mosprecheck.inventory.worker import inspect_pdf
from mosprecheck.report.models import Category

SIGNED = sorted((CORPUS / "pdf-signed").glob("*.pdf")) if (CORPUS / "pdf-signed").is_dir() else []
SIG_CODES = ("P012", "P070", "P071", "P072", "P073", "P074")

try:
    import pyhanko  # noqa: F401

    HAVE_PYHANKO = True
except ImportError:
    HAVE_PYHANKO = False
needs_pyhanko = pytest.mark.skipif(not HAVE_PYHANKO, reason="the signatures extra (pyHanko) is not installed")


@pytest.fixture
def without_pyhanko(monkeypatch):
    """Make ``import pyhanko...`` fail, as on an installation without the extra."""
    real = builtins.__import__

    def _import(name, *args, **kwargs):
        if name.startswith("pyhanko"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", _import)


def _codes(report, path):
    return sorted(d.code for d in report.defects if d.file == path and d.code in SIG_CODES)


# --- facts -----------------------------------------------------------------------------------------


def test_signature_dictionary_details_and_a_byte_range_to_the_end(without_pyhanko):
    facts = inspect_pdf(fx.byte_range_signed_pdf_bytes())
    (s,) = facts.signature_details
    assert (s.field, s.kind, s.sub_filter, s.signer_name) == ("Signature1", "signature", "ETSI.CAdES.detached",
                                                               "Test Signer")
    assert s.signing_time == "2026-10-01T09:30:00+02:00" and s.byte_range[0] == 0 and len(s.byte_range) == 4
    assert s.byte_range_ok and s.covers_to_end and s.uncovered_bytes == 0 and not s.checked


def test_an_update_after_signing_leaves_bytes_uncovered(without_pyhanko):
    (s,) = inspect_pdf(fx.byte_range_signed_pdf_bytes(updated=True)).signature_details
    assert s.byte_range_ok and s.covers_to_end is False and s.uncovered_bytes > 100


def test_an_empty_signature_field_is_not_a_signature(tmp_path):
    pdf = fx.write_signature_field_pdf(tmp_path / "unsigned.pdf", signed=False)
    facts = inspect_pdf(pdf.read_bytes())
    assert facts.signatures == () and facts.signature_details == ()


@pytest.mark.corpus
@pytest.mark.skipif(not SIGNED, reason="shared corpus absent")
@pytest.mark.parametrize("path", SIGNED, ids=[p.name for p in SIGNED])
def test_every_signed_corpus_file_is_recognised_as_signed(path):
    facts = inspect_pdf(path.read_bytes())
    assert facts.error is None and facts.signature_details
    assert len(facts.signature_details) == len(facts.signatures)
    assert any(s.kind == "signature" and s.byte_range_ok for s in facts.signature_details)
    # A document timestamp (RFC 3161) keeps its time inside the token, which only pyHanko reads;
    # a signature's /M is read by pypdf.
    assert all(s.signing_time for s in facts.signature_details if s.kind == "signature" or HAVE_PYHANKO)
    if HAVE_PYHANKO:
        assert all(s.checked and s.intact for s in facts.signature_details), facts.signature_details


@pytest.mark.corpus
@pytest.mark.skipif(not SIGNED, reason="shared corpus absent")
def test_the_corpus_tail_uncovered_file_is_reported_as_changed_after_signing(tmp_path):
    (tmp_path / "signed.pdf").write_bytes((CORPUS / "pdf-signed" / "pyhanko__tail-uncovered.pdf").read_bytes())
    report = mosprecheck.check(tmp_path, as_of=AS_OF)
    expected = ["P012", "P072"] if HAVE_PYHANKO else ["P012", "P071"]
    assert _codes(report, "signed.pdf") == expected


@pytest.mark.corpus
@pytest.mark.skipif(not SIGNED, reason="shared corpus absent")
def test_validation_data_and_later_signatures_are_not_changes(tmp_path):
    for name in ("pyhanko__pades-lta-dss-indirect-arrs-test.pdf", "pyhanko__minimal-two-fields-signed-twice.pdf"):
        (tmp_path / name).write_bytes((CORPUS / "pdf-signed" / name).read_bytes())
    report = mosprecheck.check(tmp_path, as_of=AS_OF)
    twice = _codes(report, "pyhanko__minimal-two-fields-signed-twice.pdf")
    lta = _codes(report, "pyhanko__pades-lta-dss-indirect-arrs-test.pdf")
    assert twice == ["P012"]  # the last signature covers the file
    assert lta == (["P012"] if HAVE_PYHANKO else ["P012", "P071"])  # a DSS update after the timestamp


def test_without_the_extra_an_update_is_reported_as_not_analysed(tmp_path, without_pyhanko):
    (tmp_path / "updated.pdf").write_bytes(fx.byte_range_signed_pdf_bytes(updated=True))
    (tmp_path / "whole.pdf").write_bytes(fx.byte_range_signed_pdf_bytes())
    report = mosprecheck.check(tmp_path, as_of=AS_OF)
    assert _codes(report, "updated.pdf") == ["P012", "P071"] and _codes(report, "whole.pdf") == ["P012"]
    d = next(d for d in report.defects if d.code == "P071")
    assert d.category is Category.ADVISORY and d.ctx["uncovered"] > 100


@needs_pyhanko
def test_a_real_signature_is_intact_and_a_changed_byte_breaks_it(tmp_path):
    fx.write_text_pdf(tmp_path / "doc.pdf", ["Zalacznik nr 1"])
    signed = fx.sign_pdf_with_pyhanko(tmp_path / "doc.pdf", tmp_path / "signed.pdf", tmp_path)
    (s,) = inspect_pdf(signed.read_bytes()).signature_details
    assert s.checked and s.intact and s.coverage == "entire_file" and s.modification == "none"
    assert s.signer_name == "Test Employer" and s.covers_to_end
    raw = bytearray(signed.read_bytes())
    raw[raw.index(b"Zalacznik")] = ord("X")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "tampered.pdf").write_bytes(bytes(raw))
    (tmp_path / "pkg" / "signed.pdf").write_bytes(signed.read_bytes())
    report = mosprecheck.check(tmp_path / "pkg", as_of=AS_OF)  # through the isolated worker (mmap)
    assert _codes(report, "tampered.pdf") == ["P012", "P073"] and _codes(report, "signed.pdf") == ["P012"]


# --- documents that must be e-signed -----------------------------------------------------------------


def _annex(folder, app, make, as_of=AS_OF):
    make(folder / "annex-1.pdf")
    app["documents"].append({"file": "annex-1.pdf", "kind": "annex_1", "language": "pl"})
    write_application(folder, app)
    return mosprecheck.check(folder, as_of=as_of)


def test_an_unsigned_annex_1_is_a_formal_defect(work_package, work_application):
    report = _annex(work_package, work_application, lambda p: fx.write_text_pdf(p, ["Zalacznik nr 1"]))
    d = next(d for d in report.defects if d.code == "P070")
    assert d.category is Category.FORMAL_DEFECT and d.ctx["reason"] == "unsigned" and not report.ready_to_file
    assert "Annex 1" in d.message["en"] and "додаток № 1" in d.message["uk"]


def test_an_annex_1_with_an_empty_signature_field_is_unsigned(work_package, work_application):
    report = _annex(work_package, work_application, lambda p: fx.write_signature_field_pdf(p, signed=False))
    assert "P070" in report.codes


def test_a_photographed_annex_1_cannot_carry_a_signature(work_package, work_application):
    fx.write_jpeg(work_package / "annex-1.jpg", fx.scan_page(["Zalacznik nr 1"]))
    work_application["documents"].append({"file": "annex-1.jpg", "kind": "annex_1", "language": "pl"})
    write_application(work_package, work_application)
    report = mosprecheck.check(work_package, as_of=AS_OF)
    assert next(d for d in report.defects if d.code == "P070").ctx["reason"] == "image"


def test_a_signed_annex_1_passes(work_package, work_application):
    report = _annex(work_package, work_application, lambda p: p.write_bytes(fx.byte_range_signed_pdf_bytes()))
    assert not {"P070", "P074"} & set(report.codes)


def test_an_annex_1_with_a_malformed_byte_range_is_not_signed_in_substance(work_package, work_application):
    report = _annex(work_package, work_application, lambda p: fx.write_signature_field_pdf(p, signed=True))
    assert "P074" in report.codes and "P070" not in report.codes and not report.ready_to_file


@needs_pyhanko
def test_a_tampered_annex_1_is_a_formal_defect(work_package, work_application, tmp_path):
    fx.write_text_pdf(tmp_path / "doc.pdf", ["Zalacznik nr 1"])
    signed = fx.sign_pdf_with_pyhanko(tmp_path / "doc.pdf", tmp_path / "signed.pdf", tmp_path)
    raw = bytearray(signed.read_bytes())
    raw[raw.index(b"Zalacznik")] = ord("X")
    report = _annex(work_package, work_application, lambda p: p.write_bytes(bytes(raw)))
    assert "P074" in report.codes and "P073" not in report.codes  # one cause, reported once


def test_no_e_signature_was_required_under_the_paper_regime(work_package, work_application):
    work_application["filing_date"] = "2026-03-02"
    work_application["legal_stay_until"] = "2026-04-30"
    report = _annex(work_package, work_application, lambda p: fx.write_text_pdf(p, ["Zalacznik nr 1"]),
                    as_of=dt.date(2026, 3, 1))
    assert "P070" not in report.codes
