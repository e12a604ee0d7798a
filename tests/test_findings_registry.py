"""The one findings registry: every kind the code can report is registered, every fixture exists."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import coigraph
from coigraph import findings
from coigraph.audit import build_audit
from coigraph.governance.composition import load_composition_rules
from coigraph.graph import load_graph

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PACKAGE = Path(coigraph.__file__).parent


def _fixtures() -> list[Path]:
    """Every dataset folder under tests/data (and the sample system)."""
    folders = [p for p in sorted(DATA.iterdir()) if p.is_dir() and any(p.glob("organisations.*"))]
    return [*folders, ROOT / "data" / "northshire"]


def _literal_kinds() -> dict[str, str]:
    """Kinds named as a literal in a ``finding("kind", ...)`` call anywhere in the package."""
    out: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in ("finding", "_finding") and isinstance(first, ast.Constant):
                out[str(first.value)] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return out


def test_every_fixture_a_kind_names_is_a_folder_under_tests_data() -> None:
    named = {k.code: k.fixture for k in findings.KINDS.values() if k.fixture}
    assert named, "no kind names its fixture"
    for code, fixture in named.items():
        path = (ROOT / fixture).resolve()
        assert path.parent == DATA, f"{code}: fixture {fixture} is not a folder of tests/data"
        assert path.is_dir(), f"{code}: no fixture folder {fixture}"


def test_every_kind_named_in_the_code_is_registered() -> None:
    named = _literal_kinds()
    assert len(named) >= 20  # the search sees the calls (a rename of finding() would hide them)
    missing = {k: where for k, where in named.items() if k not in findings.KINDS}
    assert not missing, f"finding kinds not in coigraph/policies/findings.yaml: {missing}"


def test_composition_rules_are_registered_as_kinds() -> None:
    for rule in load_composition_rules():
        kind = findings.KINDS[f"composition.{rule.id}"]
        assert (kind.area, kind.severity, kind.title, kind.basis) == (
            "composition", rule.severity, rule.text, rule.basis or "")


@pytest.mark.parametrize("folder", _fixtures(), ids=lambda p: p.name)
def test_every_finding_of_every_fixture_is_of_a_registered_kind(folder: Path) -> None:
    report = build_audit(load_graph(folder))
    for f in report.findings:
        kind = findings.KINDS.get(f.kind)
        assert kind is not None, f"{folder.name}: unregistered kind {f.kind}"
        # a finding that depends on a blank is advisory whatever its kind's severity (issue 14)
        want = kind.severity_of(f.grade)
        assert (f.severity if not f.to_confirm else want, f.basis) == (want, kind.basis), f.kind
        assert not f.to_confirm or f.severity == "advisory", f.kind
        assert f.citations == kind.citations and f.citations, f"{f.kind} cites nothing"


@pytest.mark.parametrize("code", sorted(k.code for k in findings.KINDS.values() if k.fixture))
def test_each_kind_is_shown_by_its_fixture(code: str) -> None:
    fixture = ROOT / str(findings.KINDS[code].fixture)
    assert code in {f.kind for f in build_audit(load_graph(fixture)).findings}


def test_one_severity_scale() -> None:
    from coigraph import errors

    assert errors.ProblemLevel is not findings.Severity
    sources = [p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")]
    assert sum(s.count("class Severity(") for s in sources) == 1


def test_every_kind_cites_its_sources_and_each_grade_is_a_severity() -> None:
    bundled = {f"composition.{r.id}" for r in load_composition_rules()} | {k.code for k in findings._declared()}
    for k in (findings.KINDS[c] for c in sorted(bundled)):
        assert k.citations, f"{k.code}: no citation"
        for c in k.citations:
            assert c.source in ("law", "guidance", "constitution", "local_policy", "advice")
        # an unverified citation says why; a verified one says what was read
        assert all(c.note for c in k.citations if not c.own_document), k.code
    graded = {c: k for c, k in findings.KINDS.items() if k.grades}
    assert graded["declaration_not_minuted"].severity_of("declare_only") == "advisory"
    assert graded["declaration_not_on_register"].severity_of("within_window") == "advisory"
    assert graded["declaration_not_on_register"].severity_of(None) == "policy_breach"
    with pytest.raises(KeyError):
        findings.finding("declaration_not_minuted", "x", grade="nonsense")


def test_policy_breach_is_in_use_and_the_unlawful_kinds_rest_on_law() -> None:
    used = {k.severity for k in findings.KINDS.values()} | {
        s for k in findings.KINDS.values() for s in k.grades.values()}
    assert set(findings.Severity) <= used | {findings.Severity.against_guidance}
    for k in findings.KINDS.values():
        if k.severity == "unlawful":
            assert any(c.source == "law" for c in k.citations), k.code
        if k.severity == "advisory" and any(c.source == "advice" for c in k.citations):
            assert k.code == "committee_in_all_but_name" or "advice" in k.basis.lower()
    assert findings.KINDS["committee_in_all_but_name"].severity == "advisory"
