"""How every file of a package is opened, by the walk and by the inspector's worker alike.

A module of its own so that both sides of the process boundary share it without importing each
other (the walk hands files to the worker; the worker never imports the walk).
"""

from __future__ import annotations

import os

#: How every file is opened, in the walk and in the inspector's worker: read-only, never through a
#: link, never blocking on a FIFO, never becoming a controlling terminal.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
