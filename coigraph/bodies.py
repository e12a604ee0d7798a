"""What a body stands for when it meets: the organisations whose interest its members do not hold.

A member of the ICB board has no conflict of interest in what the ICB
decides: the ICB is the side the board sits for.  Screening (no interest path
may be carried by these organisations) and the declarations checks (posts at
them need no declaration) both ask this one question, so it is answered here.
"""

from __future__ import annotations

import networkx as nx

from coigraph import ids, views
from coigraph.model import COMMISSIONER_KINDS


def excluded_orgs(G: nx.MultiDiGraph, body: str) -> list[str]:
    """Organisations whose interest no path may carry when ``body`` meets.

    A body's single owner (the ICB for the ICB board and its committees; a
    trust for its own board).  For a body of several owners (a joint
    committee, committees in common) only the commissioners among them (ICB,
    NHS England: :data:`coigraph.model.COMMISSIONER_KINDS`): a trust chief
    executive on a joint committee still has an interest in an award to their
    own trust.
    """
    owners = [ids.org(o) for o in views.body(G, body).owners]
    if len(owners) <= 1:
        return owners
    return [o for o in owners if o in G and views.organisation(G, o).kind in COMMISSIONER_KINDS]


__all__ = ["excluded_orgs"]
