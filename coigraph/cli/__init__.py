"""The ``coigraph`` command line: thin click wrappers over library functions.

Each command lives in a module of this package named for its concept and
registers itself on :data:`main`.  Library errors (:class:`CoigraphError`)
become a clear message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import os
import sys

import click

from coigraph.errors import CoigraphError
from coigraph.output import printable


class _Group(click.Group):
    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except CoigraphError as exc:
            click.echo(f"Error: {printable(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            sys.exit(1)
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


# Each module below adds its commands to `main`.
from coigraph.cli import core  # noqa: E402,F401
from coigraph.cli import trace  # noqa: E402,F401
from coigraph.cli import maps  # noqa: E402,F401
from coigraph.cli import db  # noqa: E402,F401
from coigraph.cli import screen  # noqa: E402,F401
from coigraph.cli import registers  # noqa: E402,F401
from coigraph.cli import reference  # noqa: E402,F401
