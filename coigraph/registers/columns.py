"""Which column of a published register holds what: the fields, their usual headers, mapping files.

Registers name their columns in many ways ("Description of Interest",
"Details", "Interest declared"; "Type of Interest" merged over "Financial |
Non-Financial Professional | ..." tick boxes).  This module maps each header
to a register *field* by its usual names (the header itself is found by
:func:`coigraph.registers.read.detect_header`).  A person can override any
column (``--map "Column=field"``) and save the result as a mapping file (YAML)
for next month's register, together with the register's own words for types
and the names it uses for people and organisations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coigraph.errors import DataError, Problem, UsageError, did_you_mean
from coigraph.load.readers import load_yaml, read_text_file
from coigraph.names import normalise
from coigraph.registers.text import TYPE_WORDS, cell_text, fold

#: Register fields a column can map to, with what each holds.
FIELDS: dict[str, str] = {
    "name": "the person's full name ('Dr Jane Smith', 'SMITH, Jane')",
    "first_name": "the person's forename(s), when the name is split over two columns",
    "surname": "the person's surname, when the name is split over two columns",
    "title": "the person's title (Dr, Cllr, Prof), when it has a column of its own",
    "role": "job title or role ('Chief Executive'); kept as evidence only",
    "type": "type(s) of interest in words ('Financial Interest'; several may be named)",
    "financial": "tick box: a financial interest",
    "non_financial_professional": "tick box: a non-financial professional interest",
    "non_financial_personal": "tick box: a non-financial personal interest",
    "indirect": "tick box: an indirect interest (held by a close associate)",
    "direct_indirect": "'Direct' or 'Indirect'",
    "nature": "nature of interest: type words, or a role such as 'Director' (joined to the description)",
    "description": "description of the interest ('Director of Northshire GP Federation Ltd')",
    "organisation": "the organisation concerned, when it has a column of its own",
    "associate": "for an indirect interest, the associate's name",
    "relationship": "for an indirect interest, the relationship ('wife', 'son')",
    "start": "date the interest began ('01/06/2021', 'April 2022')",
    "end": "date it ended ('Ongoing', 'Present' and blank mean it has not)",
    "dates": "both dates in one cell ('2019 - present')",
    "declared": "date the interest was declared",
    "mitigation": "action taken to mitigate or manage it",
    "nil": "tick box: a nil return (nothing to declare)",
    "ref": "the register's reference for the entry (kept as the interest id when it has a letter)",
    "level": "'item' or 'sub-item': a sub-item row continues the entry above it",
    "notes": "comments; kept as evidence only",
    "ignore": "a column to leave out",
}

#: Fields whose several columns are joined rather than a clash.
MULTI = {"description", "notes", "ignore"}

#: (field, pattern over the normalised header), first match wins: specific before general.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((f, re.compile(p)) for f, p in (
    ("ref", r"^(ref|reference|ref no|ref number|reference number|reference no|id|no|number|entry no|"
            r"entry number|item no|item number|entry|register ref)$"),
    ("level", r"^(level|paragraph level|item level|entry level)$"),
    # "Is the interest direct or indirect?", but not "Declared Interest (including direct/indirect
    # interest)": a description column that mentions both words
    ("direct_indirect", r"^(?!.*\b(includ\w*|descri\w*|details?|declared|declaration)\b)"
                        r"(.*\bdirect\b.*\bindirect\b|.*\bindirect\b.*\bdirect\b)"),
    ("first_name", r"^(first names?|forenames?|given names?|christian name)$"),
    ("surname", r"^(surname|last name|family name)$"),
    ("title", r"^(title|salutation|honorific)$"),
    ("nil", r"\bnil\b|nothing to declare|^no interests"),
    ("mitigation", r"mitigat|\baction|\bmanag"),
    ("declared", r"date.*\b(declar\w*|registered|received|submitted|signed|completed|updated|return)\b|"
                 r"\b(declar\w*|registered)\b.*\bdate\b|^date (declared|registered)$|^declared( on)?$"),
    ("relationship", r"relationship|relation to|connection to"),
    ("associate", r"name of (the )?(relative|associate|spouse|family member|connected person|partner)|"
                  r"^(associate|relative|connected person|family member)( name)?$"),
    ("financial", r"^((type|types|category|nature) (of )?(interest )?|interest type )?financial( interests?)?$"),
    ("non_financial_professional",
     r"^((type|types|category|nature) (of )?(interest )?|interest type )?non financial professional( interests?)?$"),
    ("non_financial_personal",
     r"^((type|types|category|nature) (of )?(interest )?|interest type )?non financial personal( interests?)?$"),
    ("indirect", r"^((type|types|category|nature) (of )?(interest )?|interest type )?indirect( interests?)?$"),
    ("start", r"(\bfrom\b|\bstart|commenc|\bbegan\b|\bbegin)"),
    ("end", r"(^to$|\bdate\b.*\bto$|\bto date\b.*|\bend\b|\bended\b|ceased|\buntil\b|\bexpir|\bfinish)"),
    ("dates", r"\bdates?\b|\bperiod\b|\bduration\b"),
    ("organisation", r"organi[sz]ation|company|employer|\bbody\b|business|\bfirm\b|institution"),
    ("type", r"\btypes?\b|categor|kind of interest|\bclass\b"),
    ("nature", r"\bnature\b"),
    ("role", r"\brole\b|\bjob\b|position|\bpost\b|designation|capacity|occupation|job title"),
    ("description", r"descri|detail|interest|declaration|particular|summary|\btext\b"),
    ("name", r"\bname\b|member|declar|individual|person"),
    ("notes", r"note|comment|remark|additional|further information|other information|evidence"),
))


#: Fields of a register of gifts, hospitality and sponsorship (``--register gifts``).
GIFT_FIELDS: dict[str, str] = {
    "name": "the recipient's full name",
    "first_name": "the recipient's forename(s), when the name is split over two columns",
    "surname": "the recipient's surname, when the name is split over two columns",
    "title": "the recipient's title (Dr, Cllr, Prof), when it has a column of its own",
    "role": "job title or role; kept as evidence only",
    "organisation": "who offered it: the organisation, supplier or donor ('offered by', 'provider')",
    "kind": "gift, hospitality or sponsorship ('Gift', 'Hospitality', 'Sponsored event')",
    "description": "what was offered ('dinner at the supplier day', 'a pen set')",
    "value": "its value in pounds ('£120', 'approx. 50', 'under £25')",
    "date": "the date it was offered or received",
    "accepted": "accepted or declined ('Accepted', 'Declined', yes/no)",
    "declared": "the date it was declared (or yes/no)",
    "approved_by": "who approved accepting it",
    "ref": "the register's reference for the entry (kept as the entry's id when it has a letter)",
    "notes": "comments; kept as evidence",
    "ignore": "a column to leave out",
}

#: (field, pattern over the normalised header) for a gifts register, first match wins.
GIFT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((f, re.compile(p)) for f, p in (
    ("ref", r"^(ref|reference|ref no|ref number|reference number|id|no|number|entry no|entry number|"
            r"entry|register ref)$"),
    ("first_name", r"^(first names?|forenames?|given names?)$"),
    ("surname", r"^(surname|last name|family name)$"),
    ("title", r"^(title|salutation|honorific)$"),
    ("accepted", r"\baccept|\bdeclin|^decision$|^outcome$|^status$|accepted or declined"),
    ("approved_by", r"approv|authori[sz]|sign(ed)? off|agreed by"),
    ("declared", r"date.*\b(declar\w*|registered|reported|recorded|submitted)\b|^declared( on)?$"),
    ("value", r"\bvalue\b|\bcost\b|\bamount\b|\bworth\b|\bgbp\b"),
    ("date", r"\bdate\b|\bwhen\b|\breceived\b|\boffered on\b"),
    ("kind", r"^(type|kind|category|nature)( of (offer|item|gift|hospitality|benefit|entry))?$|"
             r"gift or hospitality|gift hospitality|gift hospitality or sponsorship"),
    ("organisation", r"organi[sz]ation|company|donor|provider|supplier|offered by|given by|"
                     r"provided by|\bfrom\b|sponsor|third party"),
    ("role", r"\brole\b|\bjob\b|position|\bpost\b|designation|job title"),
    ("description", r"descri|detail|\bwhat\b|\bitem\b|\bgift\b|hospitality|benefit|\bevent\b|nature"),
    ("name", r"\bname\b|recipient|member|individual|person|staff|employee|declared by"),
    ("notes", r"note|comment|remark|reason|additional|further information|action taken"),
))


@dataclass(frozen=True)
class RegisterKind:
    """A kind of register the importer reads: its fields, the usual names of their columns, and
    the columns of which at least one must be there (beside the person's name)."""

    name: str
    fields: dict[str, str]
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    multi: frozenset[str]
    describes: frozenset[str]


INTERESTS = RegisterKind("interests", FIELDS, RULES, frozenset(MULTI),
                         frozenset({"description", "organisation", "nature", "type", "financial", "nil"}))
GIFTS = RegisterKind("gifts", GIFT_FIELDS, GIFT_RULES, frozenset({"description", "notes", "ignore"}),
                     frozenset({"description", "organisation", "kind"}))
#: The registers the importer reads, by name (``--register``).
REGISTER_KINDS: dict[str, RegisterKind] = {k.name: k for k in (INTERESTS, GIFTS)}


def header_key(text: object) -> str:
    """A header as compared: folded, lower case, punctuation as spaces, '(dd/mm/yyyy)' dropped."""
    t = fold(cell_text(text)).replace("-", " ").replace("/", " ")
    t = re.sub(r"\((?:dd|mm|yy|d|m|y)[^)]*\)", " ", t, flags=re.I)
    t = re.sub(r"\b(please|if applicable|where applicable|e\.?g\.?.*$)\b", " ", t, flags=re.I)
    t = normalise(t).replace("'", "")
    t = re.sub(r"^(please )?(state|give|enter|list|provide) (the )?", "", t)
    return t.strip(" ?")


def guess_field(header: str, kind: RegisterKind | None = None) -> str | None:
    """The register field a header names, by its usual wording (in a register of ``kind``), or None."""
    key = header_key(header)
    if not key:
        return None
    for fld, pattern in (kind or INTERESTS).rules:
        if pattern.search(key):
            return fld
    return None


# --------------------------------------------------------------------------- mapping file


@dataclass
class RegisterMapping:
    """How to read one publisher's register: columns, type words, known names.

    ``columns`` maps a header (as written, compared by :func:`header_key`) to a
    field of :data:`FIELDS`.  ``types`` maps the register's own type words to
    type words (financial, non_financial_professional, non_financial_personal,
    indirect, direct, nil).  ``people`` and ``organisations`` map names as the
    register writes them to ids in the dataset.  ``header_row`` (1-based)
    fixes the header row when detection is not wanted.
    """

    columns: dict[str, str] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)
    header_row: int | None = None

    def column_for(self, header: str) -> str | None:
        """The field this mapping gives a header, if any."""
        key = header_key(header)
        for h, f in self.columns.items():
            if header_key(h) == key:
                return f
        return None

    def type_words(self) -> dict[str, list[str]]:
        """``types`` keyed as :func:`coigraph.registers.text.read_types` compares them."""
        return {normalise(fold(k)).replace("-", " "): v for k, v in self.types.items()}

    def to_yaml(self, kind: RegisterKind | None = None) -> str:
        """The mapping as a commented YAML file, stable (same mapping, same bytes)."""
        kind = kind or INTERESTS
        data: dict[str, Any] = {}
        if self.header_row:
            data["header_row"] = self.header_row
        data["columns"] = dict(self.columns)
        for name in ("types", "people", "organisations"):
            value = getattr(self, name)
            if value:
                data[name] = dict(sorted(value.items()))
        head = (
            f"# coigraph register mapping: how to read this publisher's register of {kind.name}.\n"
            "# Use it next time with: coigraph import-register FILE --into DATA --mapping THIS_FILE"
            + ("" if kind is INTERESTS else f" --register {kind.name}") + "\n"
            "# columns: header as written in the register -> field (" + ", ".join(kind.fields) + ")\n"
            + ("# types: the register's own type words -> " + ", ".join(TYPE_WORDS) + "\n"
               if kind is INTERESTS else "")
            + "# people / organisations: names as the register writes them -> ids in the dataset\n"
        )
        return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def load_mapping(path: str | Path, kind: RegisterKind | None = None) -> RegisterMapping:
    """Read a mapping file; every problem is reported with the file and the entry at fault."""
    fields = (kind or INTERESTS).fields
    path = Path(path)
    label = path.name
    data = load_yaml(read_text_file(path, "mapping file"), label, "mapping file")
    if data is None:
        data = {}
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise DataError([Problem(label, None, None, "expected 'columns:', 'types:'... sections")],
                        summary="cannot read the mapping file")
    known = {"columns", "types", "people", "organisations", "header_row"}
    for key in data:
        if key not in known:
            problems.append(Problem(label, None, str(key), "unknown section",
                                    hint=(did_you_mean(str(key), known) or "") + " sections: " + ", ".join(sorted(known))))
    m = RegisterMapping()
    for section in ("columns", "types", "people", "organisations"):
        value = data.get(section) or {}
        if not isinstance(value, dict):
            problems.append(Problem(label, None, section, "expected 'name: value' lines under it"))
            continue
        for k, v in value.items():
            if section == "columns":
                f = str(v).strip()
                if f not in fields:
                    problems.append(Problem(label, None, f"columns: {k}", f"'{f}' is not a register field",
                                            hint=(did_you_mean(f, list(fields)) or "") + " fields: " + ", ".join(fields)))
                    continue
                m.columns[str(k)] = f
            elif section == "types":
                words = v if isinstance(v, list) else [w.strip() for w in str(v).replace(",", ";").split(";")]
                bad = [w for w in words if w not in TYPE_WORDS]
                if bad or not words:
                    problems.append(Problem(label, None, f"types: {k}", f"'{v}' is not a list of type words",
                                            hint="use: " + ", ".join(TYPE_WORDS)))
                    continue
                m.types[str(k)] = [str(w) for w in words]
            else:
                m.__dict__[section][str(k)] = str(v).strip()
    hr = data.get("header_row")
    if hr is not None:
        if not isinstance(hr, int) or hr < 1:
            problems.append(Problem(label, None, "header_row", f"'{hr}' is not a row number",
                                    hint="the spreadsheet row number of the header, e.g. 5"))
        else:
            m.header_row = hr
    if problems:
        raise DataError(problems, summary="the mapping file has problems")
    return m


def parse_map_options(options: tuple[str, ...] | list[str], kind: RegisterKind | None = None) -> dict[str, str]:
    """``--map "Column=field"`` options as a dict; a clear error for a bad one."""
    fields = (kind or INTERESTS).fields
    out: dict[str, str] = {}
    for opt in options:
        if "=" not in opt:
            raise UsageError(f"--map '{opt}' should be written COLUMN=FIELD, e.g. --map 'Interest=description'")
        col, fld = (p.strip() for p in opt.rsplit("=", 1))
        if fld not in fields:
            hint = did_you_mean(fld, list(fields))
            raise UsageError(f"--map '{opt}': '{fld}' is not a register field"
                             + (f" ({hint})" if hint else "") + "; fields: " + ", ".join(fields))
        if not col:
            raise UsageError(f"--map '{opt}': give the column's header before '='")
        out[col] = fld
    return out
