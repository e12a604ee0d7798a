"""Policy values for procurements, gifts and hospitality, and the breaches register.

The materiality policy (:mod:`coigraph.policy`) says how material an interest
path is and what to do; the rest of a conflicts of interest policy is a few
values that are not about a path: the least a participant conflicted with a
bidder must do, the gifts and hospitality thresholds, the look-back for gifts
from bidders, and which findings become candidate breaches.  They are read from
``coigraph/policies/procurement.yaml`` (or an ICB's own copy, ``--policy-values
FILE``), every value with the source it comes from, so a report can say
whether a threshold is law, guidance or local policy.

Example::

    >>> from coigraph.governance.values import load_values
    >>> v = load_values()
    >>> v.hospitality.approve_above.value, v.least_action("evaluator").value
    (75.0, 'no_decision')
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from coigraph.errors import DataError, Problem
from coigraph.findings import KINDS
from coigraph.load.readers import read_text_file
from coigraph.model import BreachKind, ParticipantRole
from coigraph.policy import Action
from coigraph.words import months_to_days

DEFAULT_VALUES = "procurement.yaml"


class Threshold(BaseModel):
    """An amount in pounds and where it comes from."""

    model_config = ConfigDict(extra="forbid")

    value: float = Field(ge=0)
    source: str = Field(min_length=1, max_length=1000)


class LeastAction(BaseModel):
    """The least action a situation calls for, and where that comes from."""

    model_config = ConfigDict(extra="forbid")

    action: Action
    source: str = Field(min_length=1, max_length=1000)


class ProcurementValues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    least_action: dict[ParticipantRole, LeastAction] = Field(default_factory=dict)
    from_bidder: LeastAction
    from_affected_organisation: LeastAction
    lookback_months: int = Field(ge=0, le=120)
    lookback_source: str = Field(min_length=1, max_length=1000)


class GiftValues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    supplier_promotional_limit: Threshold
    declare_above: Threshold


class HospitalityValues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    declare_above: Threshold
    approve_above: Threshold


class BreachValues(BaseModel):
    model_config = ConfigDict(extra="forbid")

    candidates: dict[str, BreachKind] = Field(default_factory=dict)
    candidates_source: str = Field(min_length=1, max_length=1000)
    review_after_months: int = Field(ge=1, le=120)
    review_source: str = Field(min_length=1, max_length=1000)

    @field_validator("candidates")
    @classmethod
    def _known_kinds(cls, v: dict[str, BreachKind]) -> dict[str, BreachKind]:
        unknown = sorted(k for k in v if k not in KINDS)
        if unknown:
            raise ValueError(f"'{unknown[0]}' is not a finding kind (see docs/delegation.md, "
                             "docs/governance.md and docs/procurement.md for the kinds)")
        return v


class PolicyValues(BaseModel):
    """The whole values file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    procurement: ProcurementValues
    gifts: GiftValues
    hospitality: HospitalityValues
    breaches: BreachValues
    source: str = Field("", description="Where the values were read from (set by load_values).")

    def least_action(self, role: Any) -> Action:
        """The least action for a participant of ``role`` conflicted with a bidder (declare if none)."""
        got = self.procurement.least_action.get(ParticipantRole(str(role)))
        return got.action if got else Action.declare

    @property
    def lookback_days(self) -> int:
        """The look-back for gifts and hospitality, in days."""
        return months_to_days(self.procurement.lookback_months)


def load_values(path: str | Path | None = None) -> PolicyValues:
    """Read a values file (default: the bundled ``procurement.yaml``); every problem names its line."""
    if path is None:
        return _default().model_copy(deep=True)
    p = Path(path)
    if not p.exists() and not p.is_symlink():
        raise DataError([Problem(str(path), None, None, "no such policy values file",
                                 hint="give the path of a YAML file like coigraph/policies/procurement.yaml, "
                                 "or leave out --policy-values for the default")],
                        summary="cannot load the policy values")
    # a regular file only (a named pipe would block for ever), UTF-8: as every settings file is read
    text = read_text_file(p, "policy values file")
    return parse_values(text, label=p.name, source=p.name)


@functools.cache
def _default() -> PolicyValues:
    text = resources.files("coigraph.policies").joinpath(DEFAULT_VALUES).read_text("utf-8")
    return parse_values(text, label=f"{DEFAULT_VALUES} (bundled)", source="default")


def parse_values(text: str, *, label: str = "policy values", source: str = "") -> PolicyValues:
    """Parse and check a values file's YAML ``text``; ``label`` names it in messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except RecursionError as exc:  # hostile input: nesting too deep for the parser
        raise DataError([Problem(label, None, None, "the YAML nests lists or mappings too deeply to read",
                                 hint="check the file is the one intended")],
                        summary="cannot load the policy values") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(label, mark.line + 1 if mark else None, None,
                                 f"the YAML cannot be read: {getattr(exc, 'problem', None) or exc}",
                                 hint="check the indentation and quote text containing ':' or '#'")],
                        summary="cannot load the policy values") from exc
    if not isinstance(data, dict):
        raise DataError([Problem(label, 1, None, "expected 'name', 'procurement', 'gifts', 'hospitality' "
                                 "and 'breaches' sections",
                                 hint="start from a copy of coigraph/policies/procurement.yaml")],
                        summary="the policy values are invalid")
    try:
        return PolicyValues.model_validate({**data, "source": source})
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ())]
            msg = re.sub(r"^Value error, ", "", e.get("msg", "invalid"))
            if e.get("type") == "extra_forbidden":
                msg = f"unknown field '{loc[-1]}'"
            elif e.get("type") in ("enum", "literal_error"):
                msg = f"'{e.get('input')}' is not allowed here: {msg}"
            problems.append(Problem(label, _line(node, loc), ".".join(loc) or None, msg))
        raise DataError(problems, summary="the policy values are invalid") from exc


def _line(node: Any, loc: list[str]) -> int | None:
    """The YAML line of the deepest part of ``loc`` found in the composed document."""
    line = node.start_mark.line + 1 if node is not None else None
    cur = node
    for part in loc:
        nxt = None
        if isinstance(cur, yaml.MappingNode):
            nxt = next((v for k, v in cur.value if str(k.value) == part), None)
        if nxt is None:
            break
        cur = nxt
        line = cur.start_mark.line + 1
    return line


__all__ = ["Threshold", "LeastAction", "PolicyValues", "load_values", "parse_values", "DEFAULT_VALUES"]
