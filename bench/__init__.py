"""coigraph's scale benchmark: a synthetic-data generator and a timed comparison.

* :mod:`bench.generate` writes a deterministic, seeded synthetic governance
  dataset at a named size (``ics``, ``national``, ``companies``) as a folder of
  CSV files that the ordinary loader reads.
* :mod:`bench.baseline` is the obvious networkx approach to screening
  (``nx.all_simple_paths`` then filtering), the yardstick.
* :mod:`bench.run` (``python -m bench``) times loading, screening, sweeping and
  tracing at each size next to that baseline, in the same run.

The package is not installed with coigraph; run it from the repository root.
"""
