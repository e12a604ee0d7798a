"""Render what a dataset holds: the counts of ``coigraph stats`` as text, JSON or CSV."""

from __future__ import annotations

import json

from coigraph.output import render_table, to_csv
from coigraph.report.registry import register
from coigraph.stats import DatasetStats

_HEADER = ["type", "count"]


@register(DatasetStats, "text")
def stats_text(counts: DatasetStats, *, title: str = "") -> str:
    """A terminal table of the counts, titled (by the CLI) with the dataset's folder name."""
    return render_table(title, _HEADER, counts.items())


@register(DatasetStats, "json")
def stats_json(counts: DatasetStats, **_: object) -> str:
    """One flat JSON object from type name to count."""
    return json.dumps(counts, indent=2) + "\n"


@register(DatasetStats, "csv")
def stats_csv(counts: DatasetStats, **_: object) -> str:
    """Two columns, ``type`` and ``count`` (injection-safe)."""
    return to_csv(_HEADER, counts.items())


__all__ = ["stats_text", "stats_json", "stats_csv"]
