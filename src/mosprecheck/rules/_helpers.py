"""Moved to :mod:`mosprecheck.case.helpers` (the case layer, below the rules and the derived values).

Kept only so that rule modules written against the old path on other branches still import; the
package itself imports :mod:`mosprecheck.case.helpers`. Delete once nothing imports it.
"""

from ..case.helpers import *  # noqa: F401,F403
