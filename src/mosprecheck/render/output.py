"""Writing a rendered report to standard output, never raising: what the stream's encoding cannot
hold is escaped so that the output stays valid in its format, and a closed or broken stream or a
full disk is a one-line reason (the command line then exits 3, never with a verdict's code)."""

from __future__ import annotations

import os
import sys

#: How text the output stream cannot encode is written, per format: each keeps the output valid
#: (JSON re-escaped as \uXXXX is the same JSON; a character reference is the same HTML character).
_ENCODE_ERRORS = {"json": "json", "html": "xmlcharrefreplace", "text": "backslashreplace"}


def write_output(out: str, fmt: str = "text", stream=None) -> str | None:
    """Write ``out`` to ``stream`` (standard output); None when written, else a one-line reason.

    Never raises: a closed stream, a broken pipe or a full disk is a reason, and characters the
    stream's encoding cannot hold are escaped as :data:`_ENCODE_ERRORS` says."""
    stream = sys.stdout if stream is None else stream
    if stream is None:
        return "there is no standard output"
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        out.encode(encoding)
    except UnicodeEncodeError:
        out = _escaped(out, fmt, encoding)
    except LookupError:  # an encoding Python does not know: write UTF-8 bytes
        encoding = "utf-8"
    try:
        stream.write(out)
        stream.flush()
    except BrokenPipeError:
        _silence(stream)
        return "the pipe was closed (broken pipe)"
    except UnicodeEncodeError:  # the stream's own error handler is strict and we misjudged it
        return f"the output cannot be encoded as {encoding}"
    except ValueError:
        return "standard output is closed"
    except OSError as exc:
        _silence(stream)
        return exc.strerror or type(exc).__name__
    return None


def _escaped(out: str, fmt: str, encoding: str) -> str:
    if fmt == "json":  # the same JSON document, in ASCII
        import json

        return json.dumps(json.loads(out), ensure_ascii=True, separators=(",", ":")) + "\n"
    return out.encode(encoding, errors=_ENCODE_ERRORS.get(fmt, "backslashreplace")).decode(encoding)


def _silence(stream) -> None:
    """After a failed write, Python would try to flush the same buffer again at exit and print a
    traceback: point the descriptor at /dev/null (and drop what is buffered)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
