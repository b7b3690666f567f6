"""`secondround calibrate`: re-estimate each family's difficulty offset from stored responses."""

from __future__ import annotations

import click

from engine.i18n import t


@click.command("calibrate")
@click.option("--show", is_flag=True, help="Only show the calibration in use.")
@click.option("--dry-run", is_flag=True, help="Estimate and show, but keep the calibration in use.")
@click.option("--reset", is_flag=True, help="Forget the calibration: back to the generators' own models.")
@click.pass_obj
def command(app, show: bool, dry_run: bool, reset: bool) -> None:  # type: ignore[no-untyped-def]
    """Estimate each family's difficulty offset (and discrimination scale, given enough data) from
    every closed session in the store, by marginal maximum likelihood (EM over the ability grid).

    Later scoring, assembly and adaptive tests use them: an item's difficulty becomes b + offset and
    its discrimination a * scale. The scale is the calibration sample's: its abilities are taken as
    N(0, 1)."""
    from engine import calibration
    from question_generators.errors import SecondroundError

    store = app.store
    if reset:
        store.clear_calibration()
        click.echo(t("calibrate.reset"))
        return
    if show:
        rows = store.calibration_rows()
        if not rows:
            click.echo(t("calibrate.none"))
            return
        click.echo(t("calibrate.show_header"))
        for family, offset, scale, se, responses, sessions, when in rows:
            row = t("calibrate.row", family=family, offset=f"{offset:+.3f}", se=f"{se or 0:.3f}",
                    scale=f"{scale:.3f}", responses=responses, sessions=sessions)
            click.echo(f"{row}  {when[:16].replace('T', ' ')}")
        return
    obs = calibration.gather(store)
    if obs.examinees < calibration.MIN_SESSIONS:
        raise SecondroundError(t("calibrate.too_few", sessions=obs.examinees, least=calibration.MIN_SESSIONS))
    results, iterations = calibration.calibrate(obs)
    if not results:
        raise SecondroundError(t("calibrate.no_family", least=calibration.MIN_RESPONSES))
    click.echo(t("calibrate.done", sessions=obs.examinees, responses=len(obs.x), iterations=iterations))
    click.echo(t("calibrate.header"))
    for r in results:
        scale = f"{r.scale:.3f}" if r.scale_estimated else t("calibrate.scale_fixed")
        click.echo(t("calibrate.row", family=r.family, offset=f"{r.offset:+.3f}", se=f"{r.offset_se:.3f}",
                     scale=scale, responses=r.responses, sessions=r.sessions))
    skipped = sorted(set(obs.families) - {r.family for r in results})
    if skipped:
        click.echo(t("calibrate.skipped", families=", ".join(skipped), least=calibration.MIN_RESPONSES))
    if dry_run:
        click.echo(t("calibrate.dry_run"))
        return
    store.save_calibration([(r.family, r.offset, r.scale, r.offset_se, r.responses, r.sessions) for r in results])
    click.echo(t("calibrate.saved"))
