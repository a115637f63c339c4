"""A PDF's electronic signatures: what each signature dictionary says (field, /SubFilter, /Name, /M,
/ByteRange and whether it reaches the end of the file); with the optional ``signatures`` extra
(pyHanko, imported only when a signature was found), whether the signed bytes still match and what
changed after signing."""

from __future__ import annotations

import dataclasses
import io
from typing import Any

from ...facts import SignatureFacts
from ..bounds import Buffer, BufferReader, _OutOfTime, _quiet, _time_budget, cpu_now
from .objects import _name, _resolve

#: Bytes after the signed range still counted as "to the end": a final end-of-line.
_TRAILING_SLACK = 2


def _pdf_date(value: Any) -> str | None:
    """A PDF date string (``D:20261001093000+02'00'``) as ISO 8601, or None."""
    text = _name(value)
    if not text:
        return None
    try:
        from pypdf._utils import parse_iso8824_date

        parsed = parse_iso8824_date(text)
        return parsed.isoformat() if parsed is not None else None
    except Exception:
        return None


def _signature_facts(name: str | None, value: Any, data: Buffer, size: int) -> SignatureFacts:
    """What the signature dictionary says, and whether its /ByteRange reaches the end of the file."""
    sub = _name(value.get("/SubFilter"))
    kind = "timestamp" if _name(value.get("/Type")) == "/DocTimeStamp" or sub == "/ETSI.RFC3161" else "signature"
    signer = _name(value.get("/Name"))
    byte_range: tuple[int, ...] | None = None
    ok = covers = None
    uncovered = None
    raw = _resolve(value.get("/ByteRange"))
    if isinstance(raw, list):
        try:
            byte_range = tuple(int(_resolve(n)) for n in raw[:16])
        except (TypeError, ValueError):
            byte_range = None
    if byte_range is not None:
        ok = (len(byte_range) == 4 and all(n >= 0 for n in byte_range) and byte_range[0] == 0
              and byte_range[1] <= byte_range[2] and byte_range[2] + byte_range[3] <= size)
        if ok:
            gap = bytes(data[byte_range[1]:byte_range[2]]).strip()
            ok = gap.startswith(b"<") and gap.endswith(b">")  # the gap is exactly the /Contents hex string
            end = byte_range[2] + byte_range[3]
            tail = bytes(data[end:end + 64])
            uncovered = size - end
            covers = uncovered <= _TRAILING_SLACK and not tail.strip()
        else:
            ok = False
    return SignatureFacts(field=name, kind=kind, sub_filter=sub.lstrip("/") if sub else None,
                          signer_name=signer or None, signing_time=_pdf_date(value.get("/M")),
                          byte_range=byte_range, byte_range_ok=ok, covers_to_end=covers,
                          uncovered_bytes=uncovered)


def _analyse_signatures(data: Buffer, details: tuple[SignatureFacts, ...], deadline: float
                        ) -> tuple[SignatureFacts, ...]:
    """With pyHanko installed (the ``signatures`` extra): integrity, coverage and modification
    analysis of each signature, matched to the pypdf details by byte range. Without it, or when it
    fails, the details are returned unchanged (``checked`` stays False)."""
    try:
        with _quiet("pyhanko", "pyhanko_certvalidator"), _time_budget(deadline - cpu_now()):
            try:
                from pyhanko.pdf_utils.reader import PdfFileReader
            except ImportError:
                return details
            stream = io.BytesIO(data) if isinstance(data, bytes) else io.BufferedReader(BufferReader(data))
            reader = PdfFileReader(stream, strict=False)
            results: dict[tuple[int, ...], dict[str, Any]] = {}
            for sig in reader.embedded_signatures:
                try:
                    key = tuple(int(n) for n in sig.byte_range)
                except Exception:
                    continue
                results[key] = _hanko_one(sig)
    except _OutOfTime:
        return details
    except ImportError:
        return details
    except Exception:
        return details
    out = []
    for d in details:
        found = results.get(d.byte_range or ())
        if found is None:
            out.append(d)
        else:
            out.append(dataclasses.replace(d, **{**found, "signer_name": d.signer_name or found.get("signer_name"),
                                                 "signing_time": d.signing_time or found.get("signing_time")}))
    return tuple(out)


def _hanko_one(sig: Any) -> dict[str, Any]:
    """pyHanko's integrity facts of one embedded signature (no trust, revocation or network)."""
    from pyhanko.sign.diff_analysis import DiffResult
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    out: dict[str, Any] = {"checked": True}
    try:
        sig.compute_integrity_info()
        info = sig.summarise_integrity_info()
        coverage = info.get("coverage")
        out["coverage"] = coverage.name.lower() if coverage is not None else None
        diff = info.get("diff_result")
        if isinstance(diff, DiffResult):
            out["modification"] = diff.modification_level.name.lower()
        elif diff is not None:  # SuspiciousModification: a change the policy cannot explain
            out["modification"] = "other"
        elif coverage is not None and coverage.name == "ENTIRE_FILE":
            out["modification"] = "none"
    except Exception:
        return out
    try:
        if str(sig.sig_object_type) == "/DocTimeStamp":
            imprint = sig.signed_data["encap_content_info"]["content"].parsed["message_imprint"]
            out["intact"] = bytes(imprint["hashed_message"].native) == sig.compute_digest()
        else:
            content_type = sig.signed_data["encap_content_info"]["content_type"].native
            intact, valid = validate_sig_integrity(sig.signer_info, sig.signer_cert,
                                                   expected_content_type=content_type,
                                                   actual_digest=sig.compute_digest())
            out["intact"] = bool(intact and valid)
    except Exception:
        out["intact"] = None
    try:
        cert = sig.signer_cert
        out["signer_name"] = cert.subject.native.get("common_name") if cert is not None else None
    except Exception:
        out["signer_name"] = None
    try:
        when = sig.self_reported_timestamp
        out["signing_time"] = when.isoformat() if when is not None else None
    except Exception:
        out["signing_time"] = None
    return out
