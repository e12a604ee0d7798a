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
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from coigraph.load.readers import CONTROL_CHARS

#: Characters that make a spreadsheet treat a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


#: Temporary files are named ``.<target name>.coigraph-<pid>-<random>.tmp``: the process id
#: lets a later run tell a left-over (its writer was killed) from a write in progress.
_TEMP = re.compile(r"^\.(?P<name>.+)\.coigraph-(?P<pid>\d+)-[A-Za-z0-9_]+\.tmp$")
#: Left-overs of versions before the process id was in the name, removed once this old (seconds).
_LEGACY_TEMP = re.compile(r"^\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp$")
_LEGACY_AGE = 3600


def _target(path: Path) -> Path:
    """Where writing ``path`` really goes: through symbolic links, to the file they point at."""
    try:
        return Path(os.path.realpath(path)) if path.is_symlink() else path
    except OSError:
        return path


def _is_special(path: Path) -> bool:
    """An existing path that is not a regular file or a folder: a FIFO, a device, a socket."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive
        return True
    return True


def sweep_temporary_files(folder: str | Path, name: str | None = None) -> list[Path]:
    """Remove coigraph's temporary files left in ``folder`` by a run that was killed (SIGKILL,
    a power cut): those whose writing process is gone.  Only files named as :func:`write_atomic`
    names them (for the file ``name``, if given) are touched.  Returns the files removed."""
    import time

    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m:
            stale = not _alive(int(m.group("pid")))
        else:
            m = _LEGACY_TEMP.match(entry.name)
            try:
                stale = bool(m) and time.time() - entry.stat(follow_symlinks=False).st_mtime > _LEGACY_AGE
            except OSError:
                stale = False
        if not m or not stale or (name is not None and m.group("name") != name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _write_temp(path: Path, data: str | bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path`` (synced, with ``path``'s mode); its name."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.coigraph-{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); give it the mode an ordinary write would have,
        # or the existing file's, so a map or report written for colleagues stays readable.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _write_direct(path: Path, data: str | bytes) -> None:
    """Write to a FIFO or a device as it is (it cannot be replaced by a rename, nor should it be)."""
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


def _os_error(path: Path, exc: OSError, *, several: bool = False) -> Exception:
    from coigraph.errors import CoigraphError

    kept = ("nothing was written; the previous files, if any, are unchanged" if several
            else "the previous file, if any, is unchanged")
    return CoigraphError(f"cannot write {path}: {exc.strerror or exc}; {kept}")


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    A failure at any point (disk full, interrupted, terminated) leaves ``path``
    as it was and removes the temporary file; a system error becomes a
    :class:`~coigraph.errors.CoigraphError` naming the file (exit code 2).  A
    symbolic link is written through: its target is replaced atomically and
    the link stays.  A FIFO or a device (``/dev/stdout``) is written directly,
    never replaced by a regular file.  Temporary files a killed run left for
    ``path`` are removed first.
    """
    given = Path(path)
    path = _target(given)
    tmp: str | None = None
    try:
        if _is_special(given):  # stat follows links: /dev/stdout is its pipe or terminal
            _write_direct(given, data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep_temporary_files(path.parent, path.name)
        tmp = _write_temp(path, data)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise _os_error(path, exc) from exc
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_all(files: Mapping[str | Path, str | bytes]) -> list[Path]:
    """Write several files all or nothing: every one is written to a temporary file first, and
    only when all are written are they renamed into place.

    If any cannot be written (a folder that cannot be created, a full disk, a
    signal) no target is touched and every temporary file and folder made is
    removed.  A rename that fails after others succeeded puts the earlier files
    back as they were (kept as hard links until the end).  Symbolic links are
    written through; FIFOs and devices are written directly, last.  Returns the
    paths written, in the order given.
    """
    targets = [(Path(p), Path(p) if _is_special(Path(p)) else _target(Path(p)), d) for p, d in files.items()]
    made_dirs: list[Path] = []
    staged: list[tuple[Path, str]] = []
    backups: list[tuple[Path, str | None]] = []  # (target, hard link to its old content or None)
    done = False
    current = targets[0][1] if targets else Path(".")
    try:
        for _given, path, data in targets:
            current = path
            if _is_special(path):
                continue
            missing = [d for d in [path.parent, *path.parent.parents] if not d.exists()]
            for d in reversed(missing):
                d.mkdir()
                made_dirs.append(d)
            sweep_temporary_files(path.parent, path.name)
            staged.append((path, _write_temp(path, data)))
        for path, tmp in staged:
            current = path
            backup = None
            if path.exists():
                backup = f"{tmp}.old"
                try:
                    os.link(path, backup)
                except OSError:  # a file system without hard links: a copy does
                    shutil.copy2(path, backup)
            backups.append((path, backup))
            os.replace(tmp, path)
        for _given, path, data in targets:
            if _is_special(path):
                current = path
                _write_direct(path, data)
        done = True
    except OSError as exc:
        raise _os_error(current, exc, several=len(targets) > 1) from exc
    finally:
        if not done:
            for path, backup in reversed(backups):  # put back what was already renamed
                with contextlib.suppress(OSError):
                    if backup is not None:
                        os.replace(backup, path)
                    else:
                        os.unlink(path)
        for _path, tmp in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        for _path, backup in backups:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
        if not done:
            for d in reversed(made_dirs):
                with contextlib.suppress(OSError):
                    d.rmdir()
    return [given for given, _p, _d in targets]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def emit(data: str | bytes, output: str | Path | None, *, note: str | None = None) -> None:
    """Send a command's result to stdout or, atomically, to ``output``; a file written is said
    once on stderr: ``wrote FILE`` (``: note`` after it when given)."""
    if output is None or str(output) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)
        message(f"wrote {output}" + (f": {note}" if note else ""))


