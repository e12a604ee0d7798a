"""Judging one interest path against the policy, with what the data does not state (issue 14).

:func:`path_facts` gives the facts the policy reads for a path and an affected organisation;
:func:`judge_path` tries every value of what the data leaves blank (a register entry's type, an
agenda item's kind): when the verdict depends on it, it is 'to confirm', never 'leave', and the
finding says what to confirm (:meth:`coigraph.policy.Policy.evaluate_unknown`).  Used by
:mod:`coigraph.screening`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from coigraph.interest_facts import holder_of, receives_money
from coigraph.model import AgendaItem, InterestType, ItemKind
from coigraph.paths import InterestPath
from coigraph.policy import ACTION_WEIGHT, LEVEL_WEIGHT, Action, Facts, Level, Policy

#: What a path's ``unknown`` says of a register entry without a type.
NO_TYPE = "the type of the register entry (the register gives none)"


def rank(level: Level, action: Action) -> tuple[int, int]:
    """How strict a verdict is: heavier action first, then heavier level."""
    return (ACTION_WEIGHT[action], LEVEL_WEIGHT[level])


def path_facts(G: nx.MultiDiGraph, policy: Policy, path: InterestPath, aff: Any, item: AgendaItem,
           interest_type: InterestType | None = None, item_kind: ItemKind | None = None) -> Facts:
    itype = interest_type or policy.interest_type(path.carrier, path.role, path.interest_types)
    return Facts(
        shape=path.shape, indirect=path.indirect, carrier=path.carrier, interest_type=itype,
        category="indirect" if path.indirect else itype.value, relations=path.relations,
        direction=path.direction, effect=aff.effect,
        item_kind=item_kind or ItemKind(item.kind or ItemKind.decision),
        recency=path.recency, inferred=aff.source == "inferred",
        confidential=bool(item.confidential), role=path.role, value=item.value,
        holder=holder_of(G, path), receives_money=receives_money(aff.effect, aff.formula, aff.effect_guessed),
    )


def judge_path(G: nx.MultiDiGraph, policy: Policy, path: InterestPath, aff: Any,
           item: AgendaItem) -> tuple[Any, Facts, list[str]]:
    """The verdict on one path, the facts it was judged on, and what it depends on that the data
    does not state.

    Where the register gives no type, or the agenda no kind, every value is
    tried: if the verdict depends on it, it is 'to confirm' (never 'leave');
    a step known only as at a later date (or ended, date not given) always is.
    """
    types: list[InterestType | None] = (list(InterestType) if path.carrier == "interest"
                                         and not path.interest_types else [None])
    kinds: list[ItemKind | None] = [None] if item.kind else list(ItemKind)
    facts = {(t, k): path_facts(G, policy, path, aff, item, t, k) for t in types for k in kinds}
    verdicts = {tk: policy.evaluate(f) for tk, f in facts.items()}

    def differ(pairs: list[tuple]) -> bool:
        return len({(verdicts[tk].level, verdicts[tk].action) for tk in pairs}) > 1

    type_matters = len(types) > 1 and any(differ([(t, k) for t in types]) for k in kinds)
    kind_matters = len(kinds) > 1 and any(differ([(t, k) for k in kinds]) for t in types)
    unknown = [u for u in path.unknown if u != NO_TYPE]
    if type_matters:
        unknown.append(NO_TYPE)
    if kind_matters:
        unknown.append("whether the item decides (the agenda does not say what it asks)")
    v = policy.evaluate_unknown(list(facts.values()), unknown)
    top = max(facts, key=lambda tk: rank(verdicts[tk].level, verdicts[tk].action))
    return v, facts[top], unknown


__all__ = ["NO_TYPE", "rank", "path_facts", "judge_path"]
