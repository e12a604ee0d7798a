"""Core commands: validate, stats, template, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from coigraph.cli.options import data_argument, output_options, redact_option
from coigraph.errors import Problem
from coigraph.graph import build_graph, dumps
from coigraph.load.dataset import load_dataset
from coigraph.load.templates import data_format_markdown, write_templates
from coigraph.output import emit, message
from coigraph.report import formats, render
from coigraph.stats import DatasetStats, dataset_stats


def _report_warnings(warnings: list[Problem], quiet: bool = False) -> None:
    if warnings and not quiet:
        message(f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (worth a look):")
        for w in warnings[:100]:
            message(f"  - {w}")
        if len(warnings) > 100:
            message(f"  ... and {len(warnings) - 100} more (use --format json to see all)")


@click.command()
@data_argument
@output_options(("text", "json"))
def validate(data: str, fmt: str, output: str | None) -> None:
    """Check a dataset folder and list every problem, with file, row, field and a hint.

    Exit code 0 if the data is valid (warnings may still be listed), 2 if not.

    Example: coigraph validate data/northshire
    """
    from coigraph.errors import DataError

    try:
        ds = load_dataset(data, progress=message if sys.stderr.isatty() else None)
    except DataError as exc:
        if fmt == "json":
            emit(json.dumps({"valid": False, "problems": [p.as_dict() for p in exc.problems]},
                            indent=2) + "\n", output)
        raise
    counts = ds.counts()
    if fmt == "json":
        emit(json.dumps({"valid": True, "counts": counts,
                         "warnings": [w.as_dict() for w in ds.warnings]}, indent=2) + "\n", output)
    else:
        _report_warnings(ds.warnings)
        total = sum(counts.values())
        emit(f"{data}: valid ({total} records: "
             + ", ".join(f"{n} {k}" for k, n in counts.items() if n) + ")\n", output)


@click.command()
@data_argument
@output_options(formats(DatasetStats))
def stats(data: str, fmt: str, output: str | None) -> None:
    """Count what a dataset holds, by type (person, organisation, interest, meeting...).

    With --format json: one flat object from type name to count.

    Example: coigraph stats data/northshire --format json
    """
    ds = load_dataset(data)
    _report_warnings(ds.warnings, quiet=True)
    emit(render(dataset_stats(ds), fmt, title=Path(data).name), output)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--format", "-f", "fmt", type=click.Choice(("csv", "xlsx")), default="csv",
              show_default=True, help="File type of the templates.")
@click.option("--docs", is_flag=True,
              help="Print the data-format reference (Markdown) to FOLDER/FORMAT.md only.")
def template(folder: str, fmt: str, docs: bool) -> None:
    """Write blank templates of every dataset file into FOLDER, with a guide to each column.

    CSV templates come with FORMAT.md describing each column; XLSX templates
    carry a comment on every header cell and a 'Guide' sheet.  Existing files
    are never overwritten.

    Example: coigraph template my-icb --format xlsx
    """
    if docs:
        from coigraph.output import write_atomic

        write_atomic(Path(folder) / "FORMAT.md", data_format_markdown() + "\n")
        message(f"wrote {Path(folder) / 'FORMAT.md'}")
        return
    written = write_templates(folder, fmt)
    message(f"wrote {len(written)} files to {folder}; fill them in, then run "
            f"'coigraph validate {folder}'")


@click.command()
@data_argument
@output_options(("json",))
@redact_option
def export(data: str, fmt: str, output: str | None, redact: bool) -> None:
    """Export the dataset's graph as JSON (every node and edge, with its evidence).

    The file loads back anywhere a dataset folder is accepted, giving the same graph
    (with --redact, the redacted graph).

    Example: coigraph export data/northshire --output northshire.json
    """
    from coigraph.redact import redact_graph

    ds = load_dataset(data)
    G = build_graph(ds)
    emit(dumps(redact_graph(G) if redact else G), output)
