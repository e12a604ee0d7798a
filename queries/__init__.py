"""The saved Cypher queries, installed with coigraph as the package ``coigraph.savedqueries``.

The files stay here, at the top of the repository, where people look for
them; ``pyproject.toml`` maps this folder into the package so that a normal
(non-editable) install carries them.  Read them with
:func:`coigraph.db.queries.load_queries`.
"""
