"""Docs are tested: every command has help with an example and is in the README; the format doc is current."""

from __future__ import annotations

from pathlib import Path

import click

from coigraph.cli import main
from coigraph.load.templates import data_format_markdown

ROOT = Path(__file__).resolve().parent.parent


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):  # the group loads its commands lazily
        cmd = group.get_command(ctx, name)
        assert cmd is not None, f"'{prefix}{name}' is listed but cannot be loaded"
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            out += _commands(cmd, full + " ")
        else:
            out.append((full, cmd))
    return out


def test_every_command_has_help_with_example() -> None:
    for name, cmd in _commands(main):
        assert cmd.help and "Example:" in cmd.help, f"'coigraph {name}' needs help ending with an Example"


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [name for name, _ in _commands(main) if f"coigraph {name}" not in readme]
    assert not missing, f"commands not in README.md: {missing}"


def test_data_format_doc_is_generated_from_the_model() -> None:
    doc = (ROOT / "docs" / "data-format.md").read_text()
    assert doc.strip() == data_format_markdown().strip(), (
        "docs/data-format.md is stale: run 'coigraph template docs --docs' and move FORMAT.md "
        "to docs/data-format.md"
    )


def test_cli_reference_is_generated_from_the_help() -> None:
    """docs/cli.md is every command's --help, made by coigraph.cli.helpdoc (as sqlite-utils' cog)."""
    from coigraph.cli.helpdoc import cli_markdown

    doc = (ROOT / "docs" / "cli.md").read_text()
    assert doc == cli_markdown(), (
        "docs/cli.md is stale: run 'python -m coigraph.cli.helpdoc > docs/cli.md'")


def test_cli_reference_has_every_command() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    missing = [name for name, _ in _commands(main) if f"## coigraph {name}\n" not in doc]
    assert not missing, f"commands not in docs/cli.md: {missing}"
