"""``python -m mosprecheck``: the same as the ``mosprecheck`` command."""

from ._launch import main

main()
