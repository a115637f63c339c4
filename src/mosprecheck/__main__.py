"""``python -m mosprecheck``: the same as the ``mosprecheck`` command."""

from .cli import entry_point

entry_point()
