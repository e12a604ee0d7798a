"""The ``coigraph`` command line: thin click wrappers over library functions.

Each command lives in a module of this package named for its concept and is
named in :data:`coigraph.cli.app.COMMANDS`; :data:`main` (re-exported here, the
console script's entry point) imports a command's module only when that command
is run, so each run pays only for the imports it needs.  Library errors
(:class:`CoigraphError`) become a clear message on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

from coigraph.cli.app import main

__all__ = ["main"]
