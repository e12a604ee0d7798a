"""One registry of renderers: (result type, format) -> the function that writes it as text.

Every renderer is declared once, by the module that writes it::

    register(Trace, "markdown", trace_markdown)

and found by the type of the result (its classes in order, so a subclass
inherits its parent's formats)::

    >>> from coigraph.report import render, formats   # doctest: +SKIP
    >>> formats(Trace)                                 # doctest: +SKIP
    ('table', 'json', 'csv', 'markdown', 'html')
    >>> render(trace, "markdown")                      # doctest: +SKIP

The command line takes its ``--format`` choices from :func:`formats` (the
first registered is the default), so a format added here is offered there.
Renderers are pure functions from a result to text; options a format needs
(a title) are passed as keywords.

This module only keeps the table; the renderers are registered when
:mod:`coigraph.report` is imported (its ``__init__`` imports them all).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from coigraph.errors import UsageError

Renderer = Callable[..., str]
F = TypeVar("F", bound=Renderer)

#: result type -> format -> renderer, formats in the order registered.
_RENDERERS: dict[type, dict[str, Renderer]] = {}


def register(result_types: type | tuple[type, ...], fmt: str,
             renderer: F | None = None) -> Any:
    """Register ``renderer`` for ``fmt`` of ``result_types``; without ``renderer``, a decorator."""
    types = result_types if isinstance(result_types, tuple) else (result_types,)

    def add(fn: F) -> F:
        for t in types:
            _RENDERERS.setdefault(t, {})[fmt] = fn
        return fn

    return add(renderer) if renderer is not None else add


def _table(result_type: type) -> dict[str, Renderer]:
    for klass in result_type.__mro__:
        if klass in _RENDERERS:
            return _RENDERERS[klass]
    return {}


def formats(result_type: type) -> tuple[str, ...]:
    """The formats ``result_type`` can be rendered in, the default first."""
    return tuple(_table(result_type))


def renderer(result_type: type, fmt: str) -> Renderer:
    """The renderer of ``fmt`` for ``result_type`` (a :class:`UsageError` naming the choices if none)."""
    table = _table(result_type)
    if fmt not in table:
        raise UsageError(f"no format '{fmt}' for a {result_type.__name__}; choose one of "
                         + (", ".join(table) or "(none registered: import coigraph.report)"))
    return table[fmt]


#: Formats whose renderers return bytes, not text (a file to write, never a terminal's text).
BINARY: frozenset[str] = frozenset({"docx"})


def render(result: Any, fmt: str, **opts: Any) -> str | bytes:
    """``result`` in format ``fmt`` (see :func:`formats`): text, or bytes for a :data:`BINARY`
    format.  ``opts`` go to the renderer, those it takes (a paper's ``source`` and ``template``;
    a terminal table or JSON takes none), so a command can pass the same options whatever the
    format."""
    fn = renderer(type(result), fmt)
    return fn(result, **_accepted(fn, opts))


def _accepted(fn: Renderer, opts: dict[str, Any]) -> dict[str, Any]:
    import inspect

    if not opts:
        return opts
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return opts
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return opts
    return {k: v for k, v in opts.items() if k in params}


__all__ = ["Renderer", "BINARY", "register", "formats", "renderer", "render"]
