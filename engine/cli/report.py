"""`secondround report`: self-contained HTML (or JSON) reports of a session, of a candidate's
progress over time, or of a cohort with item analysis."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.params import Whole
from engine.i18n import did_you_mean, t


@click.command("report")
@click.argument("session_id", metavar="[SESSION]", type=Whole(1), required=False)
@click.option("--progress", is_flag=True, help="Progress over all of a candidate's sessions.")
@click.option("--cohort", is_flag=True, help="A cohort report with item analysis (for coaches).")
@click.option("--candidate", metavar="NAME", default=None,
              help="Whose sessions: the latest session of NAME, or NAME's progress.")
@click.option("--group", metavar="NAME", default=None, help="With --cohort: only this group's sessions.")
@click.option("--form", "form_id", metavar="ID", default=None,
              help="With --cohort: analyse this form (an id or its first characters); default: the most sat.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="The file to write ('-' for standard output; default: secondround-<kind>.html or .json).")
@click.option("--json", "as_json", is_flag=True, help="Write the report's data as JSON instead of HTML.")
@click.option("--open", "open_it", is_flag=True, help="Open the written report in the default browser.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_obj
def command(app, session_id: int | None, progress: bool, cohort: bool, candidate: str | None,  # type: ignore[no-untyped-def]
            group: str | None, form_id: str | None, output: str | None, as_json: bool, open_it: bool,
            force: bool) -> None:
    """Write the HTML report of SESSION (default: the latest finished one), or with --progress a
    candidate's progress over time, or with --cohort a group's results and item analysis."""
    if progress and cohort:
        raise click.UsageError(t("reportcli.one_kind"))
    if session_id is not None and (progress or cohort):
        raise click.UsageError(t("reportcli.session_and_kind"))
    if (group or form_id) and not cohort:
        raise click.UsageError(t("reportcli.cohort_only"))
    if cohort and candidate is not None:
        raise click.UsageError(t("reportcli.no_candidate_for_cohort"))
    if output not in (None, "-") and _exists(Path(output)) and not force:  # before any work is done
        raise click.UsageError(t("export.exists", path=output))
    if cohort:
        name, data, html = _cohort(app.store, group, form_id, as_json)
    elif progress:
        name, data, html = _progress(app.store, candidate, as_json)
    else:
        name, data, html = _session(app.store, session_id, candidate, as_json)
    target = output or f"secondround-{name}.{'json' if as_json else 'html'}"
    if output is None and _exists(Path(target)) and not force:
        raise click.UsageError(t("export.exists", path=target))
    _write(target, data, html, as_json, open_it)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _session(store, session_id: int | None, candidate: str | None, as_json: bool):  # type: ignore[no-untyped-def]
    import json

    from engine.forms import TestForm
    from engine.store import StoreError
    from reports.common import score_rows, scoring_options

    if session_id is None:
        done = store.sessions(status=("finished", "expired", "abandoned"), limit=1, candidate=candidate)
        if not done:
            raise StoreError(t("report.no_session") if candidate is None else
                             t("reportcli.no_session_for", candidate=candidate, hint=_hint(store, candidate)))
        session_id = done[0].id
    record = store.session(session_id)
    form = TestForm.from_dict(json.loads(store.form_json(record.form_id)), f"form {record.form_id}")
    result = score_rows(form, store.responses(session_id), store.sections(session_id), scoring_options(store))
    if as_json:
        from reports.session import session_json

        return f"session-{session_id}", session_json(record, result), None
    from reports.session import render_session_report

    return f"session-{session_id}", None, render_session_report(record, result)


def _progress(store, candidate: str | None, as_json: bool):  # type: ignore[no-untyped-def]
    from engine.store import StoreError
    from reports.progress import candidate_sessions, collect, progress_json, render_progress

    if candidate is None:  # the candidate of the latest finished session (None: sessions without a name)
        latest = store.sessions(status=("finished", "expired"), limit=1)
        if not latest:
            raise StoreError(t("progress.no_sessions", who=""))
        candidate = latest[0].candidate
    records = candidate_sessions(store, candidate)
    if not records:
        who = t("progress.no_sessions_for", candidate=candidate) + _hint(store, candidate) if candidate else ""
        raise StoreError(t("progress.no_sessions", who=who))
    summaries = collect(store, records)
    slug = "progress" if candidate is None else f"progress-{_slug(candidate)}"
    if as_json:
        return slug, progress_json(candidate, summaries), None
    return slug, None, render_progress(candidate, summaries)


def _cohort(store, group: str | None, form_id: str | None, as_json: bool):  # type: ignore[no-untyped-def]
    from engine.store import StoreError
    from reports.cohort import build_cohort, cohort_json, render_cohort

    if group is not None:
        known = [name for name, _ in store.groups()]
        if group not in known and not store.sessions(group=group, limit=1):
            import difflib

            if not known:
                raise StoreError(t("cohort.no_groups", group=group))
            raise StoreError(t("cohort.unknown_group", group=group,
                               hint=did_you_mean(difflib.get_close_matches(group, known, 2)),
                               groups=", ".join(known) or "-"))
    c = build_cohort(store, group, form_id)
    slug = "cohort" if group is None else f"cohort-{_slug(group)}"
    if as_json:
        return slug, cohort_json(c), None
    return slug, None, render_cohort(c)


def _hint(store, candidate: str) -> str:  # type: ignore[no-untyped-def]
    import difflib

    names = sorted({r.candidate for r in store.sessions() if r.candidate} | {c.name for c in store.candidates()})
    return did_you_mean(difflib.get_close_matches(candidate, names, 2))


def _slug(name: str) -> str:
    """A file-name-safe form of a candidate or group name."""
    kept = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")
    return "-".join(part for part in kept.split("-") if part)[:40] or "x"


def _write(target: str, data: object, html: str | None, as_json: bool, open_it: bool) -> None:
    import json

    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n" if as_json else html or ""
    if target == "-":
        sys.stdout.write(text)
        return
    from engine.safeio import write_atomic

    path = Path(target)
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise click.FileError(str(path), hint=exc.strerror or str(exc)) from None
    click.echo(t("reportcli.written", path=path))
    if open_it:
        _open(path)


def _open(path: Path) -> None:
    """Open in the default browser when there is one; say so when there is none."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        click.echo(t("reportcli.no_browser", path=path.resolve()), err=True)
        return
    if not browser.open(path.resolve().as_uri()):
        click.echo(t("reportcli.no_browser", path=path.resolve()), err=True)
