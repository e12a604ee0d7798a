"""Delegation results in words: the sentences the terminal text and the papers share.

A link ("X delegated a matter (its code) to Y"), its band, conditions and reporting duty, a decision's
facts that schemes as written depend on, one approver, a verdict's label, an audit's period.
:mod:`coigraph.report.delegation` (terminal, CSV, the powers page) and
:mod:`coigraph.report.delegation_papers` (the working paper and the evidence pack) both use
them, so the two say the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable

from coigraph import words
from coigraph.audit import AuditReport
from coigraph.delegation import SOUND, Approver, DecisionInfo, Link, Trace
from coigraph.delegation.approvers import label as approver_label
from coigraph.findings import KINDS

#: An amount in words: '£1,200,000'; 'no limit' for none.
money = words.money
period = words.period

#: A verdict in the words of the papers and the terminal.
VERDICT_LABEL = {
    SOUND: "SOUND",
    "unlawful": "UNLAWFUL",
    "sord_breach": "OUTSIDE THE SCHEME (SoRD breach)",
    "policy_breach": "BREACH OF THE CONFLICTS POLICY OR STANDING ORDERS",
    "against_guidance": "AGAINST GUIDANCE",
    "advisory": "SOUND, WITH POINTS TO NOTE",
}


#: A link's sub-delegation term in words (None: the scheme, as entered, does not say; issue 14).
SUB_DELEGATION_WORDS = {True: "allowed", False: "not allowed",
                        None: "not stated in the scheme — to confirm against the scheme"}


def trace_label(t: Trace) -> str:
    """The verdict of a trace in capitals; 'NOT CHECKED: TO CONFIRM AGAINST THE SCHEME' when the
    organisation's scheme is not in the data at all (issue 14: never 'sound' on a scheme nobody
    could read)."""
    if t.verdict == "advisory" and any(f.kind == "scheme_not_in_data" for f in t.findings):
        return "NOT CHECKED: TO CONFIRM AGAINST THE SCHEME"
    return VERDICT_LABEL.get(t.verdict, t.verdict)


def link_failed(link: Link) -> list[str]:
    """The checks a link failed (a point to confirm is not a failure)."""
    return [c for c in link.checks if not (c in KINDS and KINDS[c].to_confirm)]


def link_to_confirm(link: Link) -> list[str]:
    """The checks of a link that depend on what the scheme, as entered, does not say."""
    return [c for c in link.checks if c in KINDS and KINDS[c].to_confirm]


def check_words(kinds: list[str]) -> str:
    """Checks in words, each with its code: 'sub-delegation the parent does not allow
    (sub_delegation_forbidden)'; a to-confirm kind's own 'To confirm: ' is not repeated."""
    out = []
    for k in kinds:
        t = KINDS[k].title if k in KINDS else words.humanise(k)
        t = t[len("To confirm: "):] if t.startswith("To confirm: ") else t
        out.append(f"{words.lower_first(t)} ({k})")
    return "; ".join(out)


def failed_words(link: Link) -> str:
    """The checks a link failed, in words ('' if none)."""
    return check_words(link_failed(link))


def to_confirm_words(link: Link) -> str:
    """The checks of a link that are to confirm, in words ('' if none)."""
    return check_words(link_to_confirm(link))


def evidence(items: Iterable[str | None]) -> str:
    ev = [e for e in items if e]
    return ", ".join(ev) if ev else "none recorded"


def what(link: Link) -> str:
    """The matters of a link in words, each with its code: all of them if few, else the one that
    covers the decision ("recurrent or non-recurrent revenue investment (investment.revenue), one
    of 10 matters in this delegation,")."""
    if len(link.matters) <= 3 or not link.covers:
        return "; ".join(link.words_for(m) for m in link.matters)
    return f"{link.words_for(link.covers)}, one of {len(link.matters)} matters in this delegation,"


def link_sentence(link: Link) -> str:
    return (f"{link.from_name} ({link.from_body}) delegated {what(link)} to "
            f"{link.to_name} ({link.to}{', a person' if link.to_type == 'person' else ''})"
            + (f", which covers {link.words_for(link.covers)}"
               if link.covers and link.covers not in link.matters else "") + ".")


def yes_no(value: bool | None, yes: str, no: str) -> str | None:
    return None if value is None else (yes if value else no)


def decision_extras(d: DecisionInfo) -> list[tuple[str, str]]:
    """The decision's facts that schemes as written depend on (only those recorded)."""
    rows: list[tuple[str, str]] = []
    if d.signatory_names:
        rows.append(("Signed by", "; ".join(f"{n} ({i})" for n, i in zip(
            d.signatory_names, d.signatories, strict=True))))
    if d.recommendation_to:
        rows.append(("Recommends", f"to {d.recommendation_to_name} ({d.recommendation_to}); "
                     + (f"approved by decision {d.approved_by}" if d.approved_by
                        else "no approving decision recorded")))
    if d.approves:
        rows.append(("Approves", "recommendation " + ", ".join(d.approves)))
    procured = None
    if d.procurement:
        procured = d.procurement + (f" ({d.quotations} quotation{'s' if d.quotations != 1 else ''})"
                                    if d.quotations is not None else "")
    supplier = f"{d.supplier_name or d.supplier} ({d.supplier})" if d.supplier else None
    for label, value in (("Supplier", supplier), ("Project", d.project),
                         ("Budget", yes_no(d.within_budget, "within an agreed budget",
                                            "NOT within an agreed budget")),
                         ("VAT", yes_no(d.value_includes_vat, "the value includes VAT",
                                         "the value excludes VAT")),
                         ("Procurement", procured), ("Reported at", d.reported_at)):
        if value:
            rows.append((label, str(value)))
    return rows


def link_extras(link: Link) -> list[tuple[str, str]]:
    """A link's band, conditions, reporting duty, who acted under it and what is to confirm."""
    rows: list[tuple[str, str]] = []
    if link.lower_limit is not None:
        rows.append(("Band", f"above {money(link.lower_limit)} up to {money(link.limit)}"))
    conds = [c for c in (yes_no(link.includes_vat, "limits include VAT", "limits exclude VAT"),
                         "within an agreed budget only" if link.within_budget_only else None,
                         "cumulative cost of a project" if link.cumulative else None) if c]
    if conds:
        rows.append(("Conditions", "; ".join(conds)))
    if link.report_to:
        rows.append(("Reporting", (f"the {link.report_top_n} largest by value " if link.report_top_n
                                   else "decisions ") + f"reported to {link.report_to_name} "
                     f"({link.report_to})"))
    if link.acting_as:
        rows.append(("Acting as", link.acting_as))
    rows += [("To confirm", note) for note in link.to_confirm]
    return rows


def approve_heading(value: float | None, on: str | None) -> str:
    """"Who may approve this (£1,200,000, on 4 June 2025):", leaving out what is not recorded."""
    parts = ([words.money(value)] if value is not None else []) + ([f"on {on}"] if on else [])
    return "Who may approve this" + (f" ({', '.join(parts)})" if parts else "") + ":"


def approver_line(h: Approver) -> str:
    """One approver in words: who, under what, up to what, by whose authority."""
    band = ""
    if h.limit is not None or h.lower_limit is not None:
        band = ((f"above {money(h.lower_limit)} " if h.lower_limit is not None else "")
                + f"up to {money(h.limit)}")
    under = (f" under {h.delegation}" + (f" ({h.instrument})" if h.instrument else "")
             if h.delegation else "")
    chain = (" <- ".join(h.chain) + " -> ") if h.chain else ""
    parts = [approver_label(h) + under, band, "in band" if h.in_band else "",
             f"authority: {chain}{h.accountable_board_name} ({h.accountable_board})"
             if h.accountable_board else "",
             "; ".join(h.conditions), h.reporting or ""]
    return "; ".join(x for x in parts if x) + "." + (f" {h.note}" if h.note else "")


def period_text(r: AuditReport) -> str:
    if r.date_from or r.date_to:
        return period(r.date_from, r.date_to)
    return "all dates"
