"""`secondround validate`: check a test-set file against the schema, then every item's key."""

from __future__ import annotations

import click

from engine.i18n import t


@click.command("validate")
@click.argument("form_file", metavar="FORM.json")
def command(form_file: str) -> int:
    """Check FORM.json: the test-set schema first, then every item re-derived by its family's check().

    Lists every problem with where it is (JSON pointer, section, item and field). Exit 0 when the
    set is valid, 1 when it is not, 2 when the file cannot be read at all.
    """
    from pathlib import Path

    from engine.forms import FormError, TestForm, check_format, read_form_data, schema_problems
    from question_generators.errors import SecondroundError
    from question_generators.registry import verify

    path = Path(form_file)
    data = read_form_data(path)  # one clear message for a missing, large, deep or non-JSON file
    check_format(data, str(path))
    problems = schema_problems(data, limit=200)
    if not problems:
        try:
            form = TestForm.from_dict(data, str(path))
        except FormError as exc:
            problems = [str(exc)]
    if problems:
        return _report(path, problems)
    failures = []
    number = 0
    first_seen: dict[str, int] = {}
    for s_index, section in enumerate(form.sections, start=1):
        for i_index, item in enumerate(section.items, start=1):
            number += 1
            where = t("validate.item_where", section=s_index, item=i_index, overall=number, id=item.id)
            for label in (item.id, item.fingerprint()):  # answer sheets may name items by id
                if label in first_seen:
                    failures.append(f"{where}: " + t("validate.repeated", first=first_seen[label]))
                    break
            first_seen.setdefault(item.id, number)
            first_seen.setdefault(item.fingerprint(), number)
            try:
                verify(item)
            except SecondroundError as exc:
                failures.append(f"{where}: {exc}")
    if failures:
        return _report(path, failures)
    click.echo(t("validate.valid", path=path, items=len(form.items), sections=len(form.sections),
                 families=", ".join(sorted({i.family for i in form.items}))))
    return 0


def _report(path, problems: list[str]) -> int:  # type: ignore[no-untyped-def]
    click.echo(t("validate.invalid", path=path, count=len(problems)), err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    return 1
