"""Materiality policy: which interest paths are how material, and what the chair should do.

A policy is a YAML file (the default is ``coigraph/policies/default.yaml``;
an ICB swaps in its own with ``--policy FILE``, no code changes).  Each
*rule* matches facts about one interest path on one agenda item (the path's
shape, the interest type, direct or indirect, the item's effect on the
organisation, the item's kind, whether the interest is current...) and gives
a *level* and an *action*:

=============  ================================================================
level          material, perceived, declare_only, to_confirm
action         declare (declare and take part), no_decision (take part in the
               discussion, not the decision), leave (leave the meeting for the
               item and receive no papers for it)
=============  ================================================================

Of all the rules that match, the strictest wins (heaviest action, then
heaviest level, then the first in the file); if none matches, the policy's
``default`` rule applies.  Then every matching *modifier* adjusts the result
in file order: ``lighter: N`` (N levels and actions lighter, e.g. for an
interest that ended within the look-back), ``set_level`` and ``max_action``
(e.g. an organisation only inferred from the item's text: "to confirm",
never "leave").  Every finding carries the id and wording of the rule that
fired and the ids of the modifiers applied.

The file format is documented in ``docs/screening.md`` and in the comments of
the default policy.
"""

from __future__ import annotations

import functools
import re
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from coigraph.errors import DataError, Problem
from coigraph.model import Effect, InterestType, ItemKind, OrgRelationKind, Role

DEFAULT_POLICY = "default.yaml"


class Level(StrEnum):
    """How material an interest is, from heaviest to lightest ('to_confirm': not yet known)."""

    material = "material"
    perceived = "perceived"
    declare_only = "declare_only"
    to_confirm = "to_confirm"


class Action(StrEnum):
    """What the person should do for the item, from lightest to heaviest."""

    declare = "declare"
    no_decision = "no_decision"
    leave = "leave"


#: Heaviness of each action and level (higher: stricter).
ACTION_WEIGHT = {Action.declare: 0, Action.no_decision: 1, Action.leave: 2}
LEVEL_WEIGHT = {Level.to_confirm: 0, Level.declare_only: 1, Level.perceived: 2, Level.material: 3}
LIGHTER_LEVEL = {Level.material: Level.perceived, Level.perceived: Level.declare_only,
                 Level.declare_only: Level.declare_only, Level.to_confirm: Level.to_confirm}
LIGHTER_ACTION = {Action.leave: Action.no_decision, Action.no_decision: Action.declare,
                  Action.declare: Action.declare}

#: What each action asks of the person, in the words a chair would use (a policy may reword them).
ACTION_TEXT = {
    Action.declare: "Declare the interest and take part",
    Action.no_decision: "Declare; take part in the discussion but not the decision (no vote)",
    Action.leave: "Declare; leave the meeting for the item and receive no papers for it",
}

#: Interest categories as NHS registers use them: the three types, or indirect.
Category = Literal["financial", "non_financial_professional", "non_financial_personal", "indirect"]

#: Words rule texts may use in braces, e.g. "{person} is a director of {organisation}".
PLACEHOLDERS = ("person", "organisation", "effect", "item", "role", "associate", "relationship")

_TYPE_ORDER = [InterestType.financial, InterestType.non_financial_professional,
               InterestType.non_financial_personal]


class Facts(BaseModel):
    """What a rule can match on: one interest path on one agenda item."""

    shape: Literal["direct", "via_org", "self"]
    indirect: bool
    carrier: Literal["position", "interest"]
    interest_type: InterestType
    category: Category
    relations: list[str] = Field(default_factory=list)
    direction: Literal["up", "down"] | None = None
    effect: Effect
    item_kind: ItemKind
    recency: Literal["current", "ended"] = "current"
    inferred: bool = False
    confidential: bool = False
    role: str | None = None
    value: float | None = None


def _listify(v: Any) -> Any:
    if v is None or isinstance(v, list):
        return v
    return [v]


