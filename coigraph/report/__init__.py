"""Renderers: every result as terminal text, JSON, CSV, Markdown or HTML.

One registry (:mod:`coigraph.report.registry`) maps a result's type and a
format to the function that writes it; importing this package registers
every renderer, so :func:`render` and :func:`formats` know them all::

    from coigraph.report import render
    render(screen, "markdown")
"""

from __future__ import annotations

# each module registers its renderers when imported
from coigraph.report import data, db, delegation, procurement, screening  # noqa: F401
from coigraph.report.registry import formats, register, render, renderer

__all__ = ["render", "formats", "register", "renderer"]
