"""Moved to :mod:`mosprecheck.case.form` (the case layer, below the rules and the derived values).

Kept only so that rule modules written against the old path on other branches still import; the
package itself imports :mod:`mosprecheck.case.form`. Delete once nothing imports it.
"""

from ..case.form import *  # noqa: F401,F403
