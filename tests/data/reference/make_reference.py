"""Build the reference-data fixtures: small files in the real published layouts.

Run it from the repository root after changing a row::

    .venv/bin/python tests/data/reference/make_reference.py

and commit what it writes (``tests/test_reference.py`` checks the committed
files are what this script writes).  It writes:

* ``tests/data/reference/ods/``: ODS extracts, headerless, 27 columns (one
  practice row cut short, as real files are), in the layouts of
  ``docs/reference.md``: ``etr-yorkshire.csv`` is the **real** sample in
  ``realdata/`` (20 Yorkshire trusts of January 2021) put back into the
  24-column ``etr`` layout it was taken from (town and county in columns 8
  and 9, amended-record indicator 0, GOR code D); the others are fictional
  (``epraccur.csv``, ``eccg.csv``, ``eother.csv``, ``ets.csv``, ``ephp.csv``,
  ``epcncorepartnerdetails.csv``, ``ePCN.xlsx``);
* ``tests/data/reference/companies/``: a Companies House company file
  (``BasicCompanyData-2025-06-01.csv``, the real 55-column header with its
  leading spaces), a PSC snapshot (``psc-snapshot-2025-06-01.txt``: JSON
  Lines, individuals with and without a month of birth, corporate PSCs,
  a statement, a super-secure PSC, the totals line) and BODS files
  (``bods-0.4.json``, a JSON array; ``bods-0.2.jsonl``, JSON Lines);
* ``tests/data/reference/dataset/``: a small dataset they are imported into,
  with ``born.csv`` beside it (a birth-months file: not part of the dataset);
* ``data/northshire-reference/``: the sample system's slice of the company
  file and of the PSC snapshot, and its birth-months file (see
  ``data/README.md``, seeded situation 20).

Every company, person and code except the real ``etr`` rows is made up.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import random
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]

# --------------------------------------------------------------------------- ODS

WIDTH = 27


def ods_row(code: str, name: str, *, grouping: str = "Y63", area: str = "QXX", address: tuple[str, ...] = (),
            postcode: str = "", opened: str = "", closed: str = "", status: str = "", subtype: str = "",
            parent: str = "", join: str = "", left: str = "", phone: str = "", amended: str = "0",
            col24: str = "", setting: str = "", width: int = WIDTH) -> list[str]:
    """One row of the ODS frame (see coigraph/reference/ods.py), ``width`` columns wide."""
    row = [""] * WIDTH
    row[0], row[1], row[2], row[3] = code, name, grouping, area
    for i, line in enumerate(address[:5]):
        row[4 + i] = line
    row[9], row[10], row[11], row[12], row[13] = postcode, opened, closed, status, subtype
    row[14], row[15], row[16], row[17], row[21] = parent, join, left, phone, amended
    row[23], row[25] = col24, setting
    return row[:width]


def csv_text(rows: list[list[str]], *, quote_all: bool = True) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerows(rows)
    return buf.getvalue()


def real_etr() -> str:
    """The real Yorkshire sample back in the 24-column, mostly unquoted layout of the January 2021 etr."""
    out = []
    with open(HERE / "realdata" / "nhs_trusts_yorkshire_ods_etr.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            row = [""] * 24
            row[0], row[1], row[2], row[3] = r["org_code"], r["name"], r["etr_col3"], r["etr_col4"]
            row[7], row[8], row[9] = r["town"], r["county"], r["postcode"]
            row[10], row[11], row[21], row[23] = r["open_date_yyyymmdd"], r["close_date_yyyymmdd"], "0", "D"
            out.append(row)
    return csv_text(out, quote_all=False)


def epraccur() -> str:
    rows = [
        ods_row("Y90001", "ASHVALE SURGERY", address=("ASHVALE SURGERY", "1 MILL LANE", "ASHVALE", "EXAMPLESHIRE"),
                postcode="EX1 1AA", opened="19740401", status="A", subtype="B", parent="X1A", join="20130401",
                phone="01234 500001", col24="X1A", setting="4"),
        ods_row("Y90002", "RIVERSIDE MEDICAL PRACTICE", address=("RIVERSIDE HOUSE", "", "ASHVALE"),
                postcode="EX1 2BB", opened="19800401", closed="20230331", status="C", subtype="B", parent="X1A",
                join="20130401", left="20230331", col24="X1A", setting="4"),
        ods_row("Y90003", "HMP NORTHMOOR", address=("HM PRISON", "MOOR ROAD", "NORTHMOOR"), postcode="EX9 9ZZ",
                opened="20050401", status="A", subtype="B", parent="X2B", join="20130401", col24="X2B",
                setting="25"),
        ods_row("Y90004", "BROOK LANE SURGERY", address=("12 BROOK LANE", "", "BROOKFORD"), postcode="EX2 3CC",
                opened="19900101", status="ACTIVE", subtype="B", parent="X1A", join="20130401", col24="X1A",
                setting="4"),
        ods_row("Y90005", "CASTLE MEDICAL CENTRE", address=("CASTLE STREET", "", "BROOKFORD"), postcode="EX2 4DD",
                opened="19740401", status="A", subtype="B", parent="X2B", join="20130401", col24="X2B",
                setting="4"),
        # cut short at 24 columns, as the January 2021 etr was: read as if padded to 27
        ods_row("Y90006", "MOORSIDE HEALTH CENTRE", address=("MOOR ROAD", "", "NORTHMOOR"), postcode="EX9 1EE",
                opened="20010401", status="D", subtype="B", parent="X2B", join="20130401", col24="X2B",
                width=24),
    ]
    return csv_text(rows)


def eccg() -> str:
    return csv_text([
        ods_row("X1A", "NHS EXAMPLE ICB - X1A", address=("1 HEALTH PLACE", "", "ASHVALE"), postcode="EX1 9AA",
                opened="20130401", subtype="C"),
        ods_row("X2B", "NHS EXAMPLE ICB - X2B", address=("2 HEALTH PLACE", "", "NORTHMOOR"), postcode="EX9 9AA",
                opened="20130401", subtype="C"),
        ods_row("Z900X", "EXAMPLETON - SUB-ICB REPORTING ENTITY", address=("3 HEALTH PLACE",), postcode="EX1 9AB",
                opened="20240401", subtype="C", amended="1"),
    ])


def eother() -> str:
    return csv_text([
        ods_row("QXX", "NHS EXAMPLE INTEGRATED CARE BOARD", area="QXX", address=("1 HEALTH PLACE", "", "ASHVALE"),
                postcode="EX1 9AA", opened="20220701"),
        ods_row("X99", "EXAMPLE GOVERNMENT AGENCY", area="Q99", address=("1 WHITEHALL",), postcode="SW1A 2AA",
                opened="20000401"),
    ])


def ets() -> str:
    return csv_text([
        ods_row("RCF01", "AIREDALE GENERAL HOSPITAL", area="Q72", address=("SKIPTON ROAD", "STEETON", "KEIGHLEY"),
                postcode="BD20 6TD", opened="19920401", parent="RCF", col24="D"),
        ods_row("RCF02", "CASTLEBERG HOSPITAL", area="Q72", address=("GIGGLESWICK", "", "SETTLE"),
                postcode="BD24 0BN", opened="19920401", parent="RCF", col24="D"),
        ods_row("RCF03", "THE HEALTH CENTRE", area="Q72", address=("HIGH STREET",), postcode="BD20 1AA",
                opened="19920401", parent="RCF", col24="D"),
        ods_row("RZZ01", "THE HEALTH CENTRE", area="Q72", address=("LOW STREET",), postcode="BD21 1AA",
                opened="19920401", parent="RZZ", col24="D"),
    ])


def ephp() -> str:
    return csv_text([
        ods_row("NT790", "FENWICK HEALTHCARE LIMITED", address=("1 PARK ROAD", "", "BROOKFORD"), postcode="EX2 5EE",
                opened="20100401"),
        ods_row("NT791", "ST CUTHBERT'S HOSPICE", address=("HOSPICE LANE", "", "ASHVALE"), postcode="EX1 6FF",
                opened="19950401"),
    ])


PCN_MEMBERS = [("Y90001", "ASHVALE SURGERY", "X1A", "20190701", ""),
               ("Y90004", "BROOK LANE SURGERY", "X1A", "20200401", ""),
               ("Y90002", "RIVERSIDE MEDICAL PRACTICE", "X1A", "20190701", "20230331")]


def core_partner_csv() -> str:
    rows = []
    for code, name, sicbl, start, end in PCN_MEMBERS:
        rows.append([code, name, sicbl, "NHS EXAMPLE ICB - " + sicbl, "U90001", "ASHVALE AND BROOK PCN", "X1A",
                     "NHS EXAMPLE ICB - X1A", start, end])
    return csv_text(rows)


def epcn_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "PCNDetails"
    ws.append(["PCN Code", "PCN Name", "Current Sub ICB\nLoc Code", "Sub ICB Location", "Open Date", "Close Date",
               "Address Line 1", "Postcode"])
    ws.append(["U90001", "ASHVALE AND BROOK PCN", "X1A", "NHS EXAMPLE ICB - X1A", "20190701", None,
               "1 MILL LANE", "EX1 1AA"])
    ws2 = wb.create_sheet("PCN Core Partner Details")
    ws2.append(["Partner\nOrganisation\nCode", "Partner\nName", "Practice\nParent\nSub ICB Loc Code",
                "Practice\nParent\nSub ICB Loc Name", "PCN Code", "PCN Name", "PCN Parent Sub ICB Loc Code",
                "PCN Parent Sub ICB Loc Name", "Practice to PCN\nRelationship\nStart Date",
                "Practice to PCN\nRelationship\nEnd Date"])
    for code, name, sicbl, start, end in PCN_MEMBERS:
        ws2.append([code, name, sicbl, "NHS EXAMPLE ICB - " + sicbl, "U90001", "ASHVALE AND BROOK PCN", "X1A",
                    "NHS EXAMPLE ICB - X1A", start, end or None])
    ws2.append([None] * 10)  # ODS's workbook has blank rows
    fixed = dt.datetime(2025, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "coigraph tests"
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed entry dates and 'modified' property, so the bytes never change."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            body = zin.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2025-01-01T00:00:00Z\g<2>", body)
            zout.writestr(fixed, body)
    return out.getvalue()


# --------------------------------------------------------------------------- Companies House

#: The company file's header exactly as Companies House writes it: note the leading spaces.
CH_HEADER = ("CompanyName, CompanyNumber,RegAddress.CareOf,RegAddress.POBox,RegAddress.AddressLine1, "
             "RegAddress.AddressLine2,RegAddress.PostTown,RegAddress.County,RegAddress.Country,"
             "RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,DissolutionDate,"
             "IncorporationDate,Accounts.AccountRefDay,Accounts.AccountRefMonth,Accounts.NextDueDate,"
             "Accounts.LastMadeUpDate,Accounts.AccountCategory,Returns.NextDueDate,Returns.LastMadeUpDate,"
             "Mortgages.NumMortCharges,Mortgages.NumMortOutstanding,Mortgages.NumMortPartSatisfied,"
             "Mortgages.NumMortSatisfied,SICCode.SicText_1,SICCode.SicText_2,SICCode.SicText_3,"
             "SICCode.SicText_4,LimitedPartnerships.NumGenPartners,LimitedPartnerships.NumLimPartners,URI,"
             "PreviousName_1.CONDATE, PreviousName_1.CompanyName, PreviousName_2.CONDATE, "
             "PreviousName_2.CompanyName,PreviousName_3.CONDATE, PreviousName_3.CompanyName,"
             "PreviousName_4.CONDATE, PreviousName_4.CompanyName,PreviousName_5.CONDATE, "
             "PreviousName_5.CompanyName,PreviousName_6.CONDATE, PreviousName_6.CompanyName,"
             "PreviousName_7.CONDATE, PreviousName_7.CompanyName,PreviousName_8.CONDATE, "
             "PreviousName_8.CompanyName,PreviousName_9.CONDATE, PreviousName_9.CompanyName,"
             "PreviousName_10.CONDATE, PreviousName_10.CompanyName,ConfStmtNextDueDate, ConfStmtLastMadeUpDate")


def ch_row(name: str, number: str, *, town: str = "BROOKFORD", postcode: str = "EX2 1AA",
           category: str = "Private Limited Company", status: str = "Active", incorporated: str = "01/04/2010",
           dissolved: str = "", sic: str = "86210 - General medical practice activities") -> list[str]:
    row = [""] * 55
    row[0], row[1], row[4], row[6], row[8], row[9] = name, number, "1 HIGH STREET", town, "ENGLAND", postcode
    row[10], row[11], row[12], row[13], row[14] = category, status, "United Kingdom", dissolved, incorporated
    row[15], row[16], row[19], row[26] = "31", "3", "TOTAL EXEMPTION FULL", sic
    row[32] = f"http://business.data.gov.uk/id/company/{number}"
    return row


def ch_file(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    buf.write(CH_HEADER + "\r\n")
    csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def filler_companies(n: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    first = ["ALDER", "BIRCH", "CEDAR", "DAMSON", "ELDER", "FIR", "GORSE", "HAZEL", "IVY", "JUNIPER"]
    second = ["TRADING", "HOLDINGS", "PROPERTIES", "SERVICES", "VENTURES", "CONSULTING", "LOGISTICS"]
    out = []
    for i in range(n):
        name = f"{rng.choice(first)} {rng.choice(second)} {i + 1} LIMITED"
        out.append(ch_row(name, f"{12000000 + i:08d}", town=rng.choice(["LEEDS", "YORK", "HULL"]),
                          incorporated=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1990, 2020)}",
                          sic="70229 - Management consultancy activities other than financial management"))
    return out


def psc_line(number: str, kind: str = "individual-person-with-significant-control", **data: object) -> str:
    etag = hashlib.sha1(f"{number}|{kind}|{sorted(data.items())}".encode()).hexdigest()
    d: dict[str, object] = {"kind": kind, "etag": etag}
    d.update(data)
    return json.dumps({"company_number": number, "data": d}, sort_keys=True, separators=(",", ":"))


def person(number: str, pid: str, title: str, forename: str, middle: str, surname: str, *,
           born: tuple[int, int] | None, natures: list[str], notified: str, ceased: str = "") -> str:
    names = {"title": title, "forename": forename, "surname": surname}
    if middle:
        names["middle_name"] = middle
    data: dict[str, object] = {
        "address": {"address_line_1": "1 High Street", "country": "England", "locality": "Brookford",
                    "postal_code": "EX2 1AA", "premises": "1"},
        "country_of_residence": "England", "links": {
            "self": f"/company/{number}/persons-with-significant-control/individual/{pid}"},
        "name": " ".join(x for x in (title, forename, middle, surname) if x), "name_elements": names,
        "nationality": "British", "natures_of_control": natures, "notified_on": notified}
    if born:
        data["date_of_birth"] = {"month": born[1], "year": born[0]}
    if ceased:
        data["ceased_on"] = ceased
    return psc_line(number, **data)


def corporate(number: str, pid: str, name: str, registration: str, natures: list[str], notified: str) -> str:
    return psc_line(number, "corporate-entity-person-with-significant-control", **{
        "address": {"address_line_1": "2 Park Road", "locality": "Brookford", "postal_code": "EX2 5EE",
                    "premises": "2", "country": "England"},
        "identification": {"country_registered": "England & Wales", "legal_authority": "Companies Act 2006",
                           "legal_form": "Private Limited Company",
                           "place_registered": "Companies House Cardiff", "registration_number": registration},
        "links": {"self": f"/company/{number}/persons-with-significant-control/corporate-entity/{pid}"},
        "name": name, "natures_of_control": natures, "notified_on": notified})


def statement(number: str, sid: str, text: str, notified: str) -> str:
    return psc_line(number, "persons-with-significant-control-statement", **{
        "links": {"self": f"/company/{number}/persons-with-significant-control-statements/{sid}"},
        "notified_on": notified, "statement": text})


def super_secure(number: str, pid: str) -> str:
    return psc_line(number, "super-secure-person-with-significant-control", **{
        "ceased": False, "description": "super-secure-persons-with-significant-control",
        "links": {"self": f"/company/{number}/persons-with-significant-control/super-secure/{pid}"}})


def totals(count: int) -> str:
    return json.dumps({"data": {"exemptions_count": 0, "generated_at": "2025-06-01T03:40:50+01:00",
                                "kind": "totals#persons-of-significant-control-snapshot",
                                "persons_of_significant_control_count": count, "statements_count": 1}},
                      sort_keys=True, separators=(",", ":"))


def filler_psc(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    fores = ["Alice", "Ben", "Chloe", "Dev", "Ella", "Farid", "Grace", "Hugo"]
    surs = ["Ashworth", "Bramley", "Cottam", "Dewhurst", "Ellery", "Fothergill", "Gaskell"]
    out = []
    for i in range(n):
        out.append(person(f"{12000000 + i:08d}", f"filler{i:04d}", "Mr" if i % 2 else "Ms", rng.choice(fores), "",
                          rng.choice(surs), born=(rng.randint(1950, 1995), rng.randint(1, 12)),
                          natures=["ownership-of-shares-75-to-100-percent"], notified="2016-04-06"))
    return out


SHARES_25_50 = "ownership-of-shares-25-to-50-percent"
SHARES_50_75 = "ownership-of-shares-50-to-75-percent"
SHARES_75_100 = "ownership-of-shares-75-to-100-percent"
VOTES_75_100 = "voting-rights-75-to-100-percent"
SIC = "significant-influence-or-control"


def test_companies() -> dict[str, str]:
    rows = [
        ch_row("CORVALE DIGITAL HEALTH LIMITED", "07654321", incorporated="12/05/2015",
               sic="62012 - Business and domestic software development"),
        ch_row("QUILLON HEALTH GROUP PLC", "04512345", category="Public Limited Company", incorporated="03/09/2002"),
        ch_row("QUILLON DIAGNOSTICS LIMITED", "08765432", incorporated="20/01/2014",
               sic="86900 - Other human health activities"),
        ch_row("FENNICK ELECTIVE CARES LIMITED", "05550001", incorporated="01/02/2005"),
        ch_row("OKONJO ASSOCIATES LIMITED", "06123456", town="LEEDS", incorporated="01/02/2012",
               sic="70229 - Management consultancy activities other than financial management"),
        ch_row("ASHGROVE HOLDINGS LIMITED", "09876543", incorporated="15/07/2016",
               sic="64209 - Activities of other holding companies n.e.c."),
        ch_row("BRINDLE DENTAL GROUP LIMITED", "03334444", status="Dissolved", incorporated="01/06/1998",
               dissolved="31/03/2024", sic="86230 - Dental practice activities"),
    ] + filler_companies(24, seed=24)
    psc = [
        person("07654321", "okonjo1", "Prof", "James", "Adebayo", "Okonjo", born=(1961, 7),
               natures=[SHARES_25_50, SIC], notified="2019-05-01"),
        person("07654321", "raman1", "Mr", "Vikram", "", "Raman", born=(1972, 3), natures=[VOTES_75_100],
               notified="2016-04-06"),
        person("07654321", "oduya1", "Ms", "Margaret", "", "Oduya", born=(1980, 9), natures=[SHARES_25_50],
               notified="2017-01-10"),
        corporate("07654321", "ashgrove1", "Ashgrove Holdings Limited", "09876543", [SHARES_25_50],
                  "2016-04-06"),
        super_secure("07654321", "secure1"),
        corporate("08765432", "quillon1", "QUILLON HEALTH GROUP PLC", "4512345", [SHARES_75_100, VOTES_75_100],
                  "2016-04-06"),
        person("08765432", "caldwell1", "Mr", "Andrew", "", "Caldwell", born=None, natures=[SIC], notified="2018-01-01"),
        person("08765432", "jones1", "Mrs", "Sarah", "", "Jones", born=(1985, 11), natures=[SHARES_25_50],
               notified="2020-02-02"),
        statement("04512345", "stmt1", "no-individual-or-entity-with-signficant-control", "2016-07-12"),
        person("06123456", "okonjo2", "Prof", "James", "Adebayo", "Okonjo", born=(1961, 7),
               natures=[SHARES_75_100, VOTES_75_100], notified="2016-04-06"),
        person("12000003", "okonjo3", "Mr", "James", "", "Okonjo", born=(1990, 1), natures=[SHARES_75_100],
               notified="2021-03-03"),
        person("03334444", "brindle1", "Dr", "Anjali", "", "Mehta", born=(1975, 4), natures=[SHARES_75_100],
               notified="2016-04-06", ceased="2024-03-31"),
    ] + filler_psc(24, seed=25)
    psc.append(totals(len(psc)))
    return {"BasicCompanyData-2025-06-01.csv": ch_file(rows),
            "psc-snapshot-2025-06-01.txt": "\n".join(psc) + "\n",
            "bods-0.4.json": bods_04(), "bods-0.2.jsonl": bods_02()}


def bods_04() -> str:
    pub = {"publicationDate": "2025-06-01", "bodsVersion": "0.4", "publisher": {"name": "coigraph tests"}}
    statements = [
        {"statementId": "s-entity-corvale-000000000000000000", "declarationSubject": "e-corvale",
         "recordId": "e-corvale", "recordType": "entity", "statementDate": "2025-06-01",
         "publicationDetails": pub, "recordDetails": {
             "isComponent": False, "entityType": {"type": "registeredEntity"},
             "name": "CORVALE DIGITAL HEALTH LIMITED",
             "identifiers": [{"scheme": "GB-COH", "id": "07654321"}]}},
        {"statementId": "s-person-okonjo-00000000000000000000", "declarationSubject": "e-corvale",
         "recordId": "p-okonjo", "recordType": "person", "statementDate": "2025-06-01",
         "publicationDetails": pub, "recordDetails": {
             "isComponent": False, "personType": "knownPerson",
             "names": [{"type": "legal", "fullName": "James Adebayo Okonjo", "givenName": "James Adebayo",
                        "familyName": "Okonjo"}], "birthDate": "1961-07-23"}},
        {"statementId": "s-rel-okonjo-corvale-00000000000000000", "declarationSubject": "e-corvale",
         "recordId": "r-okonjo-corvale", "recordType": "relationship", "statementDate": "2025-06-01",
         "publicationDetails": pub, "recordDetails": {
             "isComponent": False, "subject": "e-corvale", "interestedParty": "p-okonjo",
             "interests": [{"type": "shareholding", "directOrIndirect": "direct",
                            "beneficialOwnershipOrControl": True, "startDate": "2019-05-01",
                            "share": {"minimum": 25, "maximum": 50}}]}},
        {"statementId": "s-entity-other-0000000000000000000000", "declarationSubject": "e-other",
         "recordId": "e-other", "recordType": "entity", "statementDate": "2025-06-01",
         "publicationDetails": pub, "recordDetails": {
             "isComponent": False, "entityType": {"type": "registeredEntity"}, "name": "ALDER TRADING 1 LIMITED",
             "identifiers": [{"scheme": "GB-COH", "id": "12000000"}]}},
    ]
    return json.dumps(statements, indent=2, sort_keys=True) + "\n"


def bods_02() -> str:
    pub = {"publicationDate": "2019-06-01", "bodsVersion": "0.2", "publisher": {"name": "coigraph tests"}}
    statements = [
        {"statementID": "ent-quillon-diag", "statementType": "entityStatement", "entityType": "registeredEntity",
         "name": "QUILLON DIAGNOSTICS LIMITED", "identifiers": [{"scheme": "GB-COH", "id": "08765432"}],
         "publicationDetails": pub, "isComponent": False},
        {"statementID": "per-caldwell", "statementType": "personStatement", "personType": "knownPerson",
         "names": [{"type": "individual", "fullName": "Andrew Caldwell"}], "publicationDetails": pub,
         "isComponent": False},
        {"statementID": "ooc-caldwell-quillon", "statementType": "ownershipOrControlStatement",
         "subject": {"describedByEntityStatement": "ent-quillon-diag"},
         "interestedParty": {"describedByPersonStatement": "per-caldwell"},
         "interests": [{"type": "voting-rights", "interestLevel": "direct", "startDate": "2018-01-01",
                        "share": {"minimum": 50, "maximum": 75, "exclusiveMinimum": True,
                                  "exclusiveMaximum": False}}],
         "publicationDetails": pub, "isComponent": False},
    ]
    return "".join(json.dumps(s, sort_keys=True, separators=(",", ":")) + "\n" for s in statements)


# --------------------------------------------------------------------------- the test dataset

DATASET = {
    "organisations.csv": """id,name,kind,aliases,ods_code,company_number
