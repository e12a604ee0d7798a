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

This module keeps the table and knows, from :data:`PROVIDERS`, which module
registers the renderers of which result type: it imports that module the first
time the type is looked up, so a command that renders a screen never imports the
renderers (and the libraries) of a trace or an audit.
"""

from __future__ import annotations

import importlib
import sys
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


#: Renderer module -> the result types it registers renderers for, each as ``"module:qualname"``
#: of the class (where it is defined, as its ``__module__`` and ``__qualname__`` say).  The one
#: place this is declared; tests/test_lazy_imports.py checks it against what the modules register.
PROVIDERS: dict[str, tuple[str, ...]] = {
    "coigraph.report.data": ("coigraph.stats:DatasetStats",),
    "coigraph.report.db": ("coigraph.db.push:PushResult", "coigraph.db.queries:QueryResult",
                           "coigraph.db.queries:SavedQueries",
                           "networkx.classes.multidigraph:MultiDiGraph"),
    "coigraph.report.delegation": ("coigraph.delegation.results:Trace", "coigraph.audit:AuditReport",
                                   "coigraph.delegation.powers:Powers",
                                   "coigraph.delegation.results:MayApprove"),
    "coigraph.report.procurement": ("coigraph.governance.procurement:ProcurementAssessment",),
    "coigraph.report.screening": ("coigraph.screen_records:MeetingScreen",
                                  "coigraph.screen_records:ScreenAll",
                                  "coigraph.declarations:PersonDeclarations"),
}

_PROVIDER_OF: dict[str, str] = {t: module for module, types in PROVIDERS.items() for t in types}


def _lookup(result_type: type) -> dict[str, Renderer] | None:
    for klass in result_type.__mro__:
        provider = _PROVIDER_OF.get(f"{klass.__module__}:{klass.__qualname__}")
        if provider is not None:
            importlib.import_module(provider)  # registers its renderers (once: Python keeps the module)
        if klass in _RENDERERS:
            return _RENDERERS[klass]
    return None


def _table(result_type: type) -> dict[str, Renderer]:
    table = _lookup(result_type)
    if table is None and not all(module in sys.modules for module in PROVIDERS):
        # a type PROVIDERS does not name (a class moved since, say): every renderer, as before
        for module in PROVIDERS:
            importlib.import_module(module)
        table = _lookup(result_type)
    return table or {}


def formats(result_type: type) -> tuple[str, ...]:
    """The formats ``result_type`` can be rendered in, the default first."""
    return tuple(_table(result_type))


def renderer(result_type: type, fmt: str) -> Renderer:
    """The renderer of ``fmt`` for ``result_type`` (a :class:`UsageError` naming the choices if none)."""
    table = _table(result_type)
    if fmt not in table:
        raise UsageError(f"no format '{fmt}' for a {result_type.__name__}; choose one of "
                         + (", ".join(table) or "(none registered)"))
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


__all__ = ["Renderer", "BINARY", "PROVIDERS", "register", "formats", "renderer", "render"]
