"""Organisation name matching: the core-name comparison added for register import, and that
the existing find_in_text / match_name behaviour is unchanged by it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from coigraph.names import OrgMatcher, core_name

REAL = Path(__file__).parent / "data" / "realdata"


@pytest.fixture(scope="module")
def yorkshire() -> OrgMatcher:
    """The 20 real Yorkshire and Humber trusts, named in capitals as NHS ODS publishes them."""
    with (REAL / "nhs_trusts_yorkshire_ods_etr.csv").open(encoding="utf-8") as fh:
        return OrgMatcher((r["org_code"], r["name"], []) for r in csv.DictReader(fh))


@pytest.mark.parametrize("text, code", [
    ("Director at Bradford Teaching Hospitals NHS FT", "RAE"),
    ("Governor, Harrogate & District NHS Foundation Trust", "RCD"),
    ("Consultant at Sheffield Children’s NHS FT", "RCU"),
    ("Member of the council of governors of The Rotherham NHS Foundation Trust", "RFR"),
    ("Chair of Rotherham Doncaster and South Humber NHS Foundation Trust", "RXE"),
])
def test_real_trust_names_in_free_text(yorkshire: OrgMatcher, text: str, code: str) -> None:
    assert [m.org_id for m in yorkshire.find_in_text(text)] == [code]


def test_find_in_text_still_needs_the_name_not_just_its_core(yorkshire: OrgMatcher) -> None:
    # unchanged behaviour: free text is matched on names, aliases and acronyms only
    assert yorkshire.find_in_text("Consultant at Leeds Teaching Hospitals") == []
    assert yorkshire.match_name("LEEDS TEACHING HOSPITALS NHS TRUST") == [("RR8", 100.0)]


def test_core_names() -> None:
    assert core_name("THE ROTHERHAM NHS FOUNDATION TRUST") == "rotherham"
    assert core_name("Harrogate and District NHS Foundation Trust") == "harrogate district"
    assert core_name("Northshire GP Federation Ltd") == "northshire gp federation"


@pytest.mark.parametrize("name, best", [
    ("Leeds Teaching Hospitals", ("RR8", 100.0)),  # no suffix written
    ("Harrogate & District", ("RCD", 100.0)),
    ("Mid Yorks Hospitals", ("RXF", 68.0)),  # 'Yorks' shortens 'Yorkshire': a candidate, not a sure one
])
def test_match_core_whole_names(yorkshire: OrgMatcher, name: str, best) -> None:
    assert yorkshire.match_core(name)[0] == best


def test_match_core_rules_out_other_bodies_and_loose_fits() -> None:
    m = OrgMatcher([("nhft", "Northshire Hospitals NHS Foundation Trust", ["NHFT", "Northshire Hospitals"]),
                    ("fennick", "Fennick Elective Care Ltd", ["Fennick"]),
                    ("gpfed", "Northshire GP Federation Ltd", [])])
    assert m.match_core("Northshire Hospitals Charity") == []  # another kind of body
    assert m.match_core("Fenwick Family Farms Ltd") == []  # a near spelling plus extra words
    assert m.match_core("Northshire GP Fedaration")[0][0] == "gpfed"  # misspelt: a candidate...
    assert m.match_core("Northshire GP Fedaration")[0][1] < 85  # ...never a sure one
    assert m.match_core("Northshire GP Fed")[0] == ("gpfed", 68.0)  # shortened word
    assert m.match_core("Northshire GP Federation Board") == []  # 'board': another kind of body
    assert m.match_core("Northshire GP Federation East") == [("gpfed", 60.0)]  # an extra word


def test_find_in_text_word_index_matches_one_pattern_of_every_name(yorkshire: OrgMatcher) -> None:
    """find_in_text tries only the names whose words are all in the text (so its cost does not
    grow with the number of organisations); it must find exactly what one regular expression of
    every name, longest first, finds."""
    import random
    import re

    from coigraph.names import _normalise_with_index

    alts = sorted(yorkshire._phrases, key=len, reverse=True)
    full = re.compile(r"\b(" + "|".join(re.escape(a) for a in alts) + r")\b")
    words = sorted({w for a in alts for w in a.split()}) + ["board", "award", "to", "the", "and", "x"]
    rng = random.Random(7)
    matched = 0
    for _ in range(400):  # texts of whole names, their words and other words, overlapping
        text = " ".join(rng.choice(alts) if rng.random() < 0.3 else rng.choice(words)
                        for _ in range(rng.randint(1, 14)))
        norm, _ = _normalise_with_index(text)
        pattern = yorkshire._pattern_for(norm)
        got = [(m.start(), m.group(1)) for m in pattern.finditer(norm)] if pattern else []
        assert got == [(m.start(), m.group(1)) for m in full.finditer(norm)], text
        matched += len(got)
    assert matched > 200
