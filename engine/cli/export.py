"""`secondround export`: a test set as a booklet, key, CSV, JSON, QTI 2.1, Moodle XML or GIFT file."""

from __future__ import annotations

import click

from engine.i18n import t

FORMATS = ("booklet", "key", "csv", "json", "qti", "moodle", "gift", "sheet")  # as in reports.exports (kept off --help)


@click.command("export")
@click.argument("form_file", metavar="FORM.json")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="booklet: printable HTML for candidates (no keys); key: the answer key with explanations; "
                   "csv: one row per item; json: the form (or a candidate copy); qti: a QTI 2.1 package (zip); "
                   "moodle: Moodle XML; gift: Moodle's GIFT text; sheet: an empty answer sheet (CSV) for "
                   "`secondround grade`.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="The file to write.")
@click.option("--for-candidate", is_flag=True,
              help="A copy to hand out: no keys, explanations, mistakes or item ids (booklet, json, sheet).")
@click.option("--pdf", is_flag=True, help="Print the booklet or key to PDF with headless Chromium.")
@click.option("--skip-figures", is_flag=True,
              help="GIFT only: leave out (and list) items with drawings GIFT cannot carry.")
@click.option("--group", metavar="NAME", default=None,
              help="sheet only: one row per member of this group, names filled in.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_obj
def command(app, form_file: str, fmt: str, output: str, for_candidate: bool, pdf: bool,  # type: ignore[no-untyped-def]
            skip_figures: bool, group: str | None, force: bool) -> int:
    """Export the test set FORM.json as a booklet, key, CSV, JSON, QTI, Moodle XML, GIFT or answer sheet.

    The key stays with the coach: the booklet never shows keys, and `--for-candidate` JSON leaves
    out keys, explanations, mistakes and the ids that would regenerate them. GIFT cannot carry
    drawings: the export stops (exit 2) and lists such items unless --skip-figures (then exit 0, the items
    listed on standard error); use --format moodle or qti for them.
    """
    from pathlib import Path

    from engine.forms import TestForm, verify_form
    from question_generators.errors import SecondroundError
    from reports.exports import CANDIDATE_FORMATS, PDF_FORMATS, Options, writer

    out = Path(output)
    if for_candidate and fmt not in CANDIDATE_FORMATS:
        raise SecondroundError(t("export.not_for_candidate", format=fmt, allowed=", ".join(CANDIDATE_FORMATS)))
    if pdf and fmt not in PDF_FORMATS:
        raise SecondroundError(t("export.pdf_only", format=fmt))
    if skip_figures and fmt != "gift":
        raise SecondroundError(t("export.skip_gift_only"))
    if group is not None and fmt != "sheet":
        raise SecondroundError(t("export.group_sheet_only"))
    if (out.exists() or out.is_symlink()) and not force:
        raise SecondroundError(t("export.exists", path=out))
    if out.parent and not out.parent.is_dir():
        raise SecondroundError(t("export.no_folder", path=out.parent))
    form = TestForm.load(form_file)
    verify_form(form)
    names: tuple[str, ...] = ()
    if group is not None:
        names = tuple(c.name for c in app.store.candidates(group))
        if not names:
            raise SecondroundError(t("candidates.none_in_group", group=group))
    if (for_candidate or fmt == "booklet") and form.seed is not None and form.seed < 2**32:
        click.echo(t("safe.small_seed", seed=form.seed), err=True)
    result = writer(fmt).export(form, Options(for_candidate=for_candidate, skip_figures=skip_figures, names=names))
    data = result.data
    if pdf:
        from reports.exports.pdf import html_to_pdf

        data = html_to_pdf(data)
    from engine.safeio import write_atomic

    try:
        write_atomic(out, data)  # never a half-written file under the real name, never through a link
    except OSError as exc:
        raise SecondroundError(t("export.cannot_write", path=out, error=exc)) from None
    for line in result.skipped:
        click.echo(t("export.skipped", item=line), err=True)
    click.echo(t("export.written", path=out, format=t(f"export.name_{fmt}"),
                 items=result.items, size=len(data)), err=True)
    return 0