class Match(BaseModel):
    """Conditions of a rule; every condition given must hold (a list means any of its values)."""

    model_config = ConfigDict(extra="forbid")

    shape: list[Literal["direct", "via_org", "self"]] | None = Field(
        None, description="direct (interest in the organisation itself or a body it owns), "
        "via_org (through subsidiary/ownership/membership), self (the member's own post or body).")
    indirect: bool | None = Field(None, description="true: held through an associate.")
    carrier: list[Literal["position", "interest"]] | None = Field(
        None, description="position (a post held) or interest (a register entry).")
    interest_type: list[InterestType] | None = Field(
        None, description="financial, non_financial_professional, non_financial_personal.")
    category: list[Literal["financial", "non_financial_professional", "non_financial_personal",
                           "indirect"]] | None = None
    via: list[OrgRelationKind] | None = Field(
        None, description="Every organisation relation walked is one of these (and at least one was).")
    direction: list[Literal["up", "down"]] | None = None
    effect: list[Effect] | None = None
    item_kind: list[ItemKind] | None = None
    recency: list[Literal["current", "ended"]] | None = None
    inferred: bool | None = None
    confidential: bool | None = None
    role: list[Role] | None = None
    value_at_least: float | None = Field(None, ge=0, description="The item's value is at least this (£).")
    value_below: float | None = Field(None, ge=0, description="The item's value is below this (£).")

    _lists = field_validator("shape", "carrier", "interest_type", "category", "via", "direction", "effect",
                             "item_kind", "recency", "role", mode="before")(_listify)

    def matches(self, f: Facts) -> bool:
        """Do the facts meet every condition?"""
        checks: list[tuple[Any, Any]] = [
            (self.shape, f.shape), (self.carrier, f.carrier), (self.interest_type, f.interest_type),
            (self.category, f.category), (self.direction, f.direction), (self.effect, f.effect),
            (self.item_kind, f.item_kind), (self.recency, f.recency), (self.role, f.role),
        ]
        for allowed, have in checks:
            if allowed is not None and have not in allowed:
                return False
        for want, have in ((self.indirect, f.indirect), (self.inferred, f.inferred),
                           (self.confidential, f.confidential)):
            if want is not None and want != have:
                return False
        if self.via is not None and (not f.relations or any(r not in self.via for r in f.relations)):
            return False
        if self.value_at_least is not None and (f.value is None or f.value < self.value_at_least):
            return False
        if self.value_below is not None and (f.value is None or f.value >= self.value_below):
            return False
        return True