def console_width() -> int:
    """The width terminal tables are laid out in: the terminal's, as rich measures it, or
    rich's default for a file or a pipe (80 columns, or $COLUMNS)."""
    from rich.console import Console

    return Console(file=sys.stdout).width


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
    split the row in two for every reader.  Control characters (ESC, NUL...) and
    text-direction overrides are left out: a CSV is read in terminals and editors too.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([_one_line_ending(safe_cell(_no_controls(str(h)))) for h in header])
    for row in rows:
        w.writerow(["" if v is None else v if isinstance(v, int | float) and not isinstance(v, bool)
                    else _one_line_ending(safe_cell(_no_controls(str(v)))) for v in row])
    return buf.getvalue()


def _no_controls(text: str) -> str:
    return CONTROL_CHARS.sub("", text) if CONTROL_CHARS.search(text) else text


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
    return CONTROL_CHARS.sub(_escaped, text) if CONTROL_CHARS.search(text) else text


def _escaped(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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

    cells = [["" if v is None else str(v) for v in row] for row in rows]
    width = console_width()
    columns = [[r[i] for r in cells if i < len(r)] for i in range(len(header))]
    # a column of single words (ids, codes, numbers) keeps its width; the columns of
    # sentences wrap to fit the terminal, each at least as wide as its longest word when the
    # width allows (rich's own measurement lays them out), and a word too long for it folds
    single = [bool(col) and all(len(c) <= SINGLE_WORD and " " not in c for c in col) for col in columns]
    fixed = sum(max([len(h)] + [len(c) for c in col]) for h, col, one in zip(header, columns, single,
                                                                        strict=True) if one)
    wrapping = len(header) - sum(single)
    longest = [max((len(w) for c in [h, *col] for w in c.split()), default=1)
               for h, col in zip(header, columns, strict=True)]
    need = fixed + 3 * len(header) + 1 + sum(min(n, STACK_WORD) for n, one in zip(longest, single, strict=True)
                                             if not one)
    if need > width:  # the columns would cut words in two: a record per row instead, read top to bottom
        return _stacked(title, header, cells, width)
    share = max(4, (width - fixed - 3 * len(header) - 1) // max(1, wrapping))
    table = Table(title=title, show_lines=False, header_style="bold")
    for h, word, one in zip(header, longest, single, strict=True):
        table.add_column(h, overflow="fold", no_wrap=one, min_width=None if one else min(word, 14, share))
    for row in cells:
        table.add_row(*[_markup_safe(v) for v in row])
    buf = io.StringIO()
    console = Console(file=buf, width=width, no_color=True, highlight=False)
    console.print(table)
    return buf.getvalue()


#: A column whose every cell is one word of at most this many characters (an id, a code, a date, an
#: amount) keeps its width and never wraps.
SINGLE_WORD = 30
#: A column of sentences must be at least this wide (or as wide as its longest word, if shorter) for
#: a table to be laid out in columns; narrower, and words would be cut in two ("Organisatio / n").
STACK_WORD = 24


def _stacked(title: str | None, header: Sequence[str], cells: list[list[str]], width: int) -> str:
    """The table as records, one per row: each non-empty cell on its own lines as 'Header: value',
    wrapped to ``width`` at spaces (a word is cut only if it is wider than the line)."""
    import textwrap

    out: list[str] = []
    if title:
        out += [title, "─" * min(width, len(title)), ""]
    for row in cells:
        for h, v in zip(header, row, strict=False):
            for i, part in enumerate(v.splitlines() or [""]):
                if not part.strip():
                    continue
                lead = f"{h}: " if i == 0 else "  "
                out += textwrap.wrap(lead + part, width=width, subsequent_indent="  ",
                                     break_on_hyphens=False) or [lead.rstrip()]
        out.append("")
    return "\n".join(out) + "\n"


def _markup_safe(text: str) -> str:
    from rich.markup import escape

    return escape(text)
