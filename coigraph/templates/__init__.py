"""The package's page templates and the one Jinja environment that renders them.

Every HTML output (papers, maps, the gallery, the web app) is rendered through
:func:`environment`: autoescaping on for every template, including templates
made from strings, and undefined names an error, so a value from a register
can never reach a page unescaped and a typo in a template never renders as
blank.  Renderers add their own filters and globals to the environment they
get (each call returns a fresh one, so they never leak into each other).
"""

from __future__ import annotations

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape


def environment(*extra: tuple[str, str]) -> Environment:
    """A Jinja environment over ``coigraph/templates``: autoescaped, strict, blocks trimmed.

    ``extra``: more template folders as ``(package, folder)``, searched first
    (the web app's ``("coigraph.web", "templates")``), so one set of settings
    serves every template in the package.
    """
    loader = PackageLoader("coigraph", "templates")
    if extra:
        loader = ChoiceLoader([*(PackageLoader(p, f) for p, f in extra), loader])
    return Environment(loader=loader,
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


__all__ = ["environment"]
