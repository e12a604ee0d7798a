"""Reference data: ODS extracts and Companies House control, read in their real layouts and imported with care.

Fixtures are in ``tests/data/reference/`` (made by ``make_reference.py`` there,
plus the real ODS sample in ``realdata/``); expected outcomes are compared as sets.
"""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from coigraph.cli import main
from coigraph.errors import DataError, UsageError
from coigraph.graph import build_graph, load_graph
from coigraph.load.dataset import load_dataset
from coigraph.redact import WITHHELD, redact_graph
from coigraph.reference import import_companies, import_ods, plan_companies, read_ods
from coigraph.reference.bods import read_bods
from coigraph.reference.companies import stream_companies
from coigraph.reference.psc import PscFilter, PscStats, stream_psc

ROOT = Path(__file__).resolve().parents[1]
REF = ROOT / "tests" / "data" / "reference"
ODS = REF / "ods"
CH = REF / "companies"
COMPANIES = CH / "BasicCompanyData-2025-06-01.csv"
PSC = CH / "psc-snapshot-2025-06-01.txt"
BORN = REF / "born.csv"
NORTHSHIRE = ROOT / "data" / "northshire"
NS_REF = ROOT / "data" / "northshire-reference"
D = dt.date


@pytest.fixture
def ds(tmp_path: Path) -> Path:
    """A fresh copy of the small reference dataset."""
    target = tmp_path / "ds"
    shutil.copytree(REF / "dataset", target)
    return target


def outcomes(report, what: str) -> set[tuple[str, str | None]]:
    return {(o.outcome, o.id) for o in report.outcomes if o.what == what}


def written_text(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted(folder.rglob("*.csv")))


# --------------------------------------------------------------------------- fixtures and docs


def test_committed_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_reference", REF / "make_reference.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    made = mod.build(tmp_path)
    assert made
    for p in made:
        rel = p.relative_to(tmp_path)
        assert (ROOT / rel).read_bytes() == p.read_bytes(), f"{rel} is stale: run make_reference.py"


@pytest.mark.parametrize("module", ["common", "companies", "psc"])
def test_doctests(module: str) -> None:
    mod = importlib.import_module(f"coigraph.reference.{module}")
    res = doctest.testmod(mod)
    assert res.attempted > 0 and res.failed == 0


# --------------------------------------------------------------------------- ODS reading


def test_real_etr_sample_reads_in_its_24_column_layout() -> None:
    recs = read_ods(ODS / "etr-yorkshire.csv")
    assert len(recs) == 20
    with open(REF / "realdata" / "nhs_trusts_yorkshire_ods_etr.csv", newline="") as f:
        real = {r["org_code"]: r for r in csv.DictReader(f)}
    for r in recs:
        src = real[r.code]
        assert r.name == src["name"]
        assert r.start == dt.datetime.strptime(src["open_date_yyyymmdd"], "%Y%m%d").date()
        assert r.end is None and r.area == "Q72"
        assert r.kind == ("foundation_trust" if "FOUNDATION TRUST" in src["name"] else "nhs_trust")
    by = {r.code: r for r in recs}
    assert by["RR8"].display_name == "Leeds Teaching Hospitals NHS Trust"
    assert by["RCU"].display_name == "Sheffield Children's NHS Foundation Trust"


def test_epraccur_pads_short_rows_reads_both_status_forms_and_leaves_out_non_practices() -> None:
    by = {r.code: r for r in read_ods(ODS / "epraccur.csv")}
    assert {c: r.status for c, r in by.items()} == {
        "Y90001": "active", "Y90002": "closed", "Y90003": "active", "Y90004": "active", "Y90005": "active",
        "Y90006": "dormant"}
    assert by["Y90006"].links[0].code == "X2B"  # a 24-column row, padded
    assert by["Y90003"].left_out and "prison" in by["Y90003"].left_out
    assert [r for r in by.values() if r.left_out] == [by["Y90003"]]
    assert by["Y90002"].end == D(2023, 3, 31)
    lk = by["Y90001"].links[0]
    assert (lk.kind, lk.code, lk.start, lk.end) == ("in_area_of", "X1A", D(2013, 4, 1), None)


