"""The ``coigraph`` command group: what every command shares (errors become messages, never tracebacks).

Each command is a plain click command in a module of :mod:`coigraph.cli` named
for its concept; :data:`COMMANDS` says which, and :data:`main` imports a
command's module only when that command is run (or its help is shown), so a run
of one command never pays for the others' imports (click's "lazy loading
subcommands").  Command modules never import this one: no import cycle.
"""

from __future__ import annotations

import importlib
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


#: Every command of ``coigraph``: its name -> ``"module:attribute"`` of its click command, imported
#: on first use.  The one list of commands: a command not named here does not exist
#: (tests/test_lazy_imports.py checks every command defined in coigraph.cli is named, under its name).
COMMANDS: dict[str, str] = {
    "audit": "coigraph.cli.trace:audit",
    "db": "coigraph.cli.db:db",
    "declarations": "coigraph.cli.screen:declarations",
    "export": "coigraph.cli.core:export",
    "export-register": "coigraph.cli.registers:export_register_cmd",
    "import-register": "coigraph.cli.registers:import_register_cmd",
    "map": "coigraph.cli.maps:map_command",
    "powers": "coigraph.cli.trace:powers",
    "procurement": "coigraph.cli.procurement:procurement",
    "reference": "coigraph.cli.reference:reference",
    "screen": "coigraph.cli.screen:screen",
    "serve": "coigraph.cli.serve:serve",
    "stats": "coigraph.cli.core:stats",
    "template": "coigraph.cli.core:template",
    "trace": "coigraph.cli.trace:trace",
    "validate": "coigraph.cli.core:validate",
}


def load_command(target: str) -> click.Command:
    """The click command at ``"module:attribute"`` (its module imported now, if not yet)."""
    module, _, attribute = target.partition(":")
    cmd = getattr(importlib.import_module(module), attribute)
    if not isinstance(cmd, click.Command):
        raise TypeError(f"{target} is a {type(cmd).__name__}, not a click command")
    return cmd


class _Group(click.Group):
    """The ``coigraph`` group: commands from :data:`COMMANDS`, each loaded when asked for; every
    run turns errors into messages and ends cleanly on SIGTERM/SIGHUP."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return load_command(COMMANDS[cmd_name])
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            # click 8.4+ (NoSuchCommand) suggests a close name from the commands already loaded
            # only: suggest from every command, as when all were loaded up front
            name = getattr(exc, "command_name", None)
            if name is None or getattr(exc, "possibilities", None):
                raise
            raise type(exc)(name, possibilities=self.list_commands(ctx), ctx=ctx) from None  # type: ignore[call-arg]

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


__all__ = ["main", "COMMANDS", "load_command"]
