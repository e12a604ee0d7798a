"""The ``coigraph`` command line: thin click wrappers over library functions.

Each command lives in a module of this package named for its concept and
adds itself to :data:`coigraph.cli.app.main` (re-exported here, the console
script's entry point).  Library errors (:class:`CoigraphError`) become a clear
message on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

from coigraph.cli.app import main

# Each module below adds its commands to `main`.
from coigraph.cli import core  # noqa: F401
from coigraph.cli import trace  # noqa: F401
from coigraph.cli import maps  # noqa: F401
from coigraph.cli import db  # noqa: F401
from coigraph.cli import screen  # noqa: F401
from coigraph.cli import registers  # noqa: F401
from coigraph.cli import serve  # noqa: F401
from coigraph.cli import procurement  # noqa: F401
from coigraph.cli import reference  # noqa: F401

__all__ = ["main"]