example-icb,NHS Example Integrated Care Board,icb,,QXX,
airedale,Airedale NHS Foundation Trust,foundation_trust,,RCF,
leeds-teaching,Leeds Teaching Hospitals NHS Trust,nhs_trust,LTHT,,
york-teaching,York Teaching Hospital NHS Foundation Trust,company,,,
ashvale-surgery,Ashvale Surgery,gp_practice,,,
riverside,Riverside Medical Practice,gp_practice,,Y90002,
castle-medical,Castle Medical Group,gp_practice,,,
corvale,Corvale Digital Health Ltd,company,Corvale,,
quillon-group,Quillon Health Group plc,company,,,04512345
quillon-diagnostics,Quillon Diagnostics Ltd,company,,,
fennick,Fennick Elective Care Ltd,company,,,
brindle,Brindle Dental Group Ltd,company,,,
marrowgate,Marrowgate Consulting Ltd,company,,,
""",
    "bodies.csv": """id,name,kind,owners
icb-board,NHS Example ICB Board,board,example-icb
""",
    "people.csv": """id,name,title
james-okonjo,James Okonjo,Prof
vikram-raman,Vikram Raman,
andrew-caldwell,Andrew Caldwell,
sarah-jones,Sarah Jones,
anjali-mehta,Anjali Mehta,Dr
""",
    "positions.csv": """person,role,body,organisation,start