def test_eccg_eother_ets_ephp_and_the_pcn_files() -> None:
    eccg = {r.code: r for r in read_ods(ODS / "eccg.csv")}
    assert eccg["X1A"].kind == "sub_icb_location" and eccg["X1A"].links[0].code == "QXX"
    assert "reporting entity" in (eccg["Z900X"].left_out or "")
    other = {r.code: r for r in read_ods(ODS / "eother.csv")}
    assert other["QXX"].kind == "icb" and other["X99"].left_out
    sites = read_ods(ODS / "ets.csv")
    assert {(s.code, s.site_of) for s in sites} == {("RCF01", "RCF"), ("RCF02", "RCF"), ("RCF03", "RCF"),
                                                    ("RZZ01", "RZZ")}
    assert {r.code: r.kind for r in read_ods(ODS / "ephp.csv")} == {"NT790": "company", "NT791": "other"}
    xlsx = read_ods(ODS / "ePCN.xlsx")
    csv_members = read_ods(ODS / "epcncorepartnerdetails.csv")
    members = {(r.code, lk.code, lk.start, lk.end) for r in xlsx if r.kind is None for lk in r.links}
    assert members == {("Y90001", "U90001", D(2019, 7, 1), None), ("Y90004", "U90001", D(2020, 4, 1), None),
                       ("Y90002", "U90001", D(2019, 7, 1), D(2023, 3, 31))}
    assert {(r.code, lk.code, lk.start, lk.end) for r in csv_members for lk in r.links} == members
    pcn = next(r for r in xlsx if r.kind == "pcn")
    assert (pcn.code, pcn.display_name, pcn.links[0].code) == ("U90001", "Ashvale and Brook PCN", "X1A")


def test_ods_problems_name_file_row_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "epraccur.csv"
    bad.write_text('"Y1","A SURGERY","Y63","QXX","","","","","","","2021131","","Q","","","","","","","","","0"\n'
                   '"","NO CODE"\n')
    with pytest.raises(DataError) as err:
        read_ods(bad)
    got = {(p.file, p.row, p.field) for p in err.value.problems}
    assert ("epraccur.csv", 1, "Open Date (column 11)") in got
    assert ("epraccur.csv", 1, "Status Code (column 13)") in got
    assert ("epraccur.csv", 2, "Organisation Code (column 1)") in got
    header = tmp_path / "etr.csv"
    header.write_text("org_code,name\nRAE,X\n")
    with pytest.raises(DataError, match="header row"):
        read_ods(header)
    with pytest.raises(UsageError, match="--layout"):
        read_ods(tmp_path / "trusts.csv")
    wide = tmp_path / "ets.csv"
    wide.write_text(",".join(["RAE01"] + ["x"] * 30) + "\n")
    with pytest.raises(DataError, match="31 columns"):
        read_ods(wide)


# --------------------------------------------------------------------------- ODS import


