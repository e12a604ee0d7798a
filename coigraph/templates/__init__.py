"""The package's page templates and the one Jinja environment that renders them.

Every HTML output (papers, maps, the gallery, the web app) is rendered through
:func:`environment`: autoescaping on for every template, including templates
made from strings, and undefined names an error, so a value from a register
can never reach a page unescaped and a typo in a template never renders as
blank.  Renderers add their own filters and globals to the environment they
get (each call returns a fresh one, so they never leak into each other).
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


def environment() -> Environment:
    """A Jinja environment over ``coigraph/templates``: autoescaped, strict, blocks trimmed."""
    return Environment(loader=PackageLoader("coigraph", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


__all__ = ["environment"]
