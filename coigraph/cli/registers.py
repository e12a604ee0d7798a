"""Register commands: import a published register of interests, export the dataset's register."""

from __future__ import annotations

import json
import sys

import click

from coigraph.cli.options import data_argument, output_options, parse_date_option, redact_option
from coigraph.errors import UsageError
from coigraph.output import emit, message, write_atomic


@click.command("import-register")
@click.argument("register", type=click.Path(dir_okay=False))
@click.option("--into", "data", required=True, type=click.Path(file_okay=False),
              help="The dataset folder to update.")
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Read a column as a field, e.g. --map 'Interest=description' (repeatable).")
@click.option("--mapping", type=click.Path(dir_okay=False), help="A saved mapping file (YAML).")
@click.option("--save-mapping", type=click.Path(dir_okay=False),
              help="Save the columns as read (and names settled in review) for next month's register.")
@click.option("--review", type=click.Path(dir_okay=False),
              help="A completed review file (default: DATA/review/<register>-review.csv if it exists).")
@click.option("--as-of", help="The register's date (YYYY-MM-DD), if its title does not give one.")
@click.option("--new-people", type=click.Choice(("add", "review")), default="add", show_default=True,
              help="A name not in the dataset: add the person, or send the entry to review.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--register", "kind", type=click.Choice(("interests", "gifts")), default="interests",
              show_default=True,
              help="What the file is: a register of interests, or of gifts, hospitality and sponsorship.")
@output_options(("text", "json"))
def import_register_cmd(register: str, data: str, maps: tuple[str, ...], mapping: str | None,
                        save_mapping: str | None, review: str | None, as_of: str | None,
                        new_people: str, dry_run: bool, kind: str, fmt: str, output: str | None) -> None:
    """Import a register of interests (.xlsx or .csv, as published) into a dataset, with a change summary.

    Finds the header (below title rows, over two rows), maps columns by their
    usual names, matches people and organisations with a confidence, and puts
    every entry that is not clear into DATA/review/<register>-review.csv for a
    person to complete. Importing a newer register updates the interests and
    says which appeared, ended, changed or are no longer listed. With
    --register gifts, a register of gifts, hospitality and sponsorship goes
    the same way into the dataset's gifts table.

    Example: coigraph import-register register-2024-05.xlsx --into data/northshire
    """
    from coigraph.registers import (
        import_register,
        load_mapping,
        mapping_after,
        parse_map_options,
        render_text,
    )

    if kind == "gifts":
        _import_gifts(register, data, maps, mapping, save_mapping, review, as_of, new_people, dry_run, fmt,
                      output)
        return

    m = load_mapping(mapping) if mapping else None
    report = import_register(register, data, mapping=m, overrides=parse_map_options(maps), review=review,
                             as_of=parse_date_option(as_of), new_people=new_people, dry_run=dry_run)
    if save_mapping:
        write_atomic(save_mapping, mapping_after(report, m).to_yaml())
        message(f"saved the mapping to {save_mapping}")
    if fmt == "json":
        emit(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        emit(render_text(report), output)


def _import_gifts(register: str, data: str, maps: tuple[str, ...], mapping: str | None,
                  save_mapping: str | None, review: str | None, as_of: str | None, new_people: str,
                  dry_run: bool, fmt: str, output: str | None) -> None:
    """``import-register --register gifts``: the same steps, into the gifts table."""
    from coigraph.registers import RegisterMapping, load_mapping, parse_map_options
    from coigraph.registers.columns import GIFTS
    from coigraph.registers.gifts import import_gifts, render_gifts_text

    if as_of:
        raise UsageError("--as-of dates nil returns in a register of interests; a gifts register has none")
    m = load_mapping(mapping, GIFTS) if mapping else None
    report = import_gifts(register, data, mapping=m, overrides=parse_map_options(maps, GIFTS), review=review,
                          new_people=new_people, dry_run=dry_run)
    if save_mapping:
        base = m or RegisterMapping()
        saved = RegisterMapping(columns=dict(report.columns), people={**base.people, **report.learned.get(
            "people", {})}, organisations={**base.organisations, **report.learned.get("organisations", {})},
            header_row=base.header_row)
        write_atomic(save_mapping, saved.to_yaml(GIFTS))
        message(f"saved the mapping to {save_mapping}")
    if fmt == "json":
        emit(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n", output)
    else:
        emit(render_gifts_text(report), output)


@click.command("export-register")
@data_argument
@output_options(("xlsx", "csv"))
@click.option("--title", help="Title on the first row (default: '<dataset>: register of interests').")
@redact_option
def export_register_cmd(data: str, fmt: str, output: str | None, title: str | None,
                        redact: bool = False) -> None:
    """Write the dataset's register of interests as an ICB-style spreadsheet (re-importable).

    Cells are injection-safe: text such as '=HYPERLINK(...)' stays text.

    Example: coigraph export-register data/northshire --output register.xlsx
    """
    from coigraph.load.dataset import load_dataset
    from coigraph.registers.export import export_register

    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise UsageError("an .xlsx workbook cannot be shown in the terminal; add --output register.xlsx "
                         "(or --format csv)")
    ds = load_dataset(data)
    if redact:  # as ICBs publish registers: the interest and its category, not the private details
        from coigraph.redact import redact_dataset

        ds = redact_dataset(ds)
    emit(export_register(ds, fmt=fmt, title=title), output)