def test_ods_import_outcomes(ds: Path) -> None:
    files = [ODS / n for n in ("eother.csv", "eccg.csv", "etr-yorkshire.csv", "epraccur.csv", "ePCN.xlsx",
                               "ets.csv", "ephp.csv")]
    r = import_ods(files, ds)
    orgs = outcomes(r, "organisation")
    assert {("matched_by_code", "airedale"), ("matched_by_code", "riverside"), ("matched_by_code", "example-icb"),
            ("matched_by_name", "leeds-teaching"), ("matched_by_name", "ashvale-surgery"),
            ("review", "york-teaching")} <= orgs
    added = {i for o, i in orgs if o == "added"}
    assert {"barnsley-hospital-nhs-foundation-trust", "brook-lane-surgery", "ashvale-and-brook-pcn",
            "nhs-example-icb-x1a", "castle-medical-centre"} <= added
    # every organisation row of every file is accounted for: eother 2, eccg 3, etr 20, epraccur 6, PCN 1, ephp 2
    assert len([o for o in r.outcomes if o.what == "organisation"]) == 2 + 3 + 20 + 6 + 1 + 2
    loaded = load_dataset(ds)
    org = loaded.by_id("organisations")
    assert (org["riverside"].end, org["airedale"].start) == (D(2023, 3, 31), D(1992, 4, 1))
    assert org["leeds-teaching"].ods_code == "RR8"
    assert org["nhs-example-icb-x1a"].kind.value == "sub_icb_location"
    assert org["airedale"].aliases == ["Airedale General Hospital", "Castleberg Hospital"]
    rels = {(x.source, x.kind.value, x.target, x.start, x.end) for x in loaded.table("org_relations")}
    assert {("ashvale-surgery", "member_of", "ashvale-and-brook-pcn", D(2019, 7, 1), None),
            ("riverside", "member_of", "ashvale-and-brook-pcn", D(2019, 7, 1), D(2023, 3, 31)),
            ("ashvale-surgery", "in_area_of", "nhs-example-icb-x1a", D(2013, 4, 1), None),
            ("ashvale-and-brook-pcn", "in_area_of", "nhs-example-icb-x1a", None, None),
            ("nhs-example-icb-x1a", "in_area_of", "example-icb", None, None)} <= rels
    review = ds / "review" / "etr-yorkshire-review.csv"
    assert "that is a company and ODS lists a foundation_trust" in review.read_text(encoding="utf-8-sig")
    # a second run changes nothing and deletes nothing
    before = {p.name: p.read_bytes() for p in ds.glob("*.csv")}
    again = import_ods(files, ds)
    assert not [o for o in again.outcomes if o.outcome == "added"]
    assert {p.name: p.read_bytes() for p in ds.glob("*.csv")} == before


def test_ods_review_decisions_are_used(ds: Path) -> None:
    etr = ODS / "etr-yorkshire.csv"
    import_ods([etr], ds)
    review = ds / "review" / "etr-yorkshire-review.csv"
    rows = list(csv.DictReader(review.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["key"] for r in rows] == ["ods:RCB"]
    rows[0]["decision"] = "accept"
    with open(review, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = import_ods([etr], ds)
    assert ("matched_by_name", "york-teaching") in outcomes(r, "organisation")
    assert load_dataset(ds).by_id("organisations")["york-teaching"].ods_code == "RCB"


def test_ods_icb_filter_and_yaml_rows_left_for_a_person(tmp_path: Path) -> None:
    copy = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, copy)
    r = import_ods([NS_REF / "etr.csv", NS_REF / "epraccur.csv"], copy, icb=["QZN"], dry_run=True)
    orgs = outcomes(r, "organisation")
    assert {o for o, _ in orgs} == {"matched_by_code", "left_out"}
    assert {i for o, i in orgs if o == "matched_by_code"} >= {"northshire-hospitals-ft", "gp-riverside"}
    assert [o.how for o in r.outcomes if o.outcome == "left_out" and o.what == "organisation"] == [
        "outside the ICB area given (--icb)"] * 2
    assert r.not_written and all(t.startswith("organisations.yaml:") for t in r.not_written)
    assert not r.written and sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in NORTHSHIRE.iterdir())


# --------------------------------------------------------------------------- Companies House reading


def test_company_file_header_with_leading_spaces_and_numbers_as_text() -> None:
    rows = list(stream_companies(COMPANIES))
    assert len(rows) == 31
    by = {c.number: c for c in rows}
    assert by["07654321"].name == "CORVALE DIGITAL HEALTH LIMITED"
    assert (by["03334444"].dissolved, by["03334444"].incorporated) == (D(2024, 3, 31), D(1998, 6, 1))
    header = COMPANIES.read_text().splitlines()[0]
    assert ", CompanyNumber," in header and "PreviousName_3.CONDATE," in header


