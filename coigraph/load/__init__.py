"""Loading datasets: readers for YAML, CSV and XLSX, validation, templates."""

from coigraph.load import graph_json  # noqa: F401  (adds the JSON export to load_dataset's loaders)
from coigraph.load.dataset import Dataset, load_dataset

__all__ = ["Dataset", "load_dataset"]
