"""The delegation sections of the audit: every decision traced, and the scheme checked as a whole.

Listed, in order, by :data:`coigraph.audit.SECTIONS`.
"""

from __future__ import annotations

from coigraph.delegation.rules import KINDS
from coigraph.delegation.scheme_audit import audit_scheme
from coigraph.section import AuditContext, Cell, Section
from coigraph.words import humanise, lower_first, money, period


def decisions_section(ctx: AuditContext) -> Section:
    """Every decision traced to its accountable board(s), one row each."""
    rows: list[list[Cell]] = []
    for t in ctx.traces:
        d = t.decision
        boards = sorted({c.accountable_board_name or c.accountable_board or "" for c in t.chains
                         if c.complete} - {""})
        rows.append([d.id, d.date.isoformat() if d.date else "not recorded", d.by_name, d.matter,
                     money(d.value) if d.value is not None else "",
                     "; ".join(d.on_behalf_of_names or d.on_behalf_of), "; ".join(boards) or "(none reached)",
                     humanise(t.verdict), ", ".join(sorted({f.kind for f in t.findings}))])
    bad = sum(1 for t in ctx.traces if t.findings)
    n = len(ctx.traces)
    summary = (f"{n} decision{'s' if n != 1 else ''} traced from the decider up to the accountable "
               f"board; {bad} with findings." if n else "No decisions in the data for this period.")
    return Section(
        id="decisions", title="Decisions traced to their accountable board", summary=summary,
        columns=["decision", "date", "decided by", "matter", "value", "for", "accountable board",
                 "verdict", "findings"],
        rows=rows, findings=[f for t in ctx.traces for f in t.findings],
        details=[t.model_dump(mode="json") for t in ctx.traces])


def scheme_section(ctx: AuditContext) -> Section:
    """The scheme of delegation, one row per delegation, with the checks on the scheme itself.

    A problem with a delegation already reported against a decision that
    relied on it is not reported a second time here.
    """
    S = ctx.scheme
    reported = {(f.kind, f.delegation) for t in ctx.traces for f in t.findings if f.delegation}
    findings = [f for f in audit_scheme(ctx.G, rules=ctx.rules, scheme=S)
                if (f.kind, f.delegation) not in reported or not f.delegation]
    by_deleg: dict[str, list[str]] = {}
    for f in findings:
        if f.delegation:
            by_deleg.setdefault(f.delegation, []).append(f.kind)
    rows: list[list[Cell]] = []
    for did in sorted(S.delegs):
        d = S.delegs[did]
        rows.append([d.id, S.name(d.u), S.name(d.v), "; ".join(d.matters), money(d.limit),
                     period(d.start, d.end), d.statutory_basis or "",
                     d.instrument or "", ", ".join(sorted(set(by_deleg.get(did, []))))])
    kinds = sorted(k for k, v in KINDS.items() if v.scope in ("scheme", "both"))
    return Section(
        id="scheme", title="The scheme of delegation",
        summary=(f"{len(S.delegs)} delegation{'s' if len(S.delegs) != 1 else ''} checked for: "
                 + "; ".join(lower_first(KINDS[k].title) for k in kinds) + "."),
        columns=["delegation", "from", "to", "matters", "limit", "in force", "statutory basis",
                 "instrument", "findings"],
        rows=rows, findings=findings)


__all__ = ["decisions_section", "scheme_section"]
