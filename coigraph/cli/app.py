"""The ``coigraph`` command group: what every command shares (errors become messages, never tracebacks).

Command modules add their commands to :data:`main`; :mod:`coigraph.cli` imports
them all.  Kept apart from the package's ``__init__`` so that a command module
imports this one and nothing imports back: no import cycle.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

import click

from coigraph.errors import CoigraphError
from coigraph.output import printable

#: Signals that end a run like Ctrl-C does: files being written are removed, previous ones kept.
_ENDING_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


def _end_run(signum: int, _frame: object) -> None:
    # SystemExit unwinds the stack, so every write in progress removes its temporary file
    raise SystemExit(128 + signum)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for sig in _ENDING_SIGNALS:
                previous[sig] = signal.signal(sig, _end_run)
        try:
            return self._invoke(ctx)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except CoigraphError as exc:
            click.echo(f"Error: {printable(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.exit(1)
        except OSError as exc:  # the system refused (permissions, a full disk...): not a bug
            where = f" {exc.filename}" if exc.filename else ""
            click.echo(f"Error: cannot use{printable(str(where))}: {printable(exc.strerror or str(exc))}",
                       err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: say so plainly, details only on request
            if os.environ.get("COIGRAPH_DEBUG"):
                raise
            click.echo(
                f"Internal error ({type(exc).__name__}: {exc}). This is a bug in coigraph, not in "
                "your data; please report it. Set COIGRAPH_DEBUG=1 to see the details.",
                err=True,
            )
            sys.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="coigraph")
def main() -> None:
    """Find conflicts of interest and trace delegation chains in an NHS integrated care system.

    DATA is always a dataset folder (see 'coigraph template') or a JSON export.
    Results go to stdout, or to --output FILE; messages and progress go to stderr.
    Invalid data gives exit code 2 and a list of problems naming file, row and field.

    Example: coigraph screen data/northshire --meeting icb-board-2025-05
    """


__all__ = ["main"]
