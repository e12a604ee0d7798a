"""What a committee or officer may decide, derived from the delegation chains."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
import yaml

from coigraph.delegation import powers_of
from coigraph.errors import NotFound
from coigraph.graph import load_graph

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))
import make_deleg_fixtures as fx  # noqa: E402


def _graph(case: str):
    return load_graph(DATA / f"deleg-{case.replace('_', '-')}")


def test_committee_powers_come_with_limit_dates_and_accountable_board() -> None:
    p = powers_of(_graph("sound"), "icb-fic")
    assert p.holder == "icb-fic" and p.holder_type == "body" and p.holder_kind == "committee"
    (x,) = p.powers
    assert (x.matter, x.limit, x.own_limit, x.delegation, x.instrument) == (
        "contract_award", 1_000_000, 1_000_000, "d-fic", "ICB SoRD 4.3")
    assert x.accountable_board == "icb-board" and x.valid and x.may_sub_delegate
    assert x.start == dt.date(2022, 7, 1) and x.end is None
    assert p.findings == [] and p.inherent is None


def test_officer_power_is_limited_by_the_whole_chain() -> None:
    (x,) = powers_of(_graph("sound"), "cfo").powers
    assert [s.delegation for s in x.chain] == ["d-cfo", "d-fic"]
    assert x.limit == 250_000 and x.limit_set_by == "d-cfo" and x.valid

    (y,) = powers_of(_graph("sub_delegation_limit_exceeds_parent"), "person:cfo").powers
    assert y.own_limit == 1_500_000 and y.limit == 1_000_000 and y.limit_set_by == "d-fic"
    assert not y.valid and [f.kind for f in y.findings] == ["sub_delegation_limit_exceeds_parent"]


def test_forbidden_sub_delegation_makes_the_power_invalid() -> None:
    p = powers_of(_graph("sub_delegation_forbidden"), "cfo")
    assert not p.powers[0].valid
    assert [(f.kind, f.delegation) for f in p.findings] == [("sub_delegation_forbidden", "d-cfo")]


def test_nhs_england_function_is_held_by_nhs_englands_authority() -> None:
    (x,) = powers_of(_graph("sound"), "icb-pccc").powers
    assert x.accountable_board == "nhse-board" and x.accountable_organisation == "nhs-england"
    assert [s.delegation for s in x.chain] == ["d-pccc", "d-nhse-pc"]
    assert x.limit == 2_000_000 and x.statutory_basis is None


def test_board_holds_its_organisations_functions_and_its_reserved_matters() -> None:
    p = powers_of(_graph("sound"), "icb-board")
    assert p.inherent and "NHS Westmere Integrated Care Board" in p.inherent
    assert [(r.matter, r.instrument) for r in p.reserved] == [("annual_accounts", "ICB SoRD 2.4")]
    (x,) = p.powers  # primary care, received from NHS England
    assert x.matter == "primary_care" and x.from_body == "nhse-board"


def test_powers_on_a_date_only_count_delegations_in_force() -> None:
    G = _graph("expired")
    assert {x.delegation for x in powers_of(G, "icb-fic").powers} == {"d-fic", "d-fic-old"}
    assert {x.delegation for x in powers_of(G, "icb-fic", on=dt.date(2024, 9, 4)).powers} == {"d-fic"}


def test_power_narrows_to_what_the_delegator_holds(tmp_path: Path) -> None:
    t = fx.build("sound")
    fx._edit(t, "delegations", "id", "d-fic", matters=["contract_award.community"])
    for table, rows in t.items():
        (tmp_path / f"{table}.yaml").write_text(yaml.safe_dump(rows, sort_keys=False))
    (x,) = powers_of(load_graph(tmp_path), "cfo").powers
    assert x.matter == "contract_award.community" and x.delegated_as == "contract_award"
    assert x.valid and "narrower" in (x.note or "")


def test_broken_chain_above_the_holder_is_shown() -> None:
    p = powers_of(_graph("cycle"), "icb-estates")
    (x,) = p.powers
    assert not x.complete and not x.valid and x.accountable_board is None
    assert [f.kind for f in x.findings] == ["cycle"]


def test_person_without_delegations_holds_no_powers(cli) -> None:
    p = powers_of(_graph("sound"), "ft-ceo")
    assert p.powers == [] and p.reserved == []
    r = cli("powers", DATA / "deleg-sound", "--holder", "ft-ceo")
    assert r.exit_code == 0 and "holds no delegated powers" in r.stdout


def test_unknown_holder_is_not_found_with_a_hint() -> None:
    with pytest.raises(NotFound, match="no body or person 'icb-fi'.*did you mean 'icb-fic'"):
        powers_of(_graph("sound"), "icb-fi")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_cli_powers_every_format(cli, fmt, tmp_path) -> None:
    args = ("powers", DATA / "deleg-sound", "--holder", "cfo", "--format", fmt)
    a = cli(*args)
    assert a.exit_code == 0 and a.stdout == cli(*args).stdout
    out = tmp_path / "p.out"
    assert cli(*args, "-o", out).exit_code == 0 and out.read_text() == a.stdout
    if fmt == "json":
        assert json.loads(a.stdout)["powers"][0]["limit"] == 250000
    if fmt == "csv":
        assert a.stdout.splitlines()[1].startswith("cfo,contract_award,Award of a contract,d-cfo,icb-fic")
    if fmt == "table":
        assert "£250,000" in a.stdout and "Westmere ICB Board" in a.stdout


def test_cli_powers_escapes_and_errors(cli) -> None:
    html = cli("powers", DATA / "deleg-hostile-names", "--holder", "icb-fic", "-f", "html").stdout
    assert "<script" not in html and "&lt;script&gt;" in html
    r = cli("powers", DATA / "deleg-sound", "--holder", "nobody")
    assert r.exit_code == 2 and "no body or person 'nobody'" in r.stderr
    r = cli("powers", DATA / "deleg-sound", "--holder", "cfo", "--on", "31/02/2024")
    assert r.exit_code == 2 and "--on '31/02/2024' is not a date" in r.stderr
