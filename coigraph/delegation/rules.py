"""What the delegation checks look for and how far they search: the kinds, dated guidance, bounds.

The kinds themselves are declared once, as data, in
``coigraph/policies/findings.yaml`` (area ``delegation``); :data:`KINDS` is
that area of the one registry (:mod:`coigraph.findings`).  :class:`Rules`
switches kinds off, dates the guidance-based ones and bounds every search.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from coigraph.errors import UsageError, did_you_mean
from coigraph.findings import FindingKind, kinds

#: The delegation kinds (decisions and the scheme), declared in coigraph/policies/findings.yaml.
KINDS: dict[str, FindingKind] = kinds("delegation")
#: Kept for code written against the first release: a kind is a :class:`FindingKind`.
Kind = FindingKind


def overlaps(a0: dt.date | None, a1: dt.date | None, b0: dt.date | None, b1: dt.date | None) -> bool:
    """Do two inclusive periods (None: open) overlap?"""
    return (a1 is None or b0 is None or b0 <= a1) and (b1 is None or a0 is None or a0 <= b1)


class GuidanceRule(BaseModel):
    """When a guidance-based check applies: guidance changes, so its rules are dated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    since: dt.date
    until: dt.date | None = None
    source: str

    def applies(self, start: dt.date | None, end: dt.date | None) -> bool:
        """Does the period ``start``-``end`` (blank: open) overlap the guidance's period?"""
        return overlaps(start, end, self.since, self.until)


DEFAULT_GUIDANCE: dict[str, GuidanceRule] = {
    "statutory_function_to_trust": GuidanceRule(
        since=dt.date(2022, 9, 1), until=None,
        source="NHS England, Arrangements for delegation and joint exercise of statutory functions, "
               "September 2022 (updated March 2023 and January 2024)"),
}


class Rules(BaseModel):
    """What to check and how far to search.

    ``disabled`` switches kinds off (e.g. ``{"statutory_function_to_trust"}``
    once NHS England lifts its hold); ``guidance`` dates the guidance-based
    kinds; ``max_depth`` and ``max_chains`` bound every search.
    ``split_window_days`` is how close together decisions on one matter and
    supplier must be to be looked at as one commitment split under a limit
    (a setting, not a rule any scheme states: 90 days by default);
    ``vat_rate`` the rate used when a limit and a value differ on VAT (the
    UK standard rate, 20%; not checked against the VAT Act here).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    disabled: frozenset[str] = frozenset()
    guidance: dict[str, GuidanceRule] = Field(default_factory=lambda: dict(DEFAULT_GUIDANCE))
    max_depth: int = Field(12, ge=1, le=100)
    max_chains: int = Field(64, ge=1, le=10_000)
    split_window_days: int = Field(90, ge=0, le=3660)
    vat_rate: float = Field(0.2, ge=0, le=1)

    def model_post_init(self, __context: Any) -> None:
        unknown = sorted(set(self.disabled) - set(KINDS))
        if unknown:
            hint = did_you_mean(unknown[0], set(KINDS))
            raise UsageError(f"unknown finding kind {unknown[0]!r}" + (f" ({hint})" if hint else "")
                             + "; the kinds are: " + ", ".join(sorted(KINDS)))

    def on(self, kind: str, start: dt.date | None = None, end: dt.date | None = None) -> bool:
        """Is ``kind`` checked for something in force from ``start`` to ``end``?"""
        if kind in self.disabled:
            return False
        g = self.guidance.get(kind)
        return g is None or g.applies(start, end)


__all__ = ["KINDS", "Kind", "overlaps", "GuidanceRule", "DEFAULT_GUIDANCE", "Rules"]
