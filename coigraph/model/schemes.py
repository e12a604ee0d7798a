"""Schemes of delegation as they are written: posts, classes of posts, joint authorities, and the
procurement thresholds of standing financial instructions.

A scheme delegates less often to a named person than to an office ("the
Director of Finance"), a class of posts ("any executive director", "budget
holders") or several acting together ("the Chief Executive and the Director
of Finance acting jointly").  These records let a delegation name them:

* a **post** (``posts``, ``kind: office``) is a named office in an
  organisation.  A person holds it through a position that names it
  (``positions.post``), on that position's dates: the delegation follows the
  office, whoever holds it on the day.
* a **class of posts** (``posts``, ``kind: class``) is held by everyone whose
  position has one of its ``roles`` (``executive_director``), or names an
  office listed in the class (``posts.classes``), or names the class itself.
  Only posts in the delegating body's own organisation(s) count.
* a **joint authority** (``joint_authorities``) is met when different people,
  one per requirement, each hold a post the requirement names:
  ``chief-executive;director-of-finance`` (the two acting jointly),
  ``director;chief-executive|director-of-finance`` (a director and either the
  Chief Executive or the Director of Finance).
* a **procurement threshold** (``procurement_thresholds``) is one row of a
  table of quotation and tender thresholds: a value band and what it requires.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from coigraph.model.base import Dated, Id, Record, ShortText, Text, ref
from coigraph.model.vocab import PostKind, ProcurementRoute, Role

#: One requirement of a joint authority: a post id, or alternatives 'a|b' (any one of them).
Requirement = Annotated[
    str,
    Field(min_length=1, max_length=1_000,
          pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*(\|[A-Za-z0-9][A-Za-z0-9._\-]*)*$"),
]


class Post(Record):
    """A named office ('Director of Finance') or a class of posts ('budget holders') a scheme names."""

    id: Id
    name: ShortText = Field(description="Name as the scheme writes it, e.g. 'Director of Finance'.")
    kind: PostKind = Field(
        PostKind.office, description="office (one named post; the default) or class (a class of posts).")
    organisation: Id | None = ref(
        "organisations", "The organisation whose post it is (blank for a class: any organisation).",
        default=None)
    roles: list[Role] = Field(
        default_factory=list,
        description=("For an office: the role its holder has (e.g. executive_director). For a class: "
                     "everyone holding one of these roles is in the class (';'-separated)."))
    classes: list[Id] = ref(
        "posts", "For an office: the classes of posts it belongs to (';'-separated).",
        default_factory=list)
    description: Text | None = Field(None, description="The scheme's own words, e.g. its definition "
                                     "of 'directors'.")

    @model_validator(mode="after")
    def _kind(self) -> Post:
        if self.kind == PostKind.post_class and self.classes:
            raise ValueError("classes: only an office belongs to classes; a class cannot")
        if self.id in self.classes:
            raise ValueError(f"classes: the post '{self.id}' cannot belong to itself")
        return self


class JointAuthority(Record):
    """Several post holders acting together: 'the Chief Executive and the Director of Finance jointly'."""

    id: Id
    name: ShortText = Field(description="As the scheme writes it, e.g. 'The Chief Executive and the "
                            "Director of Finance acting jointly'.")
    organisation: Id | None = ref("organisations", "The organisation whose scheme it is.", default=None)
    requires: list[Requirement] = ref(
        "posts",
        "Who must act, ';'-separated, each met by a different person holding a post (or class) it "
        "names; 'a|b' means either: 'chief-executive;director-of-finance' or "
        "'director;chief-executive|director-of-finance'.",
        min_length=1)
    description: Text | None = Field(None, description="Free text.")


class ProcurementThreshold(Dated):
    """One band of a table of quotation and tender thresholds, and what it requires."""

    id: Id
    organisation: Id = ref("organisations", "The organisation whose standing financial instructions set it.")
    matters: list[Id] = ref("matters", "Matters it applies to (';'-separated); covers narrower ones.",
                            min_length=1)
    above: float | None = Field(None, ge=0, description="The band starts above this value, in pounds "
                                "(blank: from nothing).")
    up_to: float | None = Field(None, ge=0, description="The band ends at this value, inclusive "
                                "(blank: no upper end).")
    route: ProcurementRoute = Field(description="What it requires: quotations, tender or regime "
                                    "(advertised under a legal procurement regime).")
    min_quotations: int | None = Field(None, ge=1, le=100, description="How many quotations, if stated.")
    action: ShortText = Field(description="The requirement as written, e.g. 'a minimum of three "
                              "written quotations'.")
    regime: ShortText | None = Field(None, description="The legal regime the SFIs name, if any, as "
                                     "written: e.g. 'Procurement Act 2023', or in older SFIs "
                                     "'Public Contracts Regulations 2015'.")
    includes_vat: bool | None = Field(None, description="Do the values include VAT? (blank: not stated).")
    instrument: ShortText | None = Field(None, description="Where it is written, e.g. 'SFIs 9.3'.")

    @model_validator(mode="after")
    def _band(self) -> ProcurementThreshold:
        if self.above is not None and self.up_to is not None and self.up_to <= self.above:
            raise ValueError(f"up_to: the band ends ({self.up_to:,.0f}) at or below where it starts "
                             f"({self.above:,.0f}); check the two values are not swapped")
        if self.route == ProcurementRoute.none or self.route in (ProcurementRoute.framework,
                                                                 ProcurementRoute.waiver):
            raise ValueError("route: a threshold requires quotations, tender or regime")
        return self

    def covers(self, value: float) -> bool:
        """Is ``value`` in this band (above ``above``, up to and including ``up_to``)?"""
        return (self.above is None or value > self.above) and (self.up_to is None or value <= self.up_to)


__all__ = ["Requirement", "Post", "JointAuthority", "ProcurementThreshold"]
