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


def test_a_worker_that_dies_between_files_never_pairs_one_file_with_anothers_answer(tmp_path):
    """The worker is killed after the first file; the second file's send fails, the third starts a
    new worker: every queued file is sent to it in order, and each gets its own facts."""
    import os
    import signal
    import time

    from PIL import Image

    from mosprecheck.inventory.checker.inspector import WorkerSlot

    paths = []
    for size in (11, 22, 33):
        path = tmp_path / f"{size}.png"
        Image.new("RGB", (size, size)).save(path)
        paths.append(path)

    def submit(slot, key, path):
        st = os.stat(path)
        slot.submit(key, os.fsencode(path), "png", header_offset=None, dev=st.st_dev, ino=st.st_ino)

    slot = WorkerSlot(start_method="fork", time_limit=5)
    submit(slot, 0, paths[0])
    slot._pump(block=True)
    os.kill(slot._pid, signal.SIGKILL)
    time.sleep(0.2)
    submit(slot, 1, paths[1])
    submit(slot, 2, paths[2])
    results = slot.finish()
    sizes = {key: (results[key].image.width if results[key].image else results[key].unverified) for key in (0, 1, 2)}
    assert sizes == {0: 11, 1: 22, 2: 33}
