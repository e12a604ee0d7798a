"""Reference commands: import NHS organisation codes (ODS) and Companies House control into a dataset."""

from __future__ import annotations

import click

from coigraph.cli.options import output_options
from coigraph.output import emit, message


@click.group("reference")
def reference() -> None:
    """Import public reference data: NHS organisation codes (ODS) and Companies House control (PSC).

    Both commands read the files as published (never whole: the Companies House
    files are gigabytes), match what they find to the dataset's organisations
    and people, put what is not certain in a review file, and write through a
    check that the dataset still loads. Nothing is ever deleted.

    Example: coigraph reference import-ods data/northshire-reference/etr.csv --into data/northshire --dry-run
    """


def _progress(quiet: bool):  # noqa: ANN202 - a callback or None
    return None if quiet else message


@reference.command("import-ods")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--into", "data", required=True, type=click.Path(file_okay=False),
              help="The dataset folder to update.")
@click.option("--layout", "layouts", multiple=True, metavar="FILE=LAYOUT",
              help="The ODS layout of a file whose name does not say it, e.g. --layout 'trusts.csv=etr'.")
@click.option("--icb", multiple=True, metavar="CODE",
              help="Keep only what lies in this ICB's area (its ODS code, e.g. QWO; repeatable).")
@click.option("--review", type=click.Path(dir_okay=False),
              help="A completed review file (default: DATA/review/<extract>-review.csv if it exists).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@output_options(("text", "json"))
def import_ods_cmd(files: tuple[str, ...], data: str, layouts: tuple[str, ...], icb: tuple[str, ...],
                   review: str | None, dry_run: bool, fmt: str, output: str | None) -> None:
    """Add or update organisations from NHS ODS extracts (etr, ets, epraccur, eccg, eother, ephp, ePCN.xlsx).

    Matches each organisation by its ODS code, then by name (with the register
    importer's matching; unclear ones go to DATA/review/<extract>-review.csv),
    adds the rest, gives closed organisations their end date, and links
    practices to their PCN, and PCNs, practices and trusts to their sub-ICB
    location or ICB area.

    Example: coigraph reference import-ods data/northshire-reference/etr.csv data/northshire-reference/epraccur.csv --into data/northshire --icb QZN --dry-run
    """
    from coigraph.errors import UsageError
    from coigraph.reference import import_ods, render_text

    lay: dict[str, str] = {}
    for item in layouts:
        if "=" not in item:
            raise UsageError(f"--layout '{item}': write it as FILE=LAYOUT, e.g. trusts.csv=etr")
        f, _, name = item.partition("=")
        matches = [x for x in files if x == f or x.endswith("/" + f)]
        if not matches:
            raise UsageError(f"--layout '{item}': {f} is not one of the files given")
        for x in matches:
            lay[x] = name.strip()
    report = import_ods(list(files), data, layouts=lay, icb=icb, review=review, dry_run=dry_run)
    emit(report.json() if fmt == "json" else render_text(report), output)


@reference.command("import-companies")
@click.option("--companies", required=True, type=click.Path(dir_okay=False),
              help="Companies House's company file (BasicCompanyDataAsOneFile-*.csv, or its .zip).")
@click.option("--psc", type=click.Path(dir_okay=False),
              help="Companies House's PSC snapshot (persons-with-significant-control-snapshot-*.txt, or its .zip).")
@click.option("--bods", type=click.Path(dir_okay=False),
              help="Beneficial ownership statements (BODS 0.2 to 0.4, a JSON array or JSON Lines).")
@click.option("--into", "data", required=True, type=click.Path(file_okay=False),
              help="The dataset folder to update.")
@click.option("--born", type=click.Path(dir_okay=False),
              help="A birth-months file (person,born as YYYY-MM) used only to match people; never copied.")
@click.option("--review", type=click.Path(dir_okay=False),
              help="A completed review file (default: DATA/review/<snapshot>-review.csv if it exists).")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages on stderr.")
@output_options(("text", "json"))
def import_companies_cmd(companies: str, psc: str | None, bods: str | None, data: str, born: str | None,
                         review: str | None, dry_run: bool, quiet: bool, fmt: str, output: str | None) -> None:
    """Add company numbers, and who controls the dataset's companies, from Companies House's public registers.

    Streams the company file and the PSC snapshot (gigabytes: never loaded whole),
    keeping only what concerns the dataset's organisations and people. A person
    with significant control is matched to a person of the dataset only on their
    name and month and year of birth (--born) or a reviewer's confirmation; anything
    less goes to DATA/review/<snapshot>-review.csv. Controls are recorded as coming
    from the public register, not as declarations.

    Example: coigraph reference import-companies --companies data/northshire-reference/BasicCompanyData-2025-06-01.csv --psc data/northshire-reference/psc-snapshot-2025-06-01.txt --born data/northshire-reference/born.csv --into data/northshire --dry-run
    """
    from coigraph.errors import UsageError
    from coigraph.reference import import_companies, render_text

    if not psc and not bods:
        raise UsageError("give the PSC snapshot (--psc FILE), a BODS file (--bods FILE), or both")
    report = import_companies(data, companies=companies, psc=psc, bods=bods, born=born, review=review,
                              dry_run=dry_run, progress=_progress(quiet))
    emit(report.json() if fmt == "json" else render_text(report), output)
