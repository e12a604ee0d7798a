"""Records that come from public reference registers, not from declarations.

:class:`Control` is a person with significant control (PSC) of a company, as
Companies House's PSC register (or a BODS publication of it) records it: who
controls which company, how (the natures of control), and from when to when.
It is evidence from a public register, kept apart from the register of
interests: nobody *declared* it, which is exactly why it is worth having.

Dates of birth, nationality, residence and addresses in the source are never
kept (they serve matching only, in :mod:`coigraph.reference.match`).
"""

from __future__ import annotations

from pydantic import Field, model_validator

from coigraph.model.base import Dated, Id, ShortText, ref
from coigraph.model.vocab import ControllerKind, ControlRegister


class Control(Dated):
    """A person or company with significant control of a company, from a public register."""

    id: Id | None = Field(None, description="Optional id; made from the row when blank.")
    person: Id | None = ref("people", "The person who controls the company (an individual PSC).", default=None)
    controller: Id | None = ref(
        "organisations", "The organisation that controls it (a corporate or legal-person PSC).", default=None
    )
    company: Id = ref("organisations", "The company controlled.")
    natures: list[ShortText] = Field(
        min_length=1,
        description=(
            "How, in the register's own codes, ';'-separated: Companies House natures of control "
            "('ownership-of-shares-25-to-50-percent', 'significant-influence-or-control') or BODS "
            "interest types ('shareholding 25-50%')."
        ),
    )
    controller_kind: ControllerKind = Field(
        ControllerKind.individual, description="individual, corporate_entity or legal_person."
    )
    source_register: ControlRegister = Field(
        ControlRegister.companies_house_psc,
        description="The public register it comes from: companies_house_psc or bods (never a declaration).",
    )
    name_on_register: ShortText | None = Field(None, description="The controller's name as the register gives it.")
    register_id: ShortText | None = Field(
        None, description="The register's own id of the record ('/company/01234567/persons-with-significant-"
        "control/individual/abc...'), to look it up."
    )
    matched_by: ShortText | None = Field(
        None, description="How the controller was matched to the dataset: 'name and month and year of birth', "
        "'confirmed by a reviewer', 'company number', 'name'."
    )
    source: ShortText | None = Field(None, description="The file and line it was read from.")

    @model_validator(mode="after")
    def _who(self) -> Control:
        if bool(self.person) == bool(self.controller):
            raise ValueError("person: give either the person or the controlling organisation (one of the two)")
        if self.person and self.controller_kind != ControllerKind.individual:
            raise ValueError("controller_kind: a person controls as an individual; use controller for a company")
        return self


__all__ = ["Control"]
