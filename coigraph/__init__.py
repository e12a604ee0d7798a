"""coigraph: conflicts of interest and delegation chains in NHS integrated care systems.

Library first: every command of the ``coigraph`` CLI is a thin wrapper over a
function importable from here or from the module named for its concept.

>>> import coigraph
>>> ds = coigraph.load_dataset("data/northshire")   # doctest: +SKIP
>>> G = coigraph.build_graph(ds)                      # doctest: +SKIP
"""

from coigraph.errors import CoigraphError, DataError, Problem
from coigraph.graph import build_graph, load_graph
from coigraph.load.dataset import Dataset, load_dataset

__all__ = ["CoigraphError", "DataError", "Problem", "Dataset", "load_dataset", "build_graph", "load_graph"]
__version__ = "0.1.0"
