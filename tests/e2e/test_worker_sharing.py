"""How the inspector shares files between its workers (issue 11: fast for small packages, parallel
for large ones)."""

from __future__ import annotations

import factories as fx

from mosprecheck.inventory import Inspector, walk_package
from mosprecheck.inventory.checker import inspector as inspector_mod


def _walk(folder, **kwargs):
    with Inspector(workers=2, **kwargs) as inspector:
        files = list(walk_package(folder, inspector=inspector))
        starts = [slot._starts for slot in inspector._slots]
    return files, starts


def test_a_small_package_is_inspected_by_one_worker(tmp_path):
    for i in range(5):
        fx.write_text_pdf(tmp_path / f"doc-{i}.pdf", [f"Dokument {i}"])
    fx.write_jpeg(tmp_path / "photo.jpg")
    files, starts = _walk(tmp_path)
    assert starts == [1, 0]
    assert all(f.pdf is not None and f.pdf.error is None for f in files if f.path.endswith(".pdf"))
    assert all(f.image is not None for f in files if f.path.endswith(".jpg"))


def test_a_large_package_is_shared_by_two_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(inspector_mod, "SECOND_WORKER_AFTER", 1)
    for i in range(4):
        fx.write_text_pdf(tmp_path / f"doc-{i}.pdf", [f"Dokument {i}"])
    files, starts = _walk(tmp_path)
    assert starts == [1, 1]
    assert len(files) == 4 and all(f.pdf is not None and f.pdf.error is None for f in files)
