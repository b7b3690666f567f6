"""`secondround simulate`: examinees of known ability answer fixed and adaptive forms."""

from __future__ import annotations

import click

from engine.cli.params import Whole
from engine.i18n import t


@click.command("simulate")
@click.argument("blueprint", metavar="BLUEPRINT|FILE.toml")
@click.option("-n", "--examinees", type=Whole(1, 100_000), default=1000, show_default=True,
              help="How many simulated examinees (abilities drawn from N(0, 1)).")
@click.option("--seed", type=Whole(0, 2**63 - 1), default=1, show_default=True,
              help="Seed of the abilities, the answers and the forms.")
@click.option("--se", "se_target", type=click.FloatRange(0.1, 1.0), default=None,
              help="The SE to reach (default: the blueprint's [adaptive] se_target).")
@click.option("--fixed/--no-fixed", default=True, show_default=True, help="Simulate the fixed form.")
@click.option("--adaptive/--no-adaptive", default=True, show_default=True, help="Simulate adaptive sittings.")
@click.option("--plant", metavar="FAMILY=OFFSET", multiple=True,
              help="Make a family really this much harder than its model says (to test `calibrate`).")
@click.option("--store", "keep", is_flag=True,
              help="Save the simulated sittings (marked 'simulated', one made-up candidate each) for `calibrate`.")
@click.pass_obj
def command(app, blueprint: str, examinees: int, seed: int, se_target: float | None, fixed: bool,  # type: ignore[no-untyped-def]
            adaptive: bool, plant: tuple[str, ...], keep: bool) -> None:
    """Simulate N examinees of known ability taking BLUEPRINT as a fixed form and adaptively.

    Answers are drawn from the IRT model of each item (engine.irt, the generators' own parameters,
    plus any --plant offsets as the truth); the same scoring and adaptive code as a real session
    estimates their ability. Reports bias, RMSE and correlation of the
    estimates with the true abilities, and how many items it took to reach the SE target.
    """
    from dataclasses import replace

    from engine import simulate
    from engine.adaptive import AdaptivePlan
    from engine.blueprints import load_blueprint
    from engine.forms import assemble

    spec = load_blueprint(blueprint)
    truth = _planted(plant, spec.families)
    target = spec.adaptive.se_target if se_target is None else se_target
    thetas = simulate.draw_thetas(examinees, seed)
    calibration = None  # the generators' own parameters: a check of the model, not of a calibration
    click.echo(t("simulate.header", n=examinees, seed=seed, se=f"{target:g}"))
    if truth:
        click.echo(t("simulate.planted", offsets=", ".join(f"{f} {d:+g}" for f, (d, _) in truth.items())))
    if fixed:
        form = assemble(spec, seed, offsets=calibration)
        result, responses = simulate.fixed(form.items, thetas, seed, target, calibration, truth)
        click.echo(_line(t("simulate.fixed", items=len(form.items)), result, target))
        if keep:
            simulate.store_sittings(app.store, form, responses, candidate_prefix=f"sim-{seed}")
    if adaptive:
        plan = replace(AdaptivePlan.from_blueprint(spec, seed), se_target=target)
        result, sittings = simulate.adaptive(plan, thetas, seed, calibration, truth)
        click.echo(_line(t("simulate.adaptive", low=plan.min_items, high=plan.max_items), result, target))
        if keep:
            simulate.store_adaptive(app.store, plan, sittings, candidate_prefix=f"sim-{seed}-adaptive")
    if keep:
        click.echo(t("simulate.stored", db=app.db_shown))
    click.echo(t("simulate.note"))


def _line(label: str, result, target: float) -> str:  # type: ignore[no-untyped-def]
    to_target = "-" if result.length_to_target is None else f"{result.length_to_target:.1f}"
    return t("simulate.line", label=label, bias=f"{result.bias:+.3f}", rmse=f"{result.rmse:.3f}",
             r=f"{result.correlation:.3f}", se=f"{result.mean_se:.3f}", length=f"{result.mean_length:.1f}",
             reached=f"{100 * result.reached:.0f}%", target=f"{target:g}", to_target=to_target)


def _planted(plant: tuple[str, ...], families: list[str]) -> dict[str, tuple[float, float]]:
    from question_generators.errors import SecondroundError

    truth = {}
    for text in plant:
        family, _, value = text.partition("=")
        try:
            offset = float(value)
        except ValueError:
            raise SecondroundError(t("simulate.bad_plant", value=text)) from None
        if family.strip() not in families:
            raise SecondroundError(t("simulate.plant_family", family=family.strip(), families=", ".join(families)))
        truth[family.strip()] = (offset, 1.0)
    return truth
