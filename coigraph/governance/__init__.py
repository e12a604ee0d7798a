"""Governance health: board composition and minutes reconciliation, and their audit sections.

==================  =========================================================
``composition``     ICB board composition against the Act and the constitution
                    (rules as data: ``coigraph/policies/composition.yaml``)
``minutes``         what the minutes recorded against what the screen foresaw
``sections``        the audit's composition and minutes sections (listed by coigraph.audit)
==================  =========================================================

Example::

    from coigraph.graph import load_graph
    from coigraph.governance import check_composition, reconcile
    G = load_graph("data/northshire")
    [f.kind for f in reconcile(G)]
"""

from __future__ import annotations

from coigraph.governance.composition import (
    CompositionFinding,
    CompositionRule,
    check_composition,
    icb_boards,
    load_composition_rules,
    register_rules,
)
from coigraph.governance.minutes import (
    Minutes,
    minuted_meetings,
    read_minutes,
    reconcile,
    reconcile_meeting,
)
from coigraph.governance.sections import composition_date, composition_section, minutes_section

__all__ = [
    "CompositionFinding", "CompositionRule", "check_composition", "icb_boards",
    "load_composition_rules", "register_rules", "Minutes", "minuted_meetings", "read_minutes",
    "reconcile", "reconcile_meeting", "composition_date", "composition_section", "minutes_section",
]