def _check_placeholders(text: str) -> str:
    for name in re.findall(r"\{([^{}]*)\}", text):
        if name not in PLACEHOLDERS:
            raise ValueError(f"unknown placeholder '{{{name}}}'; use one of "
                             + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
    return text


class Rule(BaseModel):
    """A policy rule: when the conditions hold, the level and action to recommend, and why."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    when: Match = Field(default_factory=Match)
    level: Level
    action: Action
    text: str = Field(min_length=1, max_length=2000, description="The rule in words, shown on findings.")
    basis: str | None = Field(None, max_length=500, description="Where the rule comes from.")

    _text = field_validator("text")(_check_placeholders)


class Modifier(BaseModel):
    """Adjusts the winning rule's result when its conditions hold."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    when: Match
    lighter: int = Field(0, ge=0, le=3, description="Make level and action this many steps lighter.")
    set_level: Level | None = None
    max_action: Action | None = None
    text: str = Field(min_length=1, max_length=2000)

    _text = field_validator("text")(_check_placeholders)


class DefaultRule(BaseModel):
    """What applies when no rule matches."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
    level: Level
    action: Action
    text: str = Field(min_length=1, max_length=2000)
    basis: str | None = None

    _text = field_validator("text")(_check_placeholders)


class PositionTypes(BaseModel):
    """Which interest type a post counts as: ``default`` unless its role is listed."""

    model_config = ConfigDict(extra="forbid")

    default: InterestType = InterestType.financial
    roles: dict[Role, InterestType] = Field(default_factory=dict)


class Policy(BaseModel):
    """A whole policy file."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    description: str | None = None
    position_types: PositionTypes = Field(default_factory=PositionTypes)
    rules: list[Rule] = Field(min_length=1)
    default: DefaultRule
    modifiers: list[Modifier] = Field(default_factory=list)
    action_text: dict[Action, str] = Field(default_factory=dict)
    source: str = Field("", description="Where the policy was read from (set by load_policy).")

    @model_validator(mode="after")
    def _unique_ids(self) -> Policy:
        seen: set[str] = set()
        for r in [*self.rules, self.default, *self.modifiers]:
            if r.id in seen:
                raise ValueError(f"rule id '{r.id}' is used twice; every rule and modifier needs its own id")
            seen.add(r.id)
        return self

    # ----------------------------------------------------------------- use

    def interest_type(self, carrier: str, role: str | None, types: list[str]) -> InterestType:
        """The interest type of a path: a post's by role, a register entry's strongest type."""
        if carrier == "position":
            if role is not None and role in self.position_types.roles:
                return self.position_types.roles[Role(role)]
            return self.position_types.default
        for t in _TYPE_ORDER:
            if t in types:
                return t
        return InterestType.non_financial_personal

    def action_words(self, action: Action) -> str:
        """What ``action`` asks of the person, in this policy's words."""
        return self.action_text.get(action, ACTION_TEXT[action])

    def evaluate(self, facts: Facts) -> Verdict:
        """The verdict for one path on one item: the strictest matching rule, then the modifiers."""
        winner: Rule | DefaultRule | None = None
        for rule in self.rules:
            if rule.when.matches(facts) and (winner is None or _weight(rule) > _weight(winner)):
                winner = rule
        if winner is None:
            winner = self.default
        level, action, applied = winner.level, winner.action, []
        texts = []
        for m in self.modifiers:
            if not m.when.matches(facts):
                continue
            for _ in range(m.lighter):
                level, action = LIGHTER_LEVEL[level], LIGHTER_ACTION[action]
            if m.set_level is not None:
                level = m.set_level
            if m.max_action is not None and ACTION_WEIGHT[action] > ACTION_WEIGHT[m.max_action]:
                action = m.max_action
            applied.append(m.id)
            texts.append(m.text)
        return Verdict(level=level, action=action, rule_id=winner.id, rule_text=winner.text,
                       basis=winner.basis, base_level=winner.level, base_action=winner.action,
                       modifiers=applied, modifier_texts=texts)


    def evaluate_unknown(self, variants: list[Facts], unknown: list[str]) -> Verdict:
        """The verdict for a path whose facts the data does not fully state (issue 14).

        ``variants`` are the facts with each possible value of what is not
        stated (an interest's type, an item's kind); ``unknown`` says, in words,
        what is not stated and matters.  With nothing unknown that matters, the
        strictest verdict of the variants (they agree).  Otherwise the strictest,
        graded ``to_confirm`` and never ``leave`` (at most ``no_decision``): a
        blank is never a reason to send anyone out, and the finding says what to
        confirm.
        """
        verdicts = [self.evaluate(f) for f in variants]
        top = max(verdicts, key=lambda v: (ACTION_WEIGHT[v.action], LEVEL_WEIGHT[v.level]))
        if not unknown:
            return top
        action = Action.no_decision if top.action == Action.leave else top.action
        text = ("Not stated in the data: " + "; ".join(unknown) + ". Confirm it before anyone is asked "
                f"to leave ({ACTION_WORDS_IF_KNOWN.get(top.action, top.action)} if it is as the strictest "
                "reading has it).")
        return top.model_copy(update={
            "level": Level.to_confirm, "action": action, "modifiers": [*top.modifiers, UNKNOWN_MODIFIER],
            "modifier_texts": [*top.modifier_texts, text]})


#: The id a verdict carries among its modifiers when it depends on something the data does not state.
UNKNOWN_MODIFIER = "not-stated-in-data"
ACTION_WORDS_IF_KNOWN = {Action.leave: "leave the room", Action.no_decision: "no part in the decision",
                         Action.declare: "declare and take part"}


def _weight(rule: Rule | DefaultRule) -> tuple[int, int]:
    return (ACTION_WEIGHT[rule.action], LEVEL_WEIGHT[rule.level])


class Verdict(BaseModel):
    """The outcome of a policy on one path: level, action, the rule that fired and modifiers."""

    level: Level
    action: Action
    rule_id: str
    rule_text: str
    basis: str | None = None
    base_level: Level
    base_action: Action
    modifiers: list[str] = Field(default_factory=list)
    modifier_texts: list[str] = Field(default_factory=list)


def fill(text: str, values: dict[str, str | None]) -> str:
    """Put ``values`` into a rule text's {placeholders} (only the known names; no format language)."""
    return re.sub(r"\{(" + "|".join(PLACEHOLDERS) + r")\}",
                  lambda m: str(values.get(m.group(1)) or m.group(1)), text)


# --------------------------------------------------------------------------- loading


def load_policy(path: str | Path | None = None) -> Policy:
    """Read a policy file (default: the bundled ``default.yaml``), checking every field.

    Raises :class:`DataError` naming the file, the line of the rule and the
    field for anything wrong (an unknown condition, a level that does not
    exist, a placeholder that is not known...).
    """
    if path is None:
        # The bundled file cannot change while running: parse it once, hand out copies
        # (screening an audit's worth of meetings read and checked it once per meeting).
        return _default_policy().model_copy(deep=True)
    p = Path(path)
    label, source = p.name, p.name
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError([Problem(str(path), None, None, "no such policy file",
                                 hint="give the path of a YAML policy file, or leave out --policy "
                                      "for the default")], summary="cannot load the policy") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError([Problem(str(path), None, None, f"cannot read the policy file: {exc}",
                                 hint="a policy file is UTF-8 text (YAML)")],
                        summary="cannot load the policy") from exc
    return parse_policy(text, label=label, source=source)


@functools.cache
def _default_policy() -> Policy:
    text = resources.files("coigraph.policies").joinpath(DEFAULT_POLICY).read_text("utf-8")
    return parse_policy(text, label="default.yaml (bundled)", source="default")


def parse_policy(text: str, *, label: str = "policy", source: str = "") -> Policy:
    """Parse and check policy YAML ``text``; ``label`` names it in error messages."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError([Problem(label, mark.line + 1 if mark else None, None,
                                 f"the YAML cannot be read: {getattr(exc, 'problem', None) or exc}",
                                 hint="check the indentation and quote text containing ':' or '#'")],
                        summary="cannot load the policy") from exc
    if not isinstance(data, dict):
        raise DataError([Problem(label, 1, None, "a policy file is a mapping with 'name', 'rules' and "
                                 "'default'", hint="start from a copy of the default policy "
                                 "(coigraph/policies/default.yaml)")], summary="the policy is invalid")
    try:
        pol = Policy.model_validate({**data, "source": source})
    except ValidationError as exc:
        problems = [_problem(label, node, e) for e in exc.errors()]
        raise DataError(problems, summary="the policy is invalid") from exc
    return pol


def _problem(label: str, node: Any, err: dict[str, Any]) -> Problem:
    loc = list(err.get("loc", ()))
    line = _line_of(node, loc)
    msg = re.sub(r"^Value error, ", "", err.get("msg", "invalid"))
    hint = None
    if err.get("type") == "extra_forbidden":
        msg = f"unknown field '{loc[-1]}'"
        hint = "conditions are: " + ", ".join(Match.model_fields) if "when" in loc else None
    elif err.get("type") in ("enum", "literal_error"):
        msg = f"'{err.get('input')}' is not allowed here: {msg}"
    where = ".".join(str(x) for x in loc) or None
    return Problem(label, line, where, msg, hint)


def _line_of(node: Any, loc: list[Any]) -> int | None:
    """The YAML line of the deepest part of ``loc`` that exists in the composed document."""
    line = node.start_mark.line + 1 if node is not None else None
    cur = node
    for part in loc:
        if isinstance(cur, yaml.MappingNode):
            nxt = next((v for k, v in cur.value if k.value == part), None)
        elif isinstance(cur, yaml.SequenceNode) and isinstance(part, int) and part < len(cur.value):
            nxt = cur.value[part]
        else:
            nxt = None
        if nxt is None:
            break
        cur = nxt
        line = cur.start_mark.line + 1
    return line


__all__ = ["UNKNOWN_MODIFIER", "Action", "Level", "Facts", "Match", "Rule", "Modifier", "Policy", "Verdict", "load_policy",
           "parse_policy", "fill", "ACTION_TEXT", "ACTION_WEIGHT", "LEVEL_WEIGHT"]
