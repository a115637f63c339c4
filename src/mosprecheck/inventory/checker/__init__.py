"""The checker's side of the process boundary: what runs in the checking process.

:mod:`.walk` lists and reads the package folder (type by content, size, hash) and hands PDFs, JPEGs
and PNGs to the :class:`~.inspector.Inspector`, which shares them among its isolated worker
processes, enforces their time bounds and turns their answers into facts; :mod:`.zygote` is its
handle on the process the workers are forked from. Nothing here parses a PDF or decodes an image:
that is :mod:`mosprecheck.inventory.worker`'s, in another process.
"""
