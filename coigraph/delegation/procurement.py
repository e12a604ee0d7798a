"""Quotation and tender thresholds: which requirement applied to a decision, and whether the data
shows it met.

A table of procurement thresholds (``procurement_thresholds``) is part of an
organisation's standing financial instructions: value bands, each with what
it requires (quotations, a formal tender, advertising under a legal regime).
For a decision with a value, on a matter a band covers, of an organisation it
was taken for, on its date, the band it falls in gives the requirement; the
decision's ``procurement`` (and ``quotations``) say what was done.

How a route meets a requirement (:data:`SATISFIES`) is a reading of common
standing financial instructions, written here as data: a stronger competition
meets a weaker requirement; a call-off from a framework meets every
requirement (the framework was itself competed); an approved waiver of the
standing financial instructions meets their own quotation or tender
requirement but never a legal regime's.  Nothing recorded is "to confirm",
never a breach.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from coigraph import ids
from coigraph.delegation.scheme import Scheme
from coigraph.findings import Finding, finding
from coigraph.model import ProcurementRoute, ProcurementThreshold
from coigraph.words import money

R = ProcurementRoute
#: Requirement -> the routes that meet it.
SATISFIES: dict[str, frozenset[str]] = {
    R.quotations.value: frozenset({R.quotations, R.tender, R.regime, R.framework, R.waiver}),
    R.tender.value: frozenset({R.tender, R.regime, R.framework, R.waiver}),
    R.regime.value: frozenset({R.regime, R.framework}),
}


class ProcurementCheck(BaseModel):
    """The threshold band a decision fell in, what it required, and what the data shows."""

    threshold: str
    organisation: str
    organisation_name: str
    band: str
    route: str
    action: str
    min_quotations: int | None = None
    regime: str | None = None
    instrument: str | None = None
    src: str | None = None
    done: str | None = None
    quotations: int | None = None
    met: bool | None = None
    note: str = ""
    alternatives: list[str] = Field(default_factory=list)


def band_text(th: ProcurementThreshold) -> str:
    """'above £25,000 up to £122,976'."""
    lo = f"above {money(th.above)}" if th.above is not None else ""
    hi = f"up to {money(th.up_to)}" if th.up_to is not None else ""
    return " ".join(x for x in (lo, hi) if x) or "any value"


def applicable(S: Scheme, orgs: list[str], matter: str, value: float,
               on: dt.date | None) -> list[ProcurementThreshold]:
    """The bands of ``orgs``' tables that cover ``matter`` and ``value`` (in force on ``on``;
    on None: any date), by organisation then id."""
    out = []
    for org in orgs:
        for th in S.thresholds.get(org, []):
            if S.covering(th.matters, matter) and th.covers(value) and (on is None or th.in_force(on)):
                out.append(th)
    return out


def check(S: Scheme, orgs: list[str], matter: str, value: float | None, on: dt.date | None,
          procurement: str | None, quotations: int | None, *, decision: str,
          evidence: list[str | None]) -> tuple[ProcurementCheck | None, list[Finding]]:
    """The requirement for a decision and whether it was met; a finding if the data shows it not met.

    Several bands may match (two organisations, or a table with overlapping
    rows): the most demanding is reported, the others named.
    """
    if value is None:
        return None, []
    bands = applicable(S, orgs, matter, value, on)
    if not bands:
        return None, []
    order = [R.quotations.value, R.tender.value, R.regime.value]
    bands.sort(key=lambda th: (-order.index(str(th.route)), -(th.min_quotations or 0), str(th.id)))
    th = bands[0]
    route = str(th.route)
    met: bool | None
    if procurement is None:
        met, note = None, "The data does not say how it was procured."
    elif procurement not in SATISFIES[route]:
        met, note = False, f"The data says '{procurement}', which does not meet '{route}'."
    elif (th.min_quotations and procurement == R.quotations.value and quotations is not None
          and quotations < th.min_quotations):
        met, note = False, (f"{quotations} quotation{'s' if quotations != 1 else ''} obtained; "
                            f"{th.min_quotations} required.")
    elif th.min_quotations and procurement == R.quotations.value and quotations is None:
        met, note = None, (f"{th.min_quotations} quotations required; the data does not say how "
                           "many were obtained.")
    else:
        met, note = True, f"The data says '{procurement}'" + (
            f" ({quotations} quotation{'s' if quotations != 1 else ''})." if quotations is not None
            else ".")
    result = ProcurementCheck(
        threshold=str(th.id), organisation=str(th.organisation),
        organisation_name=S.name(ids.org(str(th.organisation))), band=band_text(th), route=route,
        action=th.action, min_quotations=th.min_quotations, regime=th.regime,
        instrument=th.instrument, src=th.src, done=procurement, quotations=quotations, met=met,
        note=note, alternatives=[str(b.id) for b in bands[1:]])
    if met is not False:
        return result, []
    text = (f"The decision's value, {money(value)}, falls in the band {band_text(th)} of "
            f"{S.name(ids.org(str(th.organisation)))}'s procurement thresholds (threshold {th.id}"
            + (f", {th.instrument}" if th.instrument else "") + f"), which requires: {th.action}"
            + (f" ({th.regime})" if th.regime else "") + f". {note}")
    return result, [finding("procurement_requirement_not_met", text, [*evidence, th.src],
                            decision=decision, organisation=str(th.organisation))]


__all__ = ["SATISFIES", "ProcurementCheck", "band_text", "applicable", "check"]
