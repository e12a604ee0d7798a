"""Renderers are loaded on first use.

``coigraph.report.registry.PROVIDERS`` names every renderer module's result
types; the tests here check it is complete and correct (so a renderer added
later cannot be forgotten), and, in a fresh interpreter, that rendering a
screen leaves the other renderers unimported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
