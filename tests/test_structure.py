"""The package's shape, measured: no import cycles, no huge modules, one of each shared thing.

Each check is its own test, so a failure names the one rule broken.  The
checks read the source with :mod:`ast` (nothing is imported), so they see
function-level imports as well as module-level ones.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "coigraph"

MAX_LINES = 800
#: The node-id prefixes (see coigraph/ids.py, the one place they may be spelled).
PREFIXES = ("org", "body", "person", "meeting", "item", "matter", "decision", "procurement", "breach",
            "subject")
#: A prefix is followed by an id, a placeholder or the end of the text, never by a space
#: (``"body: give the body..."`` is a message about a field, not an id).
_PREFIX_AT_START = re.compile(rf"""^(?:{'|'.join(PREFIXES)}):(?=[A-Za-z0-9{{'"]|$)""")
_PREFIX_QUOTED = re.compile(rf"""['"](?:{'|'.join(PREFIXES)}):(?=[A-Za-z0-9{{'"]|$)""")


@cache
def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of the package."""
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return ((isinstance(t, ast.Name) and t.id == "TYPE_CHECKING")
            or (isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING"))


def _imports(module: str, path: Path) -> set[str]:
    """The package's modules ``module`` imports anywhere in its file (module level, in functions,
    in classes), except under ``if TYPE_CHECKING:``.

    ``from a.b import c`` counts ``a.b.c`` when that is a module, else ``a.b``; ``import a.b``
    counts ``a.b``.  Naming a submodule does not count its package's ``__init__`` (Python runs
    it, but that is how every package with re-exports works, and a package importing its own
    submodules is no cycle); a package's ``__init__`` never counts itself.
    """
    mods = modules()
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit_one(other)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in mods)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            submodules = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in mods]
            found.update(submodules)
            if target in mods and len(submodules) < len(node.names):  # names from the module itself
                found.add(target)
        visit(node)

    visit(tree(path))
    found.discard(module)
    return found


def import_graph() -> nx.DiGraph:
    """Module -> modules it imports, inside the package."""
    G = nx.DiGraph()
    for module, path in modules().items():
        G.add_node(module)
        G.add_edges_from((module, m) for m in _imports(module, path))
    return G


def test_no_import_cycles() -> None:
    G = import_graph()
    cycles = sorted(" -> ".join([*c, c[0]]) for c in nx.simple_cycles(G))
    assert not cycles, "import cycles inside coigraph (module or function level):\n  " + "\n  ".join(cycles)


def test_import_graph_sees_function_level_imports() -> None:
    """The check above is worth something only if it sees imports inside functions."""
    G = import_graph()
    assert G.has_edge("coigraph.cli.screen", "coigraph.screening")  # imported inside screen()


def test_no_module_over_800_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in modules().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines (split them along their concepts): {long}"


def _class_defs(name: str) -> list[str]:
    return [f"{p.relative_to(ROOT)}:{n.lineno}" for p in modules().values()
            for n in ast.walk(tree(p)) if isinstance(n, ast.ClassDef) and n.name == name]


def test_one_severity() -> None:
    found = _class_defs("Severity")
    assert len(found) == 1, f"'class Severity' should be defined once (coigraph/findings.py): {found}"


def _calls_named(name: str) -> list[str]:
    out = []
    for p in modules().values():
        for n in ast.walk(tree(p)):
            if isinstance(n, ast.Call):
                f = n.func
                called = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
                if called == name:
                    out.append(f"{p.relative_to(ROOT)}:{n.lineno}")
    return out


def test_one_jinja_environment() -> None:
    found = _calls_named("Environment")
    assert [x.split(":")[0] for x in found] == ["coigraph/templates/__init__.py"], (
        "Jinja environments are made only by coigraph.templates.environment(); found "
        f"Environment(...) at {found}")


def _docstrings(t: ast.Module) -> set[int]:
    ids = set()
    for n in ast.walk(t):
        if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = n.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def literal_prefixes(t: ast.Module, label: str) -> list[str]:
    """Node-id prefixes spelled in module ``t``: a string that starts with one (``"org:"``,
    ``f"org:{x}"``) or quotes one inside it (Cypher's ``'org:'``).  Docstrings are prose."""
    skip = _docstrings(t)
    out = []
    in_fstring: set[int] = set()
    for n in ast.walk(t):
        if isinstance(n, ast.JoinedStr):
            parts = [v for v in n.values if isinstance(v, ast.Constant)]
            in_fstring.update(id(v) for v in parts)
            first = n.values[0] if n.values else None
            text = "".join(v.value for v in parts if isinstance(v.value, str))
            if ((isinstance(first, ast.Constant) and _PREFIX_AT_START.match(str(first.value)))
                    or _PREFIX_QUOTED.search(text)):
                out.append(f"{label}:{n.lineno}: f-string")
    for n in ast.walk(t):
        if (isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
                and id(n) not in in_fstring
                and (_PREFIX_AT_START.match(n.value) or _PREFIX_QUOTED.search(n.value))):
            out.append(f"{label}:{n.lineno}: {n.value[:50]!r}")
    return sorted(out, key=lambda h: int(h.split(":")[1]))


def test_no_literal_id_prefixes_outside_ids() -> None:
    found = [hit for m, p in modules().items() if m != "coigraph.ids"
             for hit in literal_prefixes(tree(p), str(p.relative_to(ROOT)))]
    assert not found, (f"{len(found)} node-id prefixes spelled outside coigraph/ids.py (use ids.org(k), "
                       "ids.is_org(n), ids.bare(n)...):\n  " + "\n  ".join(found))


def test_prefix_check_sees_the_usual_spellings() -> None:
    """The check above catches a plain string, an f-string and a quoted prefix inside text,
    and leaves docstrings and words that merely end in a prefix alone."""
    src = ('"""Docstring naming org:x is prose."""\n'
           'A = "org:"\nB = f"person:{A}"\nC = "WHERE n.id STARTS WITH \'body:\'"\n'
           'D = "organisation:"\nE = "agenda item: 7"\nF = "body: give the body"\n')
    hits = [h.split(": ", 1)[1] for h in literal_prefixes(ast.parse(src), "probe")]
    assert hits == ["'org:'", "f-string", '"WHERE n.id STARTS WITH \'body:\'"'], hits
