"""The command-line reference, docs/cli.md, generated from click's own help.

Every command and subcommand's ``--help``, exactly as the terminal shows it
(at a fixed width, so the file does not depend on who made it), in one
Markdown page.  ``tests/test_docs.py`` fails when the committed file differs,
so it can never drift from the code.  To remake it after changing a command::

    python -m coigraph.cli.helpdoc > docs/cli.md
"""

from __future__ import annotations

import click

from coigraph.cli import main

#: The width the help is laid out at (the same as the terminal's ``max_content_width``).
WIDTH = 100


def _walk(cmd: click.Command, name: str, parent: click.Context | None
          ) -> list[tuple[str, click.Command, click.Context]]:
    settings = {**cmd.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH}
    ctx = click.Context(cmd, info_name=name, parent=parent, **settings)
    out = [(ctx.command_path, cmd, ctx)]
    if isinstance(cmd, click.Group):  # every command, loading each (the group may load them lazily)
        for sub in sorted(cmd.list_commands(ctx)):
            sub_cmd = cmd.get_command(ctx, sub)
            assert sub_cmd is not None, f"{ctx.command_path} lists '{sub}' but has no such command"
            out += _walk(sub_cmd, sub, ctx)
    return out


def cli_markdown() -> str:
    """docs/cli.md: a contents list, then each command's help in a code block."""
    entries = _walk(main, "coigraph", None)
    lines = ["# Command-line reference", "",
             "Every command's `--help`, generated from the code by `python -m coigraph.cli.helpdoc "
             "> docs/cli.md` (a test checks it is current; do not edit it by hand). The README and "
             "the guides in this folder explain what the commands are for.", ""]
    for path, _, _ in entries:
        anchor = path.replace(" ", "-")
        lines.append(f"- [`{path}`](#{anchor})")
    lines.append("")
    for path, cmd, ctx in entries:
        text = cmd.get_help(ctx)
        lines += [f"## {path}", "", "```text", *(line.rstrip() for line in text.splitlines()), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    click.echo(cli_markdown(), nl=False)