def test_psc_stream_skips_totals_and_decodes_only_what_is_wanted() -> None:
    stats = PscStats()
    everything = list(stream_psc(PSC, None, stats=stats))
    assert stats.totals and stats.totals["persons_of_significant_control_count"] == 36
    assert len(everything) == 36
    assert {p.controller_kind for p in everything} == {"individual", "corporate_entity", "statement",
                                                       "super_secure"}
    stats = PscStats()
    some = list(stream_psc(PSC, PscFilter({"08765432"}, {"Okonjo"}), stats=stats))
    assert {(p.company, p.display_name) for p in some} == {
        ("08765432", "QUILLON HEALTH GROUP PLC"), ("08765432", "Andrew Caldwell"), ("08765432", "Sarah Jones"),
        ("07654321", "James Adebayo Okonjo"), ("06123456", "James Adebayo Okonjo"), ("12000003", "James Okonjo")}
    assert stats.decoded == len(some) and stats.lines == 37


def test_bods_both_generations_read_as_psc_records() -> None:
    flt = PscFilter({"07654321", "08765432"}, {"Okonjo", "Caldwell"})
    v04 = read_bods(CH / "bods-0.4.json", flt)
    assert [(p.company, p.display_name, p.born, p.natures, p.notified) for p in v04] == [
        ("07654321", "James Adebayo Okonjo", (1961, 7), ["shareholding 25-50%"], D(2019, 5, 1))]
    v02 = read_bods(CH / "bods-0.2.jsonl", flt)
    assert [(p.company, p.display_name, p.born, p.natures) for p in v02] == [
        ("08765432", "Andrew Caldwell", None, ["voting-rights 50-75%"])]


def test_wrong_files_are_refused_naming_the_file_and_line(tmp_path: Path, ds: Path) -> None:
    with pytest.raises(DataError) as err:
        list(stream_psc(COMPANIES, None))
    assert (err.value.problems[0].file, err.value.problems[0].row) == (COMPANIES.name, 1)
    with pytest.raises(DataError, match="lacks CompanyName, CompanyNumber"):
        list(stream_companies(PSC))
    born = tmp_path / "born.csv"
    born.write_text("person,born\njames-okonjo,1961-13\nnobody,1970-01\n")
    with pytest.raises(DataError) as err:
        plan_companies(ds, companies=COMPANIES, psc=PSC, born=born)
    assert {(p.file, p.row, p.field) for p in err.value.problems} == {("born.csv", 2, "born"),
                                                                       ("born.csv", 3, "person")}


# --------------------------------------------------------------------------- Companies House import


def test_company_matching_outcomes(ds: Path) -> None:
    r = import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    assert outcomes(r, "company") == {
        ("matched_by_code", "quillon-group"), ("matched_by_name", "corvale"),
        ("matched_by_name", "quillon-diagnostics"), ("matched_by_name", "brindle"), ("review", "fennick"),
        ("left_out", "marrowgate"), ("left_out", "york-teaching")}  # a "company" by mistake: not on the register
    org = load_dataset(ds).by_id("organisations")
    assert (org["corvale"].company_number, org["corvale"].start) == ("07654321", D(2015, 5, 12))
    assert org["brindle"].end == D(2024, 3, 31)  # dissolved: ended, never deleted


def test_psc_matching_outcomes(ds: Path) -> None:
    r = import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    got = {(o.outcome, o.id, o.how.split(";")[0].split(" (")[0]) for o in r.outcomes if o.what == "control"}
    assert got == {
        ("added", "james-okonjo", "name and month and year of birth"),  # name + month/year of birth
        ("added", "quillon-group", "company number 04512345"),  # corporate, by its (unpadded) number
        ("added", "ashgrove-holdings-limited", "added from the PSC register"),
        ("review", "vikram-raman", "the name is Vikram Raman's"),  # a month of birth, none on file
        ("review", "andrew-caldwell", "the name is Andrew Caldwell's"),  # no month of birth on the register
        ("review", "anjali-mehta", "the name is Anjali Mehta's"),
        ("left_out", None, "the name is Sarah Jones's"),  # another month of birth: another person
        ("left_out", None, "nobody in the dataset has a name like this"),
    }
    assert ("added", "okonjo-associates-limited") in outcomes(r, "organisation")  # a company he controls
    assert {o.how.split(" (")[0] for o in r.outcomes if o.what == "statement"} == {
        "the company says no individual or entity has significant control",
        "a protected person: Companies House withholds their details"}
    ctl = {(c.person or c.controller, c.company, c.start, c.end, tuple(c.natures), c.source_register.value)
           for c in load_dataset(ds).table("controls")}
    assert ctl == {
        ("james-okonjo", "corvale", D(2019, 5, 1), None,
         ("ownership-of-shares-25-to-50-percent", "significant-influence-or-control"), "companies_house_psc"),
        ("james-okonjo", "okonjo-associates-limited", D(2016, 4, 6), None,
         ("ownership-of-shares-75-to-100-percent", "voting-rights-75-to-100-percent"), "companies_house_psc"),
        ("quillon-group", "quillon-diagnostics", D(2016, 4, 6), None,
         ("ownership-of-shares-75-to-100-percent", "voting-rights-75-to-100-percent"), "companies_house_psc"),
        ("ashgrove-holdings-limited", "corvale", D(2016, 4, 6), None,
         ("ownership-of-shares-25-to-50-percent",), "companies_house_psc")}


