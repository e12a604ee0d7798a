"""Options shared by every command, so they read and behave the same everywhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from coigraph.errors import UsageError


def output_options(formats: tuple[str, ...], default: str | None = None) -> Callable[[Any], Any]:
    """``--format`` (one of ``formats``) and ``--output FILE`` (atomic; default stdout)."""

    def deco(f: Any) -> Any:
        f = click.option(
            "--output", "-o", type=click.Path(dir_okay=False, writable=True), default=None,
            help="Write the result to FILE (atomically) instead of stdout.",
        )(f)
        f = click.option(
            "--format", "-f", "fmt", type=click.Choice(formats), default=default or formats[0],
            show_default=True, help="Output format.",
        )(f)
        return f

    return deco


def parse_date_option(value: str | None, name: str = "--as-of") -> dt.date | None:
    """Read a YYYY-MM-DD option value, or raise a clear usage error."""
    if value is None:
        return None
    from coigraph.load.readers import date_range_problem
    from coigraph.output import printable

    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"{name} '{printable(value)[:40]}' is not a date; write it as YYYY-MM-DD, "
                         "e.g. 2025-05-14") from exc
    why = date_range_problem(day)
    if why:
        raise UsageError(f"{name}: {why}")
    return day


def parse_money_option(value: str | None, name: str = "--value") -> float | None:
    """Read a money option ('250000', '£250,000', '250k', '1.5m'), or raise a clear usage error."""
    if value is None:
        return None
    import re

    text = value.strip().replace(" ", "")
    m = re.fullmatch(r"£?([\d,]*\.?\d+)(k|m|bn)?", text, re.IGNORECASE)
    if not m:
        raise UsageError(f"{name} '{value}' is not an amount of money; write it as 250000, £250,000 "
                         "or 250k")
    mult = {"k": 1e3, "m": 1e6, "bn": 1e9}.get((m.group(2) or "").lower(), 1)
    return float(m.group(1).replace(",", "")) * mult


data_argument = click.argument("data", type=click.Path(exists=False))

#: ``--redact`` on every command whose output may be published (see :mod:`coigraph.redact`).
redact_option = click.option(
    "--redact", is_flag=True,
    help="For publishing: withhold the details of non-financial personal and indirect interests "
         "(description, mitigation, relationship, the associate's name); keep that each exists "
         "and its category.")


#: ``--policy-values FILE`` (``coigraph procurement``, ``coigraph audit``): see
#: :mod:`coigraph.governance.values`.
policy_values_option = click.option(
    "--policy-values", "policy_values", type=click.Path(dir_okay=False), metavar="FILE",
    help="Your own policy values (YAML): least actions in procurements, gifts and hospitality "
         "thresholds, breach candidates. Default: coigraph/policies/procurement.yaml (the 2017 NHS "
         "England figures, labelled as such). See docs/procurement.md.")


#: ``--no-cache`` on every command that reads a dataset's graph (see :mod:`coigraph.snapshot`).
no_cache_option = click.option(
    "--no-cache", "no_cache", is_flag=True,
    help="Load and check the data files afresh, without reading or writing the compiled snapshot "
         "kept in the user cache directory (COIGRAPH_NO_CACHE=1 does the same for every command).")


#: From this many nodes and edges, a command moves the loaded graph out of the garbage collector's way.
FREEZE_FROM = 200_000


def load_graph(data: str, no_cache: bool = False) -> Any:
    """The graph of dataset ``data`` for a command: from its snapshot when the files are unchanged
    (:func:`coigraph.snapshot.load_graph`); a large one is then frozen out of the garbage
    collector's way (``gc.freeze``: full collections stop walking it)."""
    import gc
    import sys

    from coigraph.output import message
    from coigraph.snapshot import load_graph as cached

    G = cached(data, cache=not no_cache, progress=message if sys.stderr.isatty() else None)
    if len(G) + G.number_of_edges() >= FREEZE_FROM:
        gc.collect()
        gc.freeze()
    return G


#: ``--template FILE.docx`` on every command that makes a paper.
template_option = click.option(
    "--template", type=click.Path(dir_okay=False), metavar="FILE.docx", default=None,
    help="With --format docx: your organisation's Word document to take the styles, page setup, "
         "header (a logo) and footer from; its text is replaced by the paper (see docs/papers.md "
         "for the style names used).")


def command_line(name: str, data: str, *options: tuple[str, object]) -> str:
    """The command that makes a paper again, for its 'Reproduce' line: ``coigraph NAME DATA`` and
    the options given (``(option, value)``; None and False are left out, True is a flag)."""
    import shlex

    parts = ["coigraph", name, data]
    for opt, value in options:
        if value is None or value is False or value == ():
            continue
        values = value if isinstance(value, tuple | list) else [value]
        for v in values:
            parts += [opt] if v is True else [opt, str(v)]
    return shlex.join(parts)


def emit_result(result: object, fmt: str, output: str | None, *, source: object = None,
                template: str | None = None, note: str | None = None) -> None:
    """Render ``result`` in ``fmt`` (a paper's ``source`` and ``template`` go to the renderers that
    take them) and send it to stdout or ``output`` (a Word file never to a terminal)."""
    import sys

    from coigraph.output import emit
    from coigraph.report import render
    from coigraph.report.registry import BINARY

    if template is not None and fmt != "docx":
        raise UsageError("--template is a Word template: use it with --format docx")
    if fmt in BINARY and (output is None or str(output) == "-") and sys.stdout.isatty():
        raise UsageError(f"--format {fmt} makes a Word document, not text: add --output FILE.{fmt}")
    emit(render(result, fmt, source=source, template=template), output, note=note)
