"""Counts of what a dataset holds, by record type."""

from __future__ import annotations

from coigraph.load.dataset import Dataset


def dataset_stats(ds: Dataset) -> dict[str, int]:
    """A flat mapping from record type (``person``, ``interest``...) to count, sorted by type."""
    return dict(sorted(ds.counts().items()))