james-okonjo,ordinary_member,icb-board,example-icb,2023-01-01
sarah-jones,chair,icb-board,example-icb,2022-07-01
""",
}

BORN = """person,born
james-okonjo,1961-07
sarah-jones,1970-02
"""


# --------------------------------------------------------------------------- the sample system's slice

def northshire() -> dict[str, str]:
    """The slice of the company file and the PSC snapshot for data/northshire's companies (fictional)."""
    rows = [
        ch_row("CASTLEBRIDGE GP FEDERATION LTD", "09988776", town="CASTLEBRIDGE", incorporated="01/04/2016"),
        ch_row("QUILLON HEALTH GROUP PLC", "04817263", category="Public Limited Company", town="TARROW",
               incorporated="14/03/2003", sic="86900 - Other human health activities"),
        ch_row("QUILLON DIAGNOSTICS LIMITED", "08817264", town="TARROW", incorporated="02/10/2013",
               sic="86900 - Other human health activities"),
        ch_row("CORVALE DIGITAL HEALTH LIMITED", "10762315", town="CASTLEBRIDGE", incorporated="22/04/2017",
               sic="62012 - Business and domestic software development"),
        ch_row("FENNICK ELECTIVE CARE LTD", "06671234", town="NORTHSHIRE", incorporated="01/03/2008",
               sic="86101 - Hospital activities"),
        ch_row("STONEMERE ESTATES LIMITED", "05433219", town="CASTLEBRIDGE", incorporated="17/11/2005",
               sic="41100 - Development of building projects"),
        ch_row("CARROWBY CARE HOMES LIMITED", "04299871", town="TARROWDALE", incorporated="06/06/2001",
               sic="87100 - Residential nursing care facilities"),
        ch_row("PELLORY PHARMACY LIMITED", "07711902", town="CASTLEBRIDGE", incorporated="01/09/2011",
               sic="47730 - Dispensing chemist in specialised stores"),
        ch_row("HARTWELL PRIMARY CARE LIMITED", "11654320", town="NORTHSHIRE", incorporated="03/12/2018"),
        ch_row("BRINDLE DENTAL GROUP LIMITED", "06022871", town="TARROWDALE", incorporated="15/01/2007",
               sic="86230 - Dental practice activities"),
    ] + filler_companies(12, seed=7)
    psc = [
        statement("09988776", "nsfed1", "no-individual-or-entity-with-signficant-control", "2016-07-12"),
        person("04817263", "nsquillon2", "Mr", "Roderick", "", "Vane", born=(1958, 2),
               natures=[SHARES_25_50], notified="2016-04-06"),
        person("10762315", "nscorvale1", "Mr", "Vikram", "", "Raman", born=(1974, 9),
               natures=[SHARES_75_100, VOTES_75_100], notified="2017-04-22"),
        person("06671234", "nsfennick1", "Mr", "Julian", "", "Ashby", born=(1966, 12),
               natures=[SHARES_75_100], notified="2016-04-06"),
        person("05433219", "nsstonemere1", "Mr", "Andrew", "", "Caldwell", born=(1969, 5),
               natures=[SHARES_25_50], notified="2018-01-01"),
        person("05433219", "nsstonemere2", "Mrs", "Elaine", "", "Fairley", born=(1971, 8),
               natures=[SHARES_50_75], notified="2018-01-01"),
        # SEEDED (situation 20): an ICB board member who controls, per the PSC register, a company an item of
        # the FIC meeting of 11 June 2025 awards a contract to; no register entry of his covers it
        person("04299871", "nscarrowby1", "Prof", "James", "Adebayo", "Okonjo", born=(1961, 7),
               natures=[SHARES_25_50], notified="2021-03-15"),
        person("04299871", "nscarrowby2", "Mr", "Brian", "", "Lockwood", born=(1963, 10),
               natures=[SHARES_50_75], notified="2016-04-06"),
        person("07711902", "nspellory1", "Mr", "Yusuf", "", "Karim", born=(1970, 6),
               natures=[SHARES_75_100], notified="2016-04-06"),
        person("11654320", "nshartwell1", "Dr", "Marcus", "", "Hale", born=(1971, 1),
               natures=[SHARES_75_100, SIC], notified="2018-12-03"),
        person("06022871", "nsbrindle1", "Dr", "Anjali", "", "Mehta", born=(1975, 4),
               natures=[SHARES_75_100], notified="2016-05-01"),
        corporate("08817264", "nsquillon1", "QUILLON HEALTH GROUP PLC", "04817263", [SHARES_75_100, VOTES_75_100],
                  "2016-04-06"),
    ] + filler_psc(12, seed=8)
    psc.append(totals(len(psc)))
    trusts = [("RZN", "NORTHSHIRE HOSPITALS NHS FOUNDATION TRUST", "CASTLEBRIDGE", "19940401"),
              ("RZC", "CASTLEBRIDGE AND TARROW HOSPITALS NHS TRUST", "TARROW", "19930401"),
              ("RZF", "FENMOOR AND NORTHSHIRE PARTNERSHIP NHS FOUNDATION TRUST", "FENMOOR", "20020401"),
              ("RZM", "NORTHSHIRE COMMUNITY HEALTH NHS TRUST", "NORTHSHIRE", "20110401"),
              ("RZH", "HIGHVALE AMBULANCE SERVICE NHS FOUNDATION TRUST", "HIGHVALE", "20060701"),
              ("RZW", "WEALDMOOR GENERAL HOSPITAL NHS TRUST", "WEALDMOOR", "19920401")]
    etr = [ods_row(code, name, area="QZW" if code in ("RZW",) else "QZN", address=("", "", "", town),
                   opened=opened, col24="D", width=24) for code, name, town, opened in trusts]
    practices = ["RIVERSIDE MEDICAL PRACTICE", "MINSTER SURGERY", "KINGSGATE HEALTH CENTRE", "CASTLE MOUNT SURGERY",
                 "EASTFIELD PRACTICE", "HOLLINS LANE SURGERY", "MARSH VIEW PRACTICE", "TARROW BRIDGE SURGERY",
                 "MILLBECK SURGERY", "OLD FORGE SURGERY", "GREYHOLME SURGERY", "FELLSIDE PRACTICE",
                 "BRACKENRIDGE MEDICAL CENTRE"]
    gp = [ods_row(f"Z99{101 + i}", name, area="QZN", address=(name, "", "", "CASTLEBRIDGE"), opened="19740401",
                  status="A", subtype="B", parent="Z1N", join="20220701", col24="Z1N", setting="4")
          for i, name in enumerate(practices)]
    gp.append(ods_row("Z99201", "WEALDMOOR ROAD SURGERY", area="QZW", address=("WEALDMOOR ROAD",), opened="19800401",
                      status="A", subtype="B", parent="Z2W", join="20220701", col24="Z2W", setting="4"))
    return {"BasicCompanyData-2025-06-01.csv": ch_file(rows),
            "psc-snapshot-2025-06-01.txt": "\n".join(psc) + "\n",
            "born.csv": "person,born\njames-okonjo,1961-07\n",
            "etr.csv": csv_text(etr, quote_all=False), "epraccur.csv": csv_text(gp)}


