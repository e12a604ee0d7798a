"""Each command imports only what it needs: commands and renderers are loaded on first use.

``coigraph.cli.app.COMMANDS`` names every command's module and
``coigraph.report.registry.PROVIDERS`` names every renderer module's result
types; the tests here check both lists are complete and correct (so a command
or renderer added later cannot be forgotten), and, in fresh interpreters, that
a run really leaves the rest unimported.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import click

import coigraph.cli
from coigraph.cli.app import COMMANDS, load_command, main
from coigraph.report.registry import PROVIDERS

ROOT = Path(__file__).resolve().parent.parent
NORTHSHIRE = ROOT / "data" / "northshire"


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter importing this checkout of coigraph."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    r = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    return r


# --------------------------------------------------------------------------- the command map


def _defined_commands() -> dict[str, str]:
    """Every top-level command defined in a module of coigraph.cli: name -> "module:attribute"
    (a group's subcommands are reached through their group, so are not top level)."""
    found: dict[str, str] = {}
    subcommands: set[int] = set()
    for info in pkgutil.iter_modules(coigraph.cli.__path__, "coigraph.cli."):
        module = importlib.import_module(info.name)
        for attribute, obj in vars(module).items():
            if not isinstance(obj, click.Command) or obj is main:
                continue
            if isinstance(obj, click.Group):
                subcommands.update(id(c) for c in obj.commands.values())
            if getattr(obj.callback, "__module__", None) == info.name:
                found[f"{info.name}:{attribute}"] = obj.name or attribute
    return {name: target for target, name in found.items()
            if id(load_command(target)) not in subcommands}


def test_command_map_names_every_command_under_its_name() -> None:
    assert COMMANDS == _defined_commands()


def test_every_command_in_the_map_loads_as_itself() -> None:
    ctx = click.Context(main)
    assert main.list_commands(ctx) == sorted(COMMANDS)
    for name, target in COMMANDS.items():
        cmd = main.get_command(ctx, name)
        assert cmd is load_command(target) and cmd.name == name, (name, target)


def test_subgroups_keep_their_subcommands() -> None:
    ctx = click.Context(main)
    for group, subs in (("db", {"push", "pull", "query", "queries"}),
                        ("reference", {"import-ods", "import-companies"})):
        cmd = main.get_command(ctx, group)
        assert isinstance(cmd, click.Group)
        assert set(cmd.list_commands(click.Context(cmd, parent=ctx))) == subs


def test_a_mistyped_command_is_still_given_a_suggestion(cli) -> None:
    r = cli("scren", "data")
    assert r.exit_code == 2 and "No such command 'scren'" in r.stderr
    if hasattr(click.exceptions, "NoSuchCommand"):  # click 8.4+ suggests close names
        assert "Did you mean 'screen'?" in r.stderr


# --------------------------------------------------------------------------- the renderer map

#: In a fresh interpreter: every renderer module's registrations (by the module calling
#: ``register``), and the formats each declared type has when it is the first thing looked up.
_REGISTRATIONS = """
import importlib, json, pkgutil, sys
from coigraph.report import registry

made = {}
real = registry.register

def register(result_types, fmt, renderer=None):
    caller = sys._getframe(1).f_globals["__name__"]
    types = result_types if isinstance(result_types, tuple) else (result_types,)
    made.setdefault(caller, set()).update(f"{t.__module__}:{t.__qualname__}" for t in types)
    return real(result_types, fmt, renderer)

registry.register = register
found = {}
for module, types in registry.PROVIDERS.items():
    for key in types:
        where, _, name = key.partition(":")
        found[key] = list(registry.formats(getattr(importlib.import_module(where), name)))
import coigraph.report
for info in pkgutil.iter_modules(coigraph.report.__path__, "coigraph.report."):
    importlib.import_module(info.name)
print(json.dumps({"made": {m: sorted(t) for m, t in made.items()}, "formats": found}))
"""


def test_renderer_map_names_every_registration_and_finds_it() -> None:
    """PROVIDERS says exactly which module registers renderers for which type, and looking a type
    up first thing (nothing else imported) finds its formats."""
    out = json.loads(_python(_REGISTRATIONS).stdout)
    assert out["made"] == {m: sorted(t) for m, t in PROVIDERS.items()}
    assert all(out["formats"].values()), out["formats"]


def test_render_from_a_notebook_needs_no_other_import() -> None:
    """As the package docstring shows: ``from coigraph.report import render``, then render a screen."""
    code = """
import sys
from coigraph.report import formats, render
from coigraph.screening import MeetingScreen, screen_meeting
from coigraph.snapshot import load_graph
assert formats(MeetingScreen)[0] == "table", formats(MeetingScreen)
G = load_graph(sys.argv[1], cache=False)
text = render(screen_meeting(G, "icb-board-2025-05"), "markdown")
assert text.startswith("# Conflicts of interest: NHS Northshire ICB Board"), text[:200]
print("coigraph.report.delegation" in sys.modules)
"""
    assert _python(code, str(NORTHSHIRE)).stdout.strip() == "False"


# --------------------------------------------------------------------------- what a run imports

_IMPORTED_BY_SCREEN = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in sys.modules if m.startswith("coigraph")))))
from coigraph.cli import main
main(sys.argv[1:], prog_name="coigraph")
"""

#: Modules ``coigraph screen`` never needs: delegation chains and audits, the Neo4j commands'
#: own modules, maps, procurement and the web app.
NOT_FOR_SCREEN = ("coigraph.audit", "coigraph.delegation", "coigraph.delegation.trace",
                  "coigraph.report.delegation", "coigraph.report.db", "coigraph.db.push",
                  "coigraph.db.queries", "coigraph.cli.trace", "coigraph.cli.db", "coigraph.maps",
                  "coigraph.governance.procurement", "coigraph.web")


def test_screen_imports_only_what_it_needs(tmp_path: Path) -> None:
    target = tmp_path / "screen.json"
    r = _python(_IMPORTED_BY_SCREEN, "screen", str(NORTHSHIRE), "--meeting", "icb-board-2025-05",
                "--format", "json", "--output", str(target))
    imported = set(json.loads(r.stdout.strip().splitlines()[-1]))
    assert json.loads(target.read_text())["meeting"]
    assert {"coigraph.cli.screen", "coigraph.report.screening"} <= imported
    assert not imported & set(NOT_FOR_SCREEN), sorted(imported & set(NOT_FOR_SCREEN))


def test_importing_the_command_line_loads_no_command() -> None:
    code = """
import sys
import coigraph.cli
import coigraph.report
print(sorted(m for m in sys.modules if m.startswith(("coigraph.cli.", "coigraph.report."))))
"""
    assert _python(code).stdout.strip() == "['coigraph.cli.app', 'coigraph.report.registry']"
