"""--redact: published outputs say an interest exists and its category, not the private details.

Checked on the hostile-names fixture (Bob's indirect interest through his wife
Dan, a private person; Bob's trusteeship, a non-financial personal interest)
and on the sample system, through the library and every publishing command.
Also: the database password never appears in an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coigraph.graph import build_graph, dumps, graph_from_json, graph_to_json, load_graph
from coigraph.load.dataset import load_dataset
from coigraph.redact import (
    DETAIL_IN_TEXT,
    WITHHELD,
    RedactionPolicy,
    is_private_interest,
    private_people,
    redact_dataset,
    redact_findings,
    redact_graph,
    redact_interest,
    redaction_for,
)

DATA = Path(__file__).resolve().parent / "data"
HOSTILE = DATA / "hostile-names"
NORTHSHIRE = Path(__file__).resolve().parent.parent / "data" / "northshire"

#: What must never be published about Bob's wife and Bob's private interests.
SECRETS = [
    "Dan | Spouse",                       # the private associate's name
    "person:dan", '"dan"',                # ...and id
    "Wife is a director of Acme",         # indirect interest's description
    "Trustee {{7*7}}",                    # personal interest's description
    '=HYPERLINK(""http://x"",""no part"")', '=HYPERLINK("http://x","no part")',  # a mitigation
    "@SUM(1) declare",                    # another mitigation
    "wife <i>x</i>", "wife &lt;i&gt;x",   # the relationship, raw and escaped
    "Director {{7*7}}",                   # the associate's own post
]
#: What must still be published.
KEPT = ["Bob", "Acme | Care", "int-bob-acme", "int-bob-charity", "Zed", "Chief executive of"]


def _assert_redacted(text: str) -> None:
    for s in SECRETS:
        assert s not in text, f"{s!r} published"


# --------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("attrs, private", [
    ({"types": ["financial"]}, False),
    ({"types": ["non_financial_professional"]}, False),
    ({"types": ["non_financial_personal"]}, True),
    ({"types": ["financial", "non_financial_personal"]}, False),
    ({"types": ["financial"], "indirect": True}, True),
    ({"types": ["non_financial_professional"], "associate": "dan"}, True),
])
def test_which_interests_are_private(attrs, private):
    assert is_private_interest(attrs) is private


def test_policy_can_publish_indirect_details():
    policy = RedactionPolicy.from_mapping({"indirect_private": False, "private_types": []})
    assert not is_private_interest({"types": ["financial"], "indirect": True}, policy)
    assert not is_private_interest({"types": ["non_financial_personal"]}, policy)


def test_redact_interest_keeps_existence_and_category():
    rec = {"id": "i1", "person": "bob", "organisation": "acme", "types": ["financial"], "indirect": True,
           "associate": "dan", "relationship": "wife", "description": "Wife is a director",
           "mitigation": "no part", "start": "2020-01-01", "declared": "2025-04-01", "src": "interests.csv:3"}
    out = redact_interest(rec, associate="associate-1")
    assert out == {**rec, "associate": "associate-1", "relationship": WITHHELD,
                   "description": WITHHELD, "mitigation": WITHHELD}
    assert rec["description"] == "Wife is a director"  # pure: the input is untouched
    hidden = redact_interest(rec, RedactionPolicy(hide_indirect_organisation=True))
    assert "organisation" not in hidden and hidden["subject"] == WITHHELD and "associate" not in hidden
    public = {"id": "i2", "person": "zed", "types": ["financial"], "description": "CEO"}
    assert redact_interest(public) == public


# --------------------------------------------------------------------------- the graph


def test_redact_graph_withholds_private_details_and_keeps_the_rest():
    G = load_graph(HOSTILE)
    before = dumps(G)
    H = redact_graph(G)
    assert dumps(G) == before  # pure
    text = dumps(H)
    _assert_redacted(text)
    for k in KEPT:
        assert k in text
    assert private_people(G) == ["person:dan"]
    assert H.nodes["person:associate-1"]["name"] == "Withheld associate 1"
    # every interest still exists, with its category
    types = {k: a["types"] for _u, _v, k, a in H.edges(keys=True, data=True) if a["type"] == "interest"}
    assert types == {"interest:int-zed": ["financial"], "interest:int-bob-acme": ["financial"],
                     "interest:int-bob-charity": ["non_financial_personal"]}
    acme = H.edges["person:bob", "org:acme", "interest:int-bob-acme"]
    assert acme["indirect"] is True and acme["associate"] == "associate-1"
    assert acme["description"] == acme["mitigation"] == acme["relationship"] == WITHHELD
    # the association stays, generic; the private person's own post goes
    assoc = [(u, v, a) for u, v, a in H.edges(data=True) if a["type"] == "association"]
    assert [(u, v, a["kind"]) for u, v, a in assoc] == [("person:bob", "person:associate-1", "close_associate")]
    assert not [e for e in H.out_edges("person:associate-1", data=True) if e[2]["type"] == "position"]
    # a public interest is published in full
    assert H.edges["person:zed", "org:trust", "interest:int-zed"]["description"].startswith("Chief executive")


def test_redacted_export_still_loads_as_a_dataset():
    H = redact_graph(load_graph(HOSTILE))
    again = graph_from_json(json.loads(json.dumps(graph_to_json(H))))
    assert dumps(again) == dumps(H)
    ds = redact_dataset(load_dataset(HOSTILE))
    assert {p.id for p in ds.table("people")} == {"ann", "zed", "bob", "olive", "associate-1"}


def test_hiding_the_organisation_of_indirect_interests():
    H = redact_graph(load_graph(HOSTILE), RedactionPolicy(hide_indirect_organisation=True))
    edge = next((u, v, a) for u, v, k, a in H.edges(keys=True, data=True) if k == "interest:int-bob-acme")
    assert edge[1] == "subject:withheld-1" and "organisation" not in edge[2]
    assert edge[2]["subject"] == "[withheld] 1"
    # the organisation itself stays in the graph (item 2 affects it, publicly)
    assert "org:acme" in H


def test_redaction_is_deterministic():
    assert dumps(redact_graph(load_graph(HOSTILE))) == dumps(redact_graph(load_graph(HOSTILE)))


def test_a_board_member_associate_is_not_withheld():
    """An associate who holds public office (here the partner member) keeps their name."""
    G = build_graph(load_dataset(HOSTILE))
    G.add_edge("person:bob", "person:zed", key="association:x", type="association", person="bob",
               associate="zed", kind="business_partner")
    assert private_people(G) == ["person:dan"]
    assert "=cmd|' /C calc'!A0 Zed" in dumps(redact_graph(G))


def test_same_name_as_a_member_is_not_replaced():
    G = build_graph(load_dataset(HOSTILE))
    G.nodes["person:dan"]["name"] = G.nodes["person:ann"]["name"]
    r = redaction_for(G)
    assert G.nodes["person:ann"]["name"] not in r.words
    assert redact_graph(G).nodes["person:ann"]["name"] == G.nodes["person:ann"]["name"]


@pytest.mark.skipif(not NORTHSHIRE.is_dir(), reason="sample system not present")
def test_sample_system_redacted_export_names_no_private_associate():
    G = load_graph(NORTHSHIRE)
    people = private_people(G)
    assert people, "the sample system has private associates to withhold"
    names = [G.nodes[p]["name"] for p in people]
    text = dumps(redact_graph(G))
    for p, name in zip(people, names, strict=True):
        assert name not in text and f'"{p}"' not in text
    private = [a for _u, _v, a in G.edges(data=True) if a.get("type") == "interest" and is_private_interest(a)]
    for a in private:
        if a.get("description") and len(a["description"]) > 20:
            assert a["description"] not in text


# --------------------------------------------------------------------------- findings


def test_redact_findings_on_screening_results():
    from coigraph.screening import screen_meeting

    G = load_graph(HOSTILE)
    result = screen_meeting(G, "board-2025-05")
    full = result.model_dump_json()
    assert "Dan | Spouse" in full or "Dan | Spouse" in " ".join(full.split())  # the secret is there...
    red = redact_findings(result, G)
    text = " ".join(red.model_dump_json().split())
    _assert_redacted(text)  # ...and gone
    assert red.model_dump_json() == redact_findings(result, G).model_dump_json()
    f = next(f for it in red.items for f in it.findings if f.indirect)
    assert f.person == "bob" and f.organisation == "acme" and f.category == "indirect"
    assert "their associate" in f.explanation and "Withheld associate 1" in f.rule_text
    assert result.model_dump_json() == full  # pure


def test_redact_findings_keeps_unrelated_words():
    """'partner' is a relationship word here, but 'partner member' and 'GP partner' must survive."""
    G = load_graph(HOSTILE)
    G.edges["person:bob", "person:dan", next(iter(G["person:bob"]["person:dan"]))]["relationship"] = "partner"
    r = redaction_for(G)
    assert r.text("Zed is a partner member; a GP partner.") == "Zed is a partner member; a GP partner."
    assert r.text("Bob's partner (Dan | Spouse **bold** [click](javascript:alert(1)))") == \
        "Bob's associate (Withheld associate 1)"


# --------------------------------------------------------------------------- the commands


def _outputs(cli, tmp_path: Path, redact: bool) -> dict[str, str]:
    flag = ["--redact"] if redact else []
    out = {}
    for name, args in {
        "export": ["export", HOSTILE],
        **{f"screen-{f}": ["screen", HOSTILE, "--meeting", "board-2025-05", "--format", f]
           for f in ("table", "json", "csv", "markdown", "html")},
        "map-meeting": ["map", HOSTILE, "--meeting", "board-2025-05"],
        "map-system": ["map", HOSTILE, "--system"],
        "map-person": ["map", HOSTILE, "--person", "bob"],
        "register-csv": ["export-register", HOSTILE, "--format", "csv"],
    }.items():
        target = tmp_path / f"{name}-{redact}.out"
        r = cli(*args, *flag, "--output", target, columns=400)  # a table's cells on one line each
        assert r.exit_code == 0, (name, r.stderr)
        out[name] = " ".join(target.read_text(encoding="utf-8").split())
    target = tmp_path / f"register-{redact}.xlsx"
    r = cli("export-register", HOSTILE, "--format", "xlsx", *flag, "--output", target)
    assert r.exit_code == 0, r.stderr
    import openpyxl

    wb = openpyxl.load_workbook(target)
    out["register-xlsx"] = " ".join(" ".join(str(c) for row in ws.iter_rows(values_only=True)
                                             for c in row if c is not None) for ws in wb.worksheets)
    out["register-xlsx"] = " ".join(out["register-xlsx"].split())
    return out


def test_every_publishing_command_redacts(cli, tmp_path):
    plain = _outputs(cli, tmp_path, redact=False)
    red = _outputs(cli, tmp_path, redact=True)
    for name, text in red.items():
        # the unredacted output did hold the secrets (so the check below can fail)...
        assert any(s in plain[name] for s in SECRETS), f"{name}: nothing private to withhold?"
        _assert_redacted(text)  # ...and the redacted one holds none of them
        assert "Bob" in text, name


def test_screen_redact_with_database_backend_is_refused(cli):
    r = cli("screen", "some-dataset", "--meeting", "m", "--backend", "neo4j", "--redact")
    assert r.exit_code == 2 and "--redact works on a data folder" in r.stderr


# --------------------------------------------------------------------------- secrets never printed


def test_failed_connection_never_shows_the_password(cli, monkeypatch):
    from coigraph.db.connect import connect
    from coigraph.errors import DatabaseError

    secret = "s3cret-Pa55word-xyzzy"
    with pytest.raises(DatabaseError) as err:
        connect(f"bolt://neo4j:{secret}@127.0.0.1:9", "neo4j", None, secret)
    assert secret not in str(err.value) and secret not in repr(err.value)
    monkeypatch.setenv("NEO4J_PASSWORD", secret)
    monkeypatch.setenv("NEO4J_URI", f"bolt://neo4j:{secret}@127.0.0.1:9")
    r = cli("db", "push", HOSTILE)
    assert r.exit_code == 2
    assert secret not in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


# --------------------------------------------------------------------------- free text


def _words(text: str) -> str:
    import re

    return " ".join(re.findall(r"[\w'’-]+", text.casefold()))


@pytest.mark.skipif(not NORTHSHIRE.is_dir(), reason="sample system not present")
def test_sample_system_redacted_export_keeps_no_text_of_a_withheld_interest(cli, tmp_path):
    """`coigraph export data/northshire --redact`: no detail of a withheld indirect or non-financial
    personal interest survives anywhere, minutes included (the minutes that said "his wife is a GP
    partner at ..." and "his brother-in-law is a director of ..." are withheld)."""
    target = tmp_path / "red.json"
    r = cli("export", NORTHSHIRE, "--redact", "--output", target)
    assert r.exit_code == 0, r.stderr
    text = target.read_text(encoding="utf-8")
    folded = _words(text)
    G = load_graph(NORTHSHIRE)
    checked = 0
    for _u, _v, _k, a in G.edges(keys=True, data=True):
        if a.get("type") == "interest" and is_private_interest(a):
            for f in ("description", "mitigation", "subject"):
                if a.get(f) and len(a[f]) >= DETAIL_IN_TEXT:  # shorter ones ('Trustee') are role words
                    checked += 1
                    assert _words(a[f]) not in folded, (f, a[f])
    assert checked > 20
    for phrase in ("his wife is a gp partner", "his brother-in-law is a director", "his wife's practice",
                   "chair of trustees of northshire carers together"):
        assert phrase in _words(" ".join((NORTHSHIRE / "minutes.csv").read_text().split())), phrase
        assert phrase not in folded, phrase
    data = json.loads(text)
    minutes = [e for e in data["edges"] if e["type"] == "minuted"]
    withheld = {e["src"] for e in minutes if e.get("text") == WITHHELD}
    assert {"minutes.csv:41", "minutes.csv:45", "minutes.csv:47", "minutes.csv:12"} <= withheld
    # minutes about public matters are kept word for word
    assert any("Rebecca Stanforth declared her post as Chief Executive of NHFT" in (e.get("text") or "")
               for e in minutes)
    # and the redacted export still loads, to the same graph
    again = tmp_path / "again.json"
    assert cli("export", target, "--output", again).exit_code == 0
    assert again.read_text(encoding="utf-8") == text


def test_an_alias_is_replaced_only_as_a_whole_name():
    """An associate's alias 'Board' must not turn 'NHS Northshire ICB Board' into '... Withheld associate 1'."""
    G = build_graph(load_dataset(HOSTILE))
    G.nodes["person:dan"]["aliases"] = ["Board", "D. Spouse"]
    meeting = next(n for n, a in G.nodes(data=True) if a.get("type") == "meeting")
    G.nodes[meeting]["title"] = "ICB Board (public) May 2025"
    G.add_node("person:eve", type="person", id="eve", name="Board")  # a name field equal to the alias
    H = redact_graph(G)
    assert H.nodes[meeting]["title"] == "ICB Board (public) May 2025"
    assert "Withheld associate" not in " ".join(str(a.get("name")) for n, a in H.nodes(data=True)
                                                if a.get("type") != "person")
    assert H.nodes["person:eve"]["name"] == "Withheld associate 1"
    assert "aliases" not in H.nodes["person:associate-1"]


def test_free_text_mentioning_a_private_associate_is_withheld_whole():
    G = build_graph(load_dataset(HOSTILE))
    dan = G.nodes["person:dan"]["name"]
    item = next(n for n, a in G.nodes(data=True) if a.get("type") == "agenda_item")
    G.nodes[item]["summary"] = f"Contract renewal; {' '.join(dan.split()).upper()} owns the bidder (sensitive)"
    G.nodes["org:acme"]["description"] = "Care at home across the county"
    H = redact_graph(G)
    assert H.nodes[item]["summary"] == WITHHELD
    assert H.nodes["org:acme"]["description"] == "Care at home across the county"


def _two_members(associations, interests, people=(), organisations=()):
    """Two board members (so neither is a private person), their associations and interests,
    and other people (who hold no seat) and organisations."""
    from coigraph.load.dataset import Dataset
    from coigraph.model import Body, Organisation, Person, Position

    ds = Dataset(name="two members")
    ds.records["organisations"] = [Organisation(id="icb", name="ICB", kind="icb"), *organisations]
    ds.records["bodies"] = [Body(id="board", name="Board", kind="board", owners=["icb"])]
    ds.records["people"] = [Person(id="ann", name="Ann Member"), Person(id="bob", name="Bob Member"), *people]
    ds.records["positions"] = [Position(id="s0", person="ann", role="chair", body="board"),
                               Position(id="s1", person="bob", role="member", body="board")]
    ds.records["associations"] = associations
    ds.records["interests"] = interests
    return build_graph(ds)


def _round_trips(H) -> bool:
    text = dumps(H)
    return dumps(graph_from_json(json.loads(text))) == text


def test_a_public_association_whose_words_are_withheld_is_keyed_by_its_redacted_words():
    """The flaky property (test_properties' redaction round trip) shrunk: a public association's
    relationship reads like a private interest's subject, so it is withheld; its key is made of
    its words, and must be the redacted record's key or the redacted export loads differently."""
    from coigraph.model import Association, Interest

    G = _two_members([Association(person="ann", associate="bob", kind="relative", relationship="Rotary")],
                     [Interest(id="i0", person="ann", subject="Rotary", types=["non_financial_personal"])])
    H = redact_graph(G)
    (k, a), = [(k, a) for _u, _v, k, a in H.edges(keys=True, data=True) if a["type"] == "association"]
    assert a["relationship"] == WITHHELD
    assert k not in {k for *_e, k in G.edges(keys=True)}  # re-keyed from its redacted words
    assert _round_trips(H)


def test_a_redacted_association_never_takes_the_key_of_an_unchanged_one():
    """Ann's indirect interest through Bob makes both of their associations private: the
    business partnership loses its words and then reads exactly like their unchanged
    close-associate row, whose key sorts after it; both rows stay, with distinct keys."""
    from coigraph.model import Association, Interest

    G = _two_members([Association(person="ann", associate="bob", kind="business_partner", relationship="partner"),
                      Association(person="ann", associate="bob", kind="close_associate")],
                     [Interest(id="i0", person="ann", organisation="icb", types=["financial"],
                               indirect=True, associate="bob", relationship="partner")])
    before = sorted(k for _u, _v, k, a in G.edges(keys=True, data=True) if a["type"] == "association")
    assert before[0].startswith("association:bob-business-partner")  # the changed row sorts first
    H = redact_graph(G)
    after = sorted(k for _u, _v, k, a in H.edges(keys=True, data=True) if a["type"] == "association")
    assert len(after) == 2 and after[1] == f"{after[0]}-2"
    assert after[0] in before  # the unchanged row keeps its key
    assert _round_trips(H)



def test_a_public_subject_naming_a_private_associate_moves_to_its_redacted_subject():
    """Shrunk from the property: Bob's private associate is called 'Rotary', and Ann's public
    interest's subject is 'Rotary'. The name is withheld inside the subject too, so the interest
    points at the subject its redacted words make, as a reload builds it."""
    from coigraph.model import Association, Interest, Person

    G = _two_members([Association(person="bob", associate="cy", kind="relative")],
                     [Interest(id="i0", person="ann", subject="Rotary", types=["financial"])],
                     people=[Person(id="cy", name="Rotary")])
    H = redact_graph(G)
    (v, a), = [(v, a) for _u, v, a in H.edges(data=True) if a["type"] == "interest"]
    assert a["subject"] == "Withheld associate 1" and v == "subject:withheld-associate-1"
    assert "subject:rotary" not in H
    assert _round_trips(H)


def test_an_id_that_reads_like_a_private_name_is_kept_as_an_id():
    """A public organisation's id is 'dan' and the private associate is named 'dan': text is
    redacted, ids are not (the interest must still point at org:dan, whose id stays 'dan')."""
    from coigraph.model import Association, Interest, Organisation, Person

    G = _two_members([Association(person="bob", associate="cy", kind="relative")],
                     [Interest(id="i0", person="ann", organisation="dan", types=["financial"])],
                     people=[Person(id="cy", name="dan")],
                     organisations=[Organisation(id="dan", name="Dan Holdings", kind="company")])
    H = redact_graph(G)
    assert H.nodes["org:dan"]["id"] == "dan"
    (a,) = [a for _u, _v, a in H.edges(data=True) if a["type"] == "interest"]
    assert a["organisation"] == "dan"
    assert _round_trips(H)
