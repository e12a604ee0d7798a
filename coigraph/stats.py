"""Counts of what a dataset holds, by record type."""

from __future__ import annotations

from coigraph.load.dataset import Dataset


class DatasetStats(dict[str, int]):
    """Record type (``person``, ``interest``...) -> count: a plain dict, typed so that the
    renderers of :mod:`coigraph.report` know it."""


def dataset_stats(ds: Dataset) -> DatasetStats:
    """A flat mapping from record type (``person``, ``interest``...) to count, sorted by type."""
    return DatasetStats(sorted(ds.counts().items()))


__all__ = ["DatasetStats", "dataset_stats"]
