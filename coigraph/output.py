"""The one output contract every command follows.

* ``--format`` output goes to stdout, or to ``--output FILE`` written
  atomically: to a temporary file in the same folder, then renamed over the
  target, so a failure half-way leaves the previous file intact.
* Messages and progress go to stderr (:func:`progress`, :func:`warn`).
* No clock timestamps in outputs: two runs on the same data give the same bytes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from coigraph.load.readers import CONTROL_CHARS

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    A failure at any point (disk full, interrupted) leaves ``path`` as it was
    and removes the temporary file; a system error becomes a
    :class:`~coigraph.errors.CoigraphError` naming the file (exit code 2).
    """
    from coigraph.errors import CoigraphError

    path = Path(path)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode an ordinary write would have,
        # or the existing file's, so a map or report written for colleagues stays readable.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CoigraphError(f"cannot write {path}: {exc.strerror or exc}; the previous "
                                "file, if any, is unchanged") from exc
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def emit(data: str | bytes, output: str | Path | None) -> None:
    """Send a command's result to stdout or, atomically, to ``output``."""
    if output is None or str(output) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)


@contextlib.contextmanager
def output_stream(output: str | Path | None) -> Iterator[IO[str]]:
    """Write a command's result piece by piece (a long sweep, written as it goes).

    To stdout, or to ``output`` atomically, as :func:`write_atomic` does: a
    temporary file in the same folder, renamed over ``output`` only once
    everything is written; on any failure it is removed and ``output`` is left
    as it was.
    """
    from coigraph.errors import CoigraphError

    if output is None or str(output) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(output)
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CoigraphError(f"cannot write {path}: {exc.strerror or exc}; the previous "
                                "file, if any, is unchanged") from exc
        raise


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formula injection: prefix risky text with an apostrophe.

    A register entry such as ``=HYPERLINK(...)`` or ``@SUM(...)`` would
    otherwise run when the CSV or XLSX is opened in Excel.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (Excel-friendly: UTF-8 with BOM added by callers if wanted), injection-safe.

    Text is neutralised with :func:`safe_cell`; numbers stay numbers (``-5`` is
    not a formula, and prefixing it would turn it into text in Excel).  A bare
    carriage return in a cell becomes a newline: written unquoted it would
    split the row in two for every reader.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([_one_line_ending(safe_cell(str(h))) for h in header])
    for row in rows:
        w.writerow(["" if v is None else v if isinstance(v, int | float) and not isinstance(v, bool)
                    else _one_line_ending(safe_cell(str(v))) for v in row])
    return buf.getvalue()


def _one_line_ending(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_DEVICE_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_filename(text: str, *, suffix: str = "", max_length: int = 120) -> str:
    """A file name made from data (an id, a person's name), safe on every system and never a path.

    Anything but letters, digits, '.', '_' and '-' becomes '-'; leading dots and
    dashes go (no hidden files, no '..', nothing read as an option); Windows
    device names (``CON``, ``NUL``...) get a ``_`` in front; long names are cut.
    A name that had to be changed ends with 8 hex digits of a hash of the
    original text, so two different texts never share a file.  Deterministic.

    >>> safe_filename("northshire-ft", suffix=".html")
    'northshire-ft.html'
    >>> safe_filename("../../etc/passwd")
    'etc-passwd-3754d6cb'
    """
    import hashlib

    text = str(text)
    clean = _UNSAFE_NAME.sub("-", text).lstrip(".-").rstrip(".")[:max_length] or "unnamed"
    if clean.split(".")[0].lower() in _DEVICE_NAMES:
        clean = "_" + clean
    if clean != text:
        clean = f"{clean[: max_length - 9]}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"
    return clean + suffix


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown as ``\\x1b``, never obeyed.

    Messages quote cells from the data, and a cell can hold escape codes that
    clear the screen or retitle the window; the loader removes them from
    values, and this covers everything else (headers, file names, exceptions).
    """
    return CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text) if CONTROL_CHARS.search(text) else text


def message(text: str) -> None:
    """A plain message for the person at the terminal (stderr)."""
    print(printable(text), file=sys.stderr)


@contextlib.contextmanager
def progress_bar(total: int | None, description: str, *, enabled: bool = True) -> Iterator[Any]:
    """A rich progress bar on stderr (silent when stderr is not a terminal or disabled).

    Yields an object with ``advance(n=1)``.
    """
    if not enabled or not sys.stderr.isatty():
        yield _NullBar()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=_stderr_console(), transient=True) as prog:
        task = prog.add_task(description, total=total)
        yield _Bar(prog, task)


class _NullBar:
    def advance(self, n: int = 1) -> None:
        pass


class _Bar:
    def __init__(self, prog: Any, task: Any):
        self._prog, self._task = prog, task

    def advance(self, n: int = 1) -> None:
        self._prog.advance(self._task, n)


def render_table(title: str | None, header: Sequence[str], rows: Iterable[Sequence[Any]],
                 file: IO[str] | None = None) -> str:
    """A readable terminal table (rich), returned as text so it can go to --output too."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for h in header:
        table.add_column(h, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else _markup_safe(str(v)) for v in row])
    buf = io.StringIO()
    Console(file=buf, width=140, no_color=True, highlight=False).print(table)
    return buf.getvalue()


def _markup_safe(text: str) -> str:
    from rich.markup import escape

    return escape(text)