def files() -> dict[Path, str | bytes]:
    out: dict[Path, str | bytes] = {
        HERE / "ods" / "etr-yorkshire.csv": real_etr(),
        HERE / "ods" / "epraccur.csv": epraccur(),
        HERE / "ods" / "eccg.csv": eccg(),
        HERE / "ods" / "eother.csv": eother(),
        HERE / "ods" / "ets.csv": ets(),
        HERE / "ods" / "ephp.csv": ephp(),
        HERE / "ods" / "epcncorepartnerdetails.csv": core_partner_csv(),
        HERE / "ods" / "ePCN.xlsx": epcn_xlsx(),
        HERE / "born.csv": BORN,
    }
    for name, text in test_companies().items():
        out[HERE / "companies" / name] = text
    for name, text in DATASET.items():
        out[HERE / "dataset" / name] = text
    for name, text in northshire().items():
        out[ROOT / "data" / "northshire-reference" / name] = text
    return out


def build(root: Path | None = None) -> list[Path]:
    """Write every fixture (under ``root`` instead of the repository, for the up-to-date test)."""
    written = []
    for path, body in files().items():
        target = root / path.relative_to(ROOT) if root else path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(body, encoding="utf-8", newline="")
        written.append(target)
    return written


if __name__ == "__main__":
    for p in build():
        print(p.relative_to(ROOT))