def test_dates_of_birth_are_never_written(ds: Path) -> None:
    r = import_companies(ds, companies=COMPANIES, psc=PSC, bods=CH / "bods-0.4.json", born=BORN)
    out = written_text(ds) + r.json()
    for born in ("1961", "1972", "1985", "1975", "1980-09", "1961-07-23"):
        assert born not in out, born
    G = load_graph(ds)
    assert not any("born" in a or "date_of_birth" in a for *_, a in G.edges(data=True))


def test_confirmed_links_from_the_review_file_and_idempotence(ds: Path) -> None:
    import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    review = ds / "review" / "psc-snapshot-2025-06-01-review.csv"
    rows = list(csv.DictReader(review.read_text(encoding="utf-8-sig").splitlines()))
    for row in rows:
        if row["name"] == "Vikram Raman":
            row["decision"] = "accept"
        if row["name"] == "Andrew Caldwell":
            row["decision"] = "skip"
    with open(review, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    r = import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    got = {(o.outcome, o.id, o.how) for o in r.outcomes if o.what == "control" and "Raman" in o.name}
    assert got == {("added", "vikram-raman", "confirmed by a reviewer")}
    assert any(o.outcome == "left_out" and o.how == "not this person (reviewer)" for o in r.outcomes)
    kept = review.read_text(encoding="utf-8-sig")
    assert "accept" in kept and "skip" in kept  # decisions stay in the file
    before = (ds / "controls.csv").read_bytes()
    again = import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    assert not [o for o in again.outcomes if o.outcome == "added"]
    assert (ds / "controls.csv").read_bytes() == before


def test_a_ceased_control_gets_its_end_and_a_vanished_one_is_kept(ds: Path, tmp_path: Path) -> None:
    import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    lines = PSC.read_text().splitlines()
    newer = tmp_path / "psc-snapshot-2025-07-01.txt"
    out = []
    for line in lines:
        if "okonjo1" in line:
            obj = json.loads(line)
            obj["data"]["ceased_on"] = "2025-06-20"
            line = json.dumps(obj)
        if "ashgrove1" in line:
            continue
        out.append(line)
    newer.write_text("\n".join(out) + "\n")
    r = import_companies(ds, companies=COMPANIES, psc=newer, born=BORN)
    ended = [o for o in r.outcomes if o.changes == ["ceased 2025-06-20"]]
    assert [o.id for o in ended] and ended[0].what == "control"
    ctl = {(c.person or c.controller, c.company): c for c in load_dataset(ds).table("controls")}
    assert ctl[("james-okonjo", "corvale")].end == D(2025, 6, 20)
    assert ("ashgrove-holdings-limited", "corvale") in ctl  # never deleted
    assert any("no longer listed" in w for w in r.warnings)


def test_bods_and_psc_give_one_control_not_two(ds: Path) -> None:
    r = import_companies(ds, companies=COMPANIES, psc=PSC, bods=CH / "bods-0.4.json", born=BORN)
    okonjo = [c for c in load_dataset(ds).table("controls") if c.person == "james-okonjo" and c.company == "corvale"]
    assert len(okonjo) == 1
    assert any(o.outcome == "unchanged" and "bods" in o.where for o in r.outcomes)


def test_bods_alone(ds: Path) -> None:
    r = import_companies(ds, companies=COMPANIES, bods=CH / "bods-0.4.json", born=BORN)
    ctl = load_dataset(ds).table("controls")
    assert [(c.person, c.company, c.source_register.value, c.natures) for c in ctl] == [
        ("james-okonjo", "corvale", "bods", ["shareholding 25-50%"])]
    assert r.sources[-1].endswith("bods-0.4.json")


def test_psc_details_of_private_individuals_are_withheld_on_redact(ds: Path) -> None:
    review = ds / "review" / "psc-snapshot-2025-06-01-review.csv"
    import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    text = review.read_text(encoding="utf-8-sig").replace(",,vikram-raman,corvale,", ",accept,vikram-raman,corvale,")
    review.write_text(text, encoding="utf-8")
    import_companies(ds, companies=COMPANIES, psc=PSC, born=BORN)
    G = build_graph(load_dataset(ds))
    H = redact_graph(G)
    got = {u: a for u, _v, a in H.edges(data=True) if a["type"] == "controls" and u.startswith("person:")}
    assert got["person:vikram-raman"]["natures"] == [WITHHELD]  # holds no public office
    assert got["person:vikram-raman"]["name_on_register"] == WITHHELD
    assert got["person:vikram-raman"]["register_id"] == WITHHELD
    assert got["person:vikram-raman"]["start"] == D(2016, 4, 6)  # that, and when, stay
    assert got["person:james-okonjo"]["natures"] != [WITHHELD]  # an ICB board member: public office
    runner = CliRunner()
    res = runner.invoke(main, ["export", str(ds), "--redact", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "Mr Vikram Raman" not in res.output and "individual/raman1" not in res.output


# --------------------------------------------------------------------------- the sample system


def test_sample_controls_are_what_the_import_writes(tmp_path: Path) -> None:
    copy = tmp_path / "northshire"
    shutil.copytree(NORTHSHIRE, copy)
    (copy / "controls.csv").unlink()
    r = import_companies(copy, companies=NS_REF / "BasicCompanyData-2025-06-01.csv",
                         psc=NS_REF / "psc-snapshot-2025-06-01.txt", born=NS_REF / "born.csv")
    assert (copy / "controls.csv").read_bytes() == (NORTHSHIRE / "controls.csv").read_bytes()
    assert (copy / "review" / "psc-snapshot-2025-06-01-review.csv").read_bytes() == \
        (NORTHSHIRE / "review" / "psc-snapshot-2025-06-01-review.csv").read_bytes()
    assert r.review_pending == 6
    # the sample keeps its organisations in YAML, which is not rewritten: only incorporation dates are left
    assert r.not_written and all(t.startswith("organisations.yaml:") and ": set start: " in t for t in r.not_written)


def test_the_seeded_undeclared_control_is_in_the_sample() -> None:
    """Seeded situation 20: a board member controls, per the PSC register, a company an item awards to."""
    ds = load_dataset(NORTHSHIRE)
    ctl = [c for c in ds.table("controls") if c.person == "james-okonjo"]
    assert [(c.company, c.start, c.source_register.value) for c in ctl] == [
        ("carrowby-care", D(2021, 3, 15), "companies_house_psc")]
    affects = {(a.item, a.organisation) for a in ds.table("affected_organisations")}
    assert ("icb-fic-2025-06.11", "carrowby-care") in affects
    assert ("icb-fic-2025-06", "james-okonjo") in {(a.meeting, a.person) for a in ds.table("attendance")}
    assert not [i for i in ds.table("interests") if i.person == "james-okonjo" and i.organisation == "carrowby-care"]
    assert not [p for p in ds.table("positions") if p.person == "james-okonjo" and p.organisation == "carrowby-care"]


# --------------------------------------------------------------------------- the commands


def test_cli_dry_run_json_and_errors(ds: Path) -> None:
    runner = CliRunner()
    before = sorted(p.name for p in ds.rglob("*"))
    res = runner.invoke(main, ["reference", "import-ods", str(ODS / "epraccur.csv"), "--into", str(ds),
                               "--dry-run", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["dry_run"] is True and data["counts"]["organisation"]["added"] == 3
    assert sorted(p.name for p in ds.rglob("*")) == before
    res = runner.invoke(main, ["reference", "import-companies", "--companies", str(COMPANIES), "--into", str(ds)])
    assert res.exit_code == 2 and "--psc" in res.output
    res = runner.invoke(main, ["reference", "import-companies", "--companies", str(COMPANIES), "--psc",
                               str(COMPANIES), "--into", str(ds), "-q"])
    assert res.exit_code == 2 and "BasicCompanyData-2025-06-01.csv, row 1" in res.output
    assert "Traceback" not in res.output
    res = runner.invoke(main, ["reference", "import-ods", str(ODS / "ets.csv"), "--layout", "other.csv=etr",
                               "--into", str(ds)])
    assert res.exit_code == 2 and "not one of the files given" in res.output
    res = runner.invoke(main, ["reference", "import-companies", "--companies", str(COMPANIES), "--psc", str(PSC),
                               "--born", str(BORN), "--into", str(ds), "--dry-run"])
    assert res.exit_code == 0 and "to review" in res.stdout and "dry run" in res.stdout


@pytest.mark.parametrize("which", ["ods", "psc", "born"])
def test_a_named_pipe_is_refused_at_once_not_read_for_ever(ds: Path, tmp_path: Path, which: str) -> None:
    """A FIFO given as an extract, a snapshot or the birth-months file is an error naming it;
    reading it would block the command for ever (run in a child with a timeout)."""
    import os

    fifo = tmp_path / {"ods": "epraccur.csv", "psc": "psc.txt", "born": "born.csv"}[which]
    os.mkfifo(fifo)
    args = {"ods": ["import-ods", str(fifo)],
            "psc": ["import-companies", "--companies", str(COMPANIES), "--psc", str(fifo)],
            "born": ["import-companies", "--companies", str(COMPANIES), "--psc", str(PSC), "--born", str(fifo)]}
    exe = Path(sys.executable).with_name("coigraph")
    proc = subprocess.run([str(exe), "reference", *args[which], "--into", str(ds), "--dry-run"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert f"{fifo.name}: a named pipe (FIFO), not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- streaming in bounded memory


def test_a_million_line_snapshot_streams_in_bounded_memory(tmp_path: Path) -> None:
    """The import pass over a 1,000,000-line (~650 MB) snapshot, measured by another process's peak RSS."""
    out = tmp_path / "figures.json"
    wrapper = ("import resource, subprocess, sys; "
               f"subprocess.run([sys.executable, '-m', 'bench.reference', '--lines', '1000000', '--json', {str(out)!r}],"
               " check=True, stdout=subprocess.DEVNULL); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    res = subprocess.run([sys.executable, "-c", wrapper], cwd=ROOT, capture_output=True, text=True, check=True)
    peak_mb = int(res.stdout.strip()) / 1024
    figures = json.loads(out.read_text())
    assert figures["lines"] == 1_000_000 and figures["file_mb"] > 500
    assert figures["controls"].get("added") == 4  # the fixture's own lines were found among the strangers
    assert peak_mb < 250, f"peak memory {peak_mb:.0f} MB for a {figures['file_mb']} MB file"


def test_the_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands of the README's reference section, run as written (on the copy it makes)."""
    import shlex

    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Reference data", 1)[1].split("\n### ", 1)[0]
    block = section.split("```bash\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands[0].startswith("cp -r data/northshire /tmp/ns")
    copy = tmp_path / "ns"
    shutil.copytree(NORTHSHIRE, copy)
    (copy / "controls.csv").unlink()
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    for cmd in commands[1:]:
        args = [str(copy) if a == "/tmp/ns" else a for a in shlex.split(cmd)]
        assert args[0] == ".venv/bin/coigraph"  # as written for a fresh shell (tests/test_readme.py)
        res = runner.invoke(main, args[1:])
        assert res.exit_code == 0, (cmd, res.output)
    assert (copy / "controls.csv").read_bytes() == (NORTHSHIRE / "controls.csv").read_bytes()
