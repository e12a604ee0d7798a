"""The domain model of an integrated care system's governance, declared once.

A package, one module per area: :mod:`~coigraph.model.vocab` (vocabularies
and their groupings), :mod:`~coigraph.model.base` (field helpers, base
records), :mod:`~coigraph.model.organisations`, :mod:`~coigraph.model.people`,
:mod:`~coigraph.model.meetings`, :mod:`~coigraph.model.delegation`,
:mod:`~coigraph.model.schemes` (posts, joint authorities, procurement thresholds),
:mod:`~coigraph.model.reference` (records from public registers),
:mod:`~coigraph.model.procurement`, :mod:`~coigraph.model.gifts`,
:mod:`~coigraph.model.breaches`, and
:mod:`~coigraph.model.tables` (which file holds which record).  Everything is
imported from ``coigraph.model``.

Every other part of coigraph derives from what is declared here:

* the loader validates each row of each table file against these records;
* :data:`TABLES` says which file holds which record, its id field and which
  fields refer to which other table (so dangling references are found
  generically);
* the graph builder turns each record into a node or an edge whose ``type``
  is the table's ``node_type`` or ``edge_type``;
* the Neo4j labels and relationship types, the map legend, the templates and
  the data-format documentation are all read from :data:`TABLES`.

Field descriptions are written for the governance officer who fills in the
files: they appear in the templates and in ``docs/data-format.md``.
"""

from coigraph.model.base import *  # noqa: F403
from coigraph.model.breaches import *  # noqa: F403
from coigraph.model.delegation import *  # noqa: F403
from coigraph.model.gifts import *  # noqa: F403
from coigraph.model.meetings import *  # noqa: F403
from coigraph.model.organisations import *  # noqa: F403
from coigraph.model.people import *  # noqa: F403
from coigraph.model.procurement import *  # noqa: F403
from coigraph.model.reference import *  # noqa: F403
from coigraph.model.schemes import *  # noqa: F403
from coigraph.model.tables import *  # noqa: F403
from coigraph.model.vocab import *  # noqa: F403
