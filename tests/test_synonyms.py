"""Enumerated values as people write them: other cases and spacings, synonyms, and honest hints.

The fixture ``tests/data/template-hand-filled`` is a small ICB filled in by hand
from ``coigraph template``: every enumerated value is written in another case,
spacing or as a common synonym.  Before this check it gave 38 problems; now it
loads, with one warning per file, field and code read that way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coigraph.errors import DataError, ProblemLevel
from coigraph.load.dataset import load_dataset
from coigraph.load.templates import write_templates
from coigraph.model import synonyms
from coigraph.model.synonyms import hint, key, match
from coigraph.model.vocab import (
    AssociationKind,
    AttendanceStatus,
    Effect,
    InterestType,
    ItemKind,
    OrgKind,
    Role,
)

DATA = Path(__file__).parent / "data"
HAND_FILLED = DATA / "template-hand-filled"

#: (file, field, code, the values as written) for every reading the fixture needs.
EXPECTED_READINGS = {
    ("affected_organisations.csv", "effect", "award", ("Award",)),
    ("affected_organisations.csv", "effect", "system_wide", ("system wide", "System Wide")),
    ("agenda_items.csv", "kind", "decision", ("Decision",)),
    ("agenda_items.csv", "kind", "discussion", ("Discussion",)),
    ("associations.csv", "kind", "spouse_partner", ("spouse",)),
    ("attendance.csv", "status", "apologies", ("Apologies",)),
    ("attendance.csv", "status", "in_attendance", ("In Attendance",)),
    ("attendance.csv", "status", "present", ("Present", "PRESENT")),
    ("bodies.csv", "kind", "board", ("Board",)),
    ("interests.csv", "types", "financial", ("Financial",)),
    ("interests.csv", "types", "non_financial_professional",
     ("Non-Financial Professional", "Non Financial Professional")),
    ("interests.csv", "types", "non_financial_personal", ("Non-financial personal",)),
    ("minutes.csv", "kind", "declaration", ("Declaration",)),
    ("org_relations.csv", "kind", "member_of", ("Member Of",)),
    ("organisations.csv", "kind", "company", ("Company",)),
    ("organisations.csv", "kind", "foundation_trust", ("Foundation Trust",)),
    ("organisations.csv", "kind", "gp_practice", ("GP Practice",)),
    ("organisations.csv", "kind", "icb", ("ICB",)),
    ("organisations.csv", "kind", "local_authority", ("Local Authority",)),
    ("organisations.csv", "kind", "nhs_trust", ("NHS Trust",)),
    ("organisations.csv", "kind", "pcn", ("PCN",)),
    ("organisations.csv", "kind", "vcse", ("charity",)),
    ("positions.csv", "nominated_by", "local_authority", ("Local Authority",)),
    ("positions.csv", "nominated_by", "trusts", ("Trusts",)),
    ("positions.csv", "role", "chair", ("Chair",)),
    ("positions.csv", "role", "chief_executive", ("Chief Executive",)),
    ("positions.csv", "role", "gp_partner", ("GP Partner",)),
    ("positions.csv", "role", "non_executive_director", ("Non-executive director",)),
    ("positions.csv", "role", "partner_member", ("Partner Member", "partner member", "Partner-Member")),
    ("positions.csv", "role", "vice_chair", ("Vice Chair",)),
}


def _reading(w) -> tuple[str, str, str, tuple[str, ...]]:
    import re

    m = re.match(r"read (.*) as '([a-z_]+)' \(\d+ rows?: [\d, .]+\)$", w.message)
    assert m, w.message
    return (w.file, w.field, m.group(2), tuple(re.findall(r"'([^']*)'", m.group(1))))


def test_hand_filled_template_validates_with_one_warning_per_reading():
    ds = load_dataset(HAND_FILLED)
    assert {_reading(w) for w in ds.warnings} == EXPECTED_READINGS
    assert len(ds.warnings) == len(EXPECTED_READINGS)  # once each, never once per row
    roles = {(p.person, p.role) for p in ds.table("positions")}
    assert ("carol-hart", "non_executive_director") in roles and ("dev-patel", "partner_member") in roles
    orgs = {o.id: o.kind for o in ds.table("organisations")}
    assert orgs["fenwick-carers"] == "vcse" and orgs["fenwick-icb"] == "icb"


def test_each_warning_counts_its_rows():
    ds = load_dataset(HAND_FILLED)
    by = {(w.file, w.field, _reading(w)[2]): w for w in ds.warnings}
    assert "(3 rows: 5, 7, 8)" in by[("positions.csv", "role", "partner_member")].message
    assert "(2 rows: 2, 7)" in by[("attendance.csv", "status", "present")].message
    assert "synonyms.yaml" in by[("organisations.csv", "kind", "vcse")].hint
    assert "synonyms.yaml" not in by[("bodies.csv", "kind", "board")].hint


def test_validate_json_lists_the_readings(cli):
    import json

    r = cli("validate", HAND_FILLED, "--format", "json")
    assert r.exit_code == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["valid"] and len(out["warnings"]) == len(EXPECTED_READINGS)
    assert all(w["severity"] == "warning" and w["row"] is None for w in out["warnings"])


# --------------------------------------------------------------------------- synonyms, one by one


@pytest.mark.parametrize(("enum", "written", "code"), [
    (Role, "Non-executive director", "non_executive_director"),
    (Role, "NED", "non_executive_director"),
    (Role, "Chairs", "chair"),
    (Role, "Deputy Chair", "vice_chair"),
    (Role, "CEO", "chief_executive"),
    (Role, "advisor", "adviser"),
    (OrgKind, "Foundation Trust", "foundation_trust"),
    (OrgKind, "FT", "foundation_trust"),
    (OrgKind, "NHS FT", "foundation_trust"),
    (OrgKind, "charity", "vcse"),
    (OrgKind, "ICB", "icb"),
    (OrgKind, "Integrated Care Board", "icb"),
    (OrgKind, "PCN", "pcn"),
    (OrgKind, "Primary Care Network", "pcn"),
    (OrgKind, "County Council", "local_authority"),
    (OrgKind, "NHSE", "nhs_england"),
    # the kinds real systems have (issue 14)
    (OrgKind, "CCG", "ccg"),
    (OrgKind, "Clinical Commissioning Group", "ccg"),
    (OrgKind, "Independent sector provider", "independent_sector_provider"),
    (OrgKind, "Social enterprise", "social_enterprise"),
    (OrgKind, "Local Medical Committee", "lmc"),
    (AssociationKind, "spouse", "spouse_partner"),
    (AssociationKind, "wife", "spouse_partner"),
    (AssociationKind, "husband", "spouse_partner"),
    (AssociationKind, "civil partner", "spouse_partner"),
    (InterestType, "Non-financial personal", "non_financial_personal"),
    (InterestType, "Financial", "financial"),
    (ItemKind, "For approval", "decision"),
    (ItemKind, "For noting", "information"),
    (Effect, "system wide", "system_wide"),
    (AttendanceStatus, "Sent apologies", "apologies"),
])
def test_each_synonym_and_spelling(enum, written, code):
    got = match(enum, written)
    assert got is not None and got.code == code
    assert got.how == ("synonym" if key(written).rstrip("s") not in {key(code).rstrip("s")} else "spelling")


@pytest.mark.parametrize(("enum", "written", "wrong"), [
    # the hints the issue found wrong: each value is now read, and none is offered the other meaning
    (Role, "Non-executive director", "director"),
    (OrgKind, "charity", "local_authority"),
    (InterestType, "Non-financial personal", "financial"),
])
def test_fixed_wrong_hints_are_now_read(enum, written, wrong):
    got = match(enum, written)
    assert got is not None and got.code != wrong
    assert f"'{wrong}'" not in (hint(enum, written) or "")


@pytest.mark.parametrize(("enum", "written", "offered", "never"), [
    (Role, "Non-exectuive director", "non_executive_director", "director"),
    (Role, "vice chiar", "vice_chair", "chair"),
    (OrgKind, "charaty", "vcse", "local_authority"),
    (InterestType, "non-finacial personal", "non_financial_personal", "financial"),
    (InterestType, "finacial", "financial", "non_financial_personal"),
    (OrgKind, "NHS Foundaton Trust", "foundation_trust", "nhs_trust"),
])
def test_typo_hints_offer_the_code_meant_and_not_a_neighbour(enum, written, offered, never):
    assert match(enum, written) is None
    h = hint(enum, written) or ""
    assert f"'{offered}'" in h and f"'{never}'" not in h


@pytest.mark.parametrize(("enum", "written", "words"), [
    (OrgKind, "Trust", "nhs_trust, foundation_trust or vcse"),
    (InterestType, "Non-financial", "non_financial_professional or non_financial_personal"),
    (InterestType, "Indirect", "indirect = yes"),
])
def test_words_without_a_code_get_advice_not_a_guess(enum, written, words):
    assert match(enum, written) is None
    assert words in (hint(enum, written) or "")


@pytest.mark.parametrize(("enum", "written"), [
    (Role, "Director general"), (Role, "Deputy chief executive"), (OrgKind, "Trust board"),
    (Role, "Non-executive"[:7]),  # 'Non-exe': part of a code's words, a different meaning
])
def test_no_hint_names_a_code_inside_the_value_or_around_it(enum, written):
    h = hint(enum, written) or ""
    k = key(written)
    for code in (m.value for m in enum):
        if f"'{code}'" in h:
            assert key(code) not in k and k not in key(code), (written, h)


def test_the_error_for_an_unknown_value_uses_the_table(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(HAND_FILLED, folder)
    text = (folder / "organisations.csv").read_text()
    (folder / "organisations.csv").write_text(text.replace(",charity,", ",trust,").replace(",PCN,", ",PNC,"))
    with pytest.raises(DataError) as exc:
        load_dataset(folder)
    errors = {(p.row, p.message): p.hint for p in exc.value.problems if p.severity == ProblemLevel.error}
    assert len(errors) == 2
    assert "could be an NHS trust or a charitable trust" in errors[(7, "'trust' is not one of the allowed values")]
    assert "'pcn'" in errors[(6, "'PNC' is not one of the allowed values")].split("allowed:")[0]


# --------------------------------------------------------------------------- the table itself


def test_synonym_table_names_real_codes_and_means_one_thing_each():
    data = synonyms.table_data()
    enums = synonyms.enumerations()
    for name, codes in data.items():
        if name == "no_code":
            continue
        assert name in enums, f"synonyms.yaml: no enumeration {name}"
        enum = enums[name]
        seen: dict[str, str] = {key(m.value): m.value for m in enum}
        for code, words in codes.items():
            assert code in enum._value2member_map_, f"synonyms.yaml: {name} has no code {code}"
            for w in words:
                k = key(w)
                assert k not in seen or seen[k] == code, f"{name}: '{w}' means {seen.get(k)} and {code}"
                seen[k] = code
                assert match(enum, w).code == code
    for name, words in data["no_code"].items():
        enum = enums[name]
        for w in words:
            assert match(enum, w) is None, f"no_code '{w}' reads as a code of {name}"


# --------------------------------------------------------------------------- templates fit validate


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_blank_template_says_what_to_fill_in_and_warns_of_nothing_it_wrote(tmp_path, cli, fmt):
    folder = tmp_path / "my-icb"
    write_templates(folder, fmt)
    r = cli("validate", folder)
    assert r.exit_code == 2
    assert "warning" not in r.stderr and "FORMAT.md" not in r.stderr  # nothing self-inflicted
    assert "run 'coigraph template" not in r.stderr.lower()  # it was just run
    assert f"people.{fmt}: has no rows" in r.stderr and "fill in at least one row" in r.stderr


def test_a_filled_template_gives_only_the_readings_as_warnings(tmp_path):
    folder = tmp_path / "my-icb"
    write_templates(folder, "csv")
    for f in HAND_FILLED.glob("*.csv"):
        shutil.copy(f, folder / f.name)
    ds = load_dataset(folder)
    assert {_reading(w) for w in ds.warnings} == EXPECTED_READINGS


def test_rejected_rows_are_not_also_no_rows(tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(HAND_FILLED, folder)
    (folder / "bodies.csv").write_text((folder / "bodies.csv").read_text().replace("Board,", "Bored,")
                                       .replace("committee,", "comittee,"))
    with pytest.raises(DataError) as exc:
        load_dataset(folder)
    assert not any("has no rows" in p.message for p in exc.value.problems)
    assert sum("is not one of the allowed values" in p.message for p in exc.value.problems) == 2
