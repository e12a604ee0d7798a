"""Renderers: every result as terminal text, JSON, CSV, Markdown or HTML.

One registry (:mod:`coigraph.report.registry`) maps a result's type and a
format to the function that writes it; :func:`render` and :func:`formats` know
every renderer, each module of renderers imported the first time a result of
its types is rendered (so importing this package is cheap)::

    from coigraph.report import render
    render(screen, "markdown")
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from coigraph.report.registry import formats, register, render, renderer


def __getattr__(name: str) -> Any:
    """A submodule as an attribute (``coigraph.report.screening``), imported now if not yet, as
    when this package imported every renderer."""
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["render", "formats", "register", "renderer"]
