"""Loading datasets: readers for YAML, CSV and XLSX, validation, templates."""

from coigraph.load.dataset import Dataset, load_dataset

__all__ = ["Dataset", "load_dataset"]
