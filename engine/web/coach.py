"""Coach mode (`serve --coach`): coach login and logout, assignments of a test to a group, one
invitation link per candidate, the live assignment page, cohort and session reports, the results
CSV and the audit log; and the guard that binds every candidate page to its invitation.

Who may see what is decided in CoachGuard, before any page code runs: a /coach page needs a live
login (its cookie's hash is in the store), a /s/N page needs the cookie of the invitation whose
sitting N is (any other number is the same 404 as one that does not exist), and every POST needs
the CSRF secret stored with that login or invitation (the login form: a double-submit cookie).
All of it is in the store, so several server processes can share one database."""

from __future__ import annotations

import base64
import csv
import io
import json
import secrets
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from engine import coach_store as cs
from engine.i18n import available_languages, error_text, t, use_for_context
from engine.store import StoreError
from engine.web.app import REPORT_CSP, Guard, error_page, page
from engine.web.pages import EXTRA_TIME, _Refusal, _score, _tests, go, handled, next_url
from engine.web.settings import Settings
from question_generators.errors import SecondroundError

SITTING_COOKIE = "secondround_sitting"  # the invitation token: the candidate's only credential
LOGIN_CSRF_COOKIE = "secondround_login_csrf"  # double-submit secret of the login form
MAX_FIELD = 200
REFRESH_S = 10  # the live assignment page reloads itself (a meta refresh: no script)
CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula to a spreadsheet


def coach_cookie(settings: Settings) -> str:
    # __Host-: the browser takes it only over HTTPS, for this host and path / (no subdomain can set it).
    return "__Host-secondround_coach" if settings.secure_cookies else "secondround_coach"


def _set_cookie(response: Response, settings: Settings, name: str, value: str, *, samesite: str = "strict",
                path: str = "/", max_age: int | None = None) -> None:
    response.set_cookie(name, value, httponly=True, samesite=samesite, secure=settings.secure_cookies, path=path,
                        max_age=max_age)  # type: ignore[arg-type]


def _address(request: Request) -> str:
    # request.client is the proxy's X-Forwarded-For only with --behind-proxy (uvicorn's proxy headers).
    return request.client.host if request.client else ""


class CoachGuard(Guard):
    """The launch-token guard's Host check, body limit and headers; then logins and invitations."""

    def refuse(self, request: Request, body: bytes) -> Response | None:
        settings = self.settings
        host = request.headers.get("host", "")
        if host not in settings.allowed_hosts:
            return HTMLResponse(t("web.bad_host", host=host), status_code=400)
        path = request.url.path
        store = request.app.state.store
        scope = request.scope
        posting = request.method not in ("GET", "HEAD", "OPTIONS")
        if path.startswith("/static/") or (path == "/" and not posting):
            return None
        if path.startswith("/s/"):
            invitation = cs.invitation_by_token(store, request.cookies.get(SITTING_COOKIE, ""))
            number = path.split("/")[2]
            # Another sitting's number, an unknown one and no cookie all get the same 404: nothing
            # tells a candidate which sessions exist.
            if invitation is None or invitation.session_id is None or number != str(invitation.session_id):
                return error_page(request, 404, t("web.no_session"))
            assignment = cs.assignment(store, invitation.assignment_id)
            if assignment is not None:
                use_for_context(assignment.lang)  # a candidate's pages speak the assignment's language
            # The full report carries every key: while the window is open, others may still be
            # sitting the same form, so it waits for the window to close.
            if path.endswith("/report") and assignment is not None and assignment.window() != "closed":
                return error_page(request, 409, t("coach.report_after_window", closes=assignment.closes_text))
            scope["secondround.invitation"] = invitation
            secret = invitation.csrf
        elif path.startswith("/i/"):
            invitation = cs.invitation_by_token(store, path[3:])
            if invitation is None:
                return error_page(request, 404, t("coach.no_invitation"))
            scope["secondround.invitation"] = invitation
            secret = invitation.csrf
        elif path == "/coach/login":
            secret = request.cookies.get(LOGIN_CSRF_COOKIE, "")
            if not posting:
                secret = secrets.token_urlsafe(24)
                scope["secondround.new_login_csrf"] = secret
        elif path == "/coach" or path.startswith("/coach/"):
            login = cs.login_of(store, request.cookies.get(coach_cookie(settings), ""))
            if login is None:
                if posting:
                    return error_page(request, 401, t("coach.login_needed"))
                return RedirectResponse("/coach/login", status_code=303)
            scope["secondround.login"] = login
            secret = login.csrf
        else:
            return error_page(request, 404, t("web.not_found"))
        scope["secondround.csrf"] = secret
        if posting:
            sent = request.headers.get("x-csrf-token", "")
            if not sent:
                sent = (parse_qs(body.decode("utf-8", "replace")).get("csrf") or [""])[0]
            if not (sent and secret and secrets.compare_digest(sent, secret)):
                return HTMLResponse(t("web.bad_csrf"), status_code=403)
        return None


def routes() -> list[Route]:
    return [
        Route("/", landing),
        Route("/i/{token}", invitation, methods=["GET", "POST"]),
        Route("/coach/login", login, methods=["GET", "POST"]),
        Route("/coach/logout", logout, methods=["POST"]),
        Route("/coach", coach_home),
        Route("/coach/assignments/new", new_assignment, methods=["GET", "POST"]),
        Route("/coach/assignments/{aid:int}", assignment_page),
        Route("/coach/assignments/{aid:int}/invitations/{iid:int}/reissue", reissue, methods=["POST"]),
        Route("/coach/assignments/{aid:int}/results.csv", results_csv),
        Route("/coach/assignments/{aid:int}/cohort", cohort_report),
        Route("/coach/sessions/{sid:int}/report", session_report),
        Route("/coach/audit", audit_page),
    ]


def _login(request: Request) -> cs.Login:
    return request.scope["secondround.login"]


def _audit(request: Request, action: str, detail: str = "", coach: str | None = None) -> None:
    who = coach if coach is not None else _login(request).coach
    cs.audit(request.app.state.store, who, action, detail, _address(request))


def _text(form: Any, name: str, most: int = MAX_FIELD) -> str:
    value = str(form.get(name, "")).strip()
    if len(value) > most:
        raise _Refusal(400, t("coach.too_long", most=most))
    return value


# -- the candidate's side -----------------------------------------------------------------------------
@handled
async def landing(request: Request) -> Response:
    return page(request, "coach_landing.html")


def _window_refusal(assignment: cs.Assignment, invitation: cs.Invitation) -> _Refusal | None:
    if invitation.finished:
        return _Refusal(410, t("coach.invitation_used"))
    state = assignment.window()
    if state == "waiting":
        return _Refusal(403, t("coach.not_yet_open", opens=assignment.opens_text))
    if state == "closed" and invitation.session_id is None:
        return _Refusal(410, t("coach.window_closed", closes=assignment.closes_text))
    return None


@handled
async def invitation(request: Request) -> Response:
    """The link from the mail: who it is for and the test, then Start (or Continue) as a form, so
    the sitting begins with a same-site request that carries the SameSite=Strict cookie."""
    store = request.app.state.store
    settings: Settings = request.app.state.settings
    invited: cs.Invitation = request.scope["secondround.invitation"]
    assignment = cs.assignment(store, invited.assignment_id)
    assert assignment is not None  # the foreign key: an invitation has its assignment
    refusal = _window_refusal(assignment, invited)
    if refusal is not None:
        raise refusal
    token = request.path_params["token"]
    use_for_context(assignment.lang)  # the candidate's pages speak the assignment's language
    if request.method == "GET":
        return page(request, "coach_invitation.html", invitation=invited, assignment=assignment, token=token,
                    started=invited.session_id is not None)
    sittings = request.app.state.sittings
    if invited.session_id is None:
        session = _begin(request, assignment, invited)
        if not cs.link_session(store, invited.id, session.id, assignment.group):
            session.abandon()  # another request started this invitation first: that sitting is the one
            again = cs.invitation_by_token(store, token)
            assert again is not None and again.session_id is not None
            sitting = sittings.get(again.session_id)
        else:
            session.start()
            sitting = sittings.add(session)
    else:
        from engine.web.runtime import NotFound

        try:
            sitting = sittings.get(invited.session_id)
        except NotFound:
            raise _Refusal(404, t("web.no_session")) from None
    response = go(next_url(sitting))
    # The link's own token, for this sitting's pages only (one cookie per sitting, so a candidate
    # with two invitations keeps both). SameSite=Strict is enough: this answers the Start form,
    # a same-site request, even when the link itself was opened from a mail.
    _set_cookie(response, settings, SITTING_COOKIE, token, path=f"/s/{sitting.session.id}")
    return response


def _begin(request: Request, assignment: cs.Assignment, invited: cs.Invitation) -> Any:
    from engine.forms import TestForm
    from engine.session import Session

    store = request.app.state.store
    lang = assignment.lang
    if assignment.adaptive:
        from engine.adaptive import AdaptiveSession
        from engine.blueprints import load_blueprint

        return AdaptiveSession.begin(store, load_blueprint(assignment.source), secrets.randbits(48), assignment.mode,
                                     invited.candidate, lang, source="browser", extra_time=invited.extra_time)
    assert assignment.form_id is not None
    form = TestForm.from_dict(json.loads(store.form_json(assignment.form_id)), f"form {assignment.form_id}")
    return Session.create(store, form, assignment.mode, invited.candidate, lang, source="browser",
                          extra_time=invited.extra_time)


# -- login and logout -------------------------------------------------------------------------------------
@handled
async def login(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    store = request.app.state.store
    if request.method == "GET":
        if cs.login_of(store, request.cookies.get(coach_cookie(settings), "")) is not None:
            return go("/coach")
        return _login_page(request)
    form = await request.form()
    name = _text(form, "name", 100)
    password = str(form.get("password", ""))[:1000]
    subjects = [f"name:{name.casefold()}", f"address:{_address(request)}"]
    wait = cs.locked_for(store, subjects)
    if wait:
        _audit(request, "login_refused", t("coach.audit_locked", seconds=wait), coach=name or "?")
        response = _login_page(request, t("coach.locked", seconds=wait), 429)
        response.headers["retry-after"] = str(wait)
        return response
    import anyio

    found = cs.coach_password(store, name) if name else None
    # scrypt takes a few tenths of a second: off the event loop, so other requests are not held.
    if found is None:
        await anyio.to_thread.run_sync(cs.dummy_verify, password)
        good = False
    else:
        good = await anyio.to_thread.run_sync(cs.verify_password, password, found[1])
    if not good:
        lock = cs.record_failure(store, subjects)
        _audit(request, "login_failed", t("coach.audit_lock", seconds=lock) if lock else "", coach=name or "?")
        return _login_page(request, t("coach.bad_login"), 401)
    assert found is not None
    cs.clear_failures(store, subjects[0])
    token = cs.open_login(store, found[0])
    _audit(request, "login", coach=name)
    response = go("/coach")
    _set_cookie(response, settings, coach_cookie(settings), token, max_age=cs.LOGIN_HOURS * 3600)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/coach/login")
    return response


def _login_page(request: Request, error: str = "", status: int = 200) -> Response:
    settings: Settings = request.app.state.settings
    secret = request.scope.get("secondround.new_login_csrf") or secrets.token_urlsafe(24)
    request.scope["secondround.csrf"] = secret
    response = page(request, "coach_login.html", status=status, error=error)
    _set_cookie(response, settings, LOGIN_CSRF_COOKIE, secret, path="/coach/login")
    return response


@handled
async def logout(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    cs.close_login(request.app.state.store, request.cookies.get(coach_cookie(settings), ""))
    _audit(request, "logout")
    response = go("/coach/login")
    response.delete_cookie(coach_cookie(settings), path="/", secure=settings.secure_cookies, httponly=True,
                           samesite="strict")
    return response


# -- assignments --------------------------------------------------------------------------------------------
def _coach_page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
    return page(request, template, status=status, coach=_login(request).coach, **context)


def _offered(request: Request) -> list[dict[str, Any]]:
    """The tests a coach may assign: built-in and folder blueprints, then the folder's test sets."""
    from pathlib import Path

    tests = [{**test, "kind": "blueprint"} for test in _tests(request)]
    folder = request.app.state.settings.blueprint_dir
    if folder is not None and Path(folder).is_dir():
        from engine.forms import TestForm

        for path in sorted(Path(folder).glob("*.json"))[:100]:
            try:
                form = TestForm.load(path)
            except SecondroundError:
                continue
            tests.append({"ref": f"set:{path.stem}", "path": str(path), "title": form.title,
                          "count": len(form.items), "minutes": round(sum(s.time_limit_s for s in form.sections) / 60),
                          "description": "", "imitates": t("coach.from_set", name=path.name), "kind": "set"})
    return tests


@handled
async def coach_home(request: Request) -> Response:
    store = request.app.state.store
    rows = []
    for a in cs.assignments(store):
        invited = cs.invitations(store, a.id)
        rows.append({"a": a, "invited": len(invited), "started": sum(i.session_id is not None for i in invited),
                     "finished": sum(i.finished for i in invited), "window": a.window()})
    return _coach_page(request, "coach_home.html", rows=rows)


def _parse_moment(text: str, field: str) -> datetime:
    """A time from a datetime-local field, read as UTC (the form says so)."""
    from datetime import UTC

    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Refusal(400, t("coach.bad_time", field=field)) from None
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).replace(microsecond=0)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@handled
async def new_assignment(request: Request) -> Response:
    """GET: pick a group, then the test, window and each member's extra time; POST: create it and
    show the links (the only time they exist: the store keeps their hashes)."""
    store = request.app.state.store
    groups = store.groups()
    tests = _offered(request)
    now = cs.utcnow()
    if request.method == "GET":
        group = request.query_params.get("group", "")
        if group and group not in {g for g, _ in groups}:
            raise _Refusal(404, t("coach.unknown_group"))
        members = store.candidates(group) if group else []
        return _coach_page(request, "coach_new.html", groups=groups, group=group, members=members, tests=tests,
                           extra=list(EXTRA_TIME), opens=_local(now), closes=_local(now + timedelta(days=7)),
                           error="")
    form = await request.form()
    group = _text(form, "group")
    if group not in {g for g, _ in groups}:
        raise _Refusal(400, t("coach.unknown_group"))
    members = [c.name for c in store.candidates(group)]
    if not members:
        raise _Refusal(400, t("coach.empty_group", group=group))
    offered = {test["ref"]: test for test in tests}
    ref = _text(form, "test")
    if ref not in offered:
        raise _Refusal(400, t("web.unknown_test"))
    test = offered[ref]
    mode = _text(form, "mode") or "exam"
    if mode not in ("exam", "practice"):
        raise _Refusal(400, t("web.bad_mode"))
    lang = _text(form, "lang") or request.app.state.settings.lang
    if lang not in available_languages():
        raise _Refusal(400, t("web.bad_language", lang=lang[:20]))
    adaptive = form.get("adaptive") == "on"
    if adaptive and test["kind"] != "blueprint":
        raise _Refusal(400, t("coach.adaptive_needs_blueprint"))
    opens = _parse_moment(_text(form, "opens"), t("coach.opens"))
    closes = _parse_moment(_text(form, "closes"), t("coach.closes"))
    if closes <= opens:
        raise _Refusal(400, t("coach.window_backwards"))
    if closes <= now:
        raise _Refusal(400, t("coach.window_past"))
    chosen = []
    for number, name in enumerate(members):
        factor = EXTRA_TIME.get(str(form.get(f"extra_{number}", "1")))
        if factor is None:
            raise _Refusal(400, t("web.bad_extra_time"))
        chosen.append((name, factor))
    title = _text(form, "title") or test["title"]
    stored_form = None
    if not adaptive:
        stored_form = _fixed_form(request, test, lang)
    aid, tokens = cs.create_assignment(
        store, title=title, group=group, source=test["path"], adaptive=adaptive, mode=mode, opens_at=cs.iso(opens),
        closes_at=cs.iso(closes), created_by=_login(request).coach, candidates=chosen, form=stored_form,
        lang=lang)
    _audit(request, "assignment_created", f"#{aid} {title} ({group}, {len(tokens)})")
    base = _base_url(request)
    links = [(name, f"{base}/i/{token}") for name, token in tokens]
    return _coach_page(request, "coach_links.html", assignment=cs.assignment(store, aid), links=links,
                       csv_href=_csv_data_uri([(t("coach.col_candidate"), t("coach.col_link")), *links]))


def _fixed_form(request: Request, test: dict[str, Any], lang: str) -> tuple[str, str, str, int | None, str]:
    """The one form every candidate of the assignment sits (so the cohort's item analysis holds)."""
    from engine.forms import TestForm, assemble, form_id_of, verify_form

    store = request.app.state.store
    if test["kind"] == "set":
        form = TestForm.load(test["path"])
        verify_form(form)
    else:
        from engine.blueprints import load_blueprint

        form = assemble(load_blueprint(test["path"]), secrets.randbits(48), offsets=store.calibration(), lang=lang)
    text = form.to_json()
    return form_id_of(text), form.blueprint, form.title, form.seed, text


def _base_url(request: Request) -> str:
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return settings.public_url.rstrip("/")
    return str(request.base_url).rstrip("/")


def _csv_text(rows: list[tuple[Any, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["'" + str(v) if str(v).startswith(CSV_TRIGGERS) else v for v in row])
    return out.getvalue()


def _csv_data_uri(rows: list[tuple[Any, ...]]) -> str:
    """The links CSV inside the page (a data: link with `download`): no second request, since the
    tokens are not kept anywhere the server could read them again."""
    data = base64.b64encode(_csv_text(rows).encode("utf-8")).decode("ascii")
    return f"data:text/csv;charset=utf-8;base64,{data}"


def _assignment_of(request: Request) -> cs.Assignment:
    found = cs.assignment(request.app.state.store, int(request.path_params["aid"]))
    if found is None:
        raise _Refusal(404, t("coach.no_assignment"))
    return found


def _rows(request: Request, assignment: cs.Assignment) -> list[dict[str, Any]]:
    """One row per invitation: where it is and, once finished, the score (the page reloads every
    few seconds: a fixed assignment's one form is read once, and scoring options once)."""
    from engine.forms import TestForm
    from reports.common import score_rows, scoring_options

    store = request.app.state.store
    window = assignment.window()
    forms: dict[str, TestForm] = {}
    options = scoring_options(store)

    def scored(session_id: int) -> tuple[Any, Any]:
        record = store.session(session_id)
        if record.form_id not in forms:
            forms[record.form_id] = TestForm.from_dict(json.loads(store.form_json(record.form_id)),
                                                       f"form {record.form_id}")
        return record, score_rows(forms[record.form_id], store.responses(session_id), store.sections(session_id),
                                  options)

    rows = []
    for invited in cs.invitations(store, assignment.id):
        row: dict[str, Any] = {"invitation": invited.id, "candidate": invited.candidate,
                               "extra_time": invited.extra_time, "session_id": invited.session_id, "score": None}
        if invited.session_id is None:
            row["state"] = {"waiting": "waiting", "open": "invited", "closed": "unused"}[window]
        elif invited.session_status == "in_progress" or invited.session_status == "not_started":
            row["state"] = "started"
        elif invited.session_status == "abandoned":
            row["state"] = "abandoned"
        else:
            row["state"] = "finished"
            record, score = scored(invited.session_id)
            row["score"] = score.overall
            row["record"] = record
        if invited.session_id is not None and "record" not in row:
            row["record"] = store.session(invited.session_id)
        rows.append(row)
    return rows


@handled
async def assignment_page(request: Request) -> Response:
    assignment = _assignment_of(request)
    rows = _rows(request, assignment)
    counts = {state: sum(r["state"] == state for r in rows) for state in
              ("waiting", "invited", "started", "finished", "unused", "abandoned")}
    return _coach_page(request, "coach_assignment.html", assignment=assignment, rows=rows, counts=counts,
                       window=assignment.window(), refresh=REFRESH_S, now=cs.shown_time(cs.iso(cs.utcnow())))


@handled
async def reissue(request: Request) -> Response:
    """A new link for one candidate (the mail was lost, or the link was seen by someone else)."""
    assignment = _assignment_of(request)
    store = request.app.state.store
    made = cs.reissue(store, assignment.id, int(request.path_params["iid"]))
    if made is None:
        raise _Refusal(409, t("coach.cannot_reissue"))
    name, token = made
    _audit(request, "link_reissued", f"#{assignment.id} {assignment.title}: {name}")
    links = [(name, f"{_base_url(request)}/i/{token}")]
    return _coach_page(request, "coach_links.html", assignment=assignment, links=links,
                       csv_href=_csv_data_uri([(t("coach.col_candidate"), t("coach.col_link")), *links]))


@handled
async def results_csv(request: Request) -> Response:
    assignment = _assignment_of(request)
    header = tuple(t(f"coach.csv_{name}") for name in
                   ("candidate", "state", "extra_time", "started", "finished", "correct", "total", "percent",
                    "ability"))
    rows: list[tuple[Any, ...]] = [header]
    for r in _rows(request, assignment):
        record, score = r.get("record"), r["score"]
        ability = score.ability.theta if score is not None and score.ability is not None else ""
        rows.append((r["candidate"], t(f"coach.state_{r['state']}"), f"{r['extra_time']:g}",
                     (record.started_at or "") if record else "", (record.finished_at or "") if record else "",
                     score.correct if score else "", score.total if score else "",
                     f"{score.percent:.1f}" if score else "", f"{ability:.2f}" if ability != "" else ""))
    _audit(request, "results_downloaded", f"#{assignment.id} {assignment.title}")
    name = f"secondround-assignment-{assignment.id}-results.csv"
    return Response(_csv_text(rows), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f"attachment; filename=\"{name}\""})


@handled
async def cohort_report(request: Request) -> Response:
    from reports.cohort import build_cohort, render_cohort

    assignment = _assignment_of(request)
    store = request.app.state.store
    records = [store.session(i.session_id) for i in cs.invitations(store, assignment.id)
               if i.session_id is not None and i.finished]
    if not records:
        raise _Refusal(409, t("coach.no_results_yet"))
    try:
        cohort = build_cohort(store, assignment.group, assignment.form_id, records=records)
    except StoreError as exc:
        raise _Refusal(409, error_text(exc)) from None
    _audit(request, "cohort_report_viewed", f"#{assignment.id} {assignment.title}")
    return HTMLResponse(render_cohort(cohort), headers={"content-security-policy": REPORT_CSP})


@handled
async def session_report(request: Request) -> Response:
    """A sitting's full report, once it is over; only sittings that came from an invitation."""
    from reports.session import render_session_report

    store = request.app.state.store
    sid = int(request.path_params["sid"])
    invited = cs.invitation_of_session(store, sid)
    if invited is None:
        raise _Refusal(404, t("web.no_session"))
    if not invited.finished:
        raise _Refusal(409, t("web.report_after"))
    record, score = _score(store, sid)
    _audit(request, "session_report_viewed", f"#{sid} {invited.candidate}")
    return HTMLResponse(render_session_report(record, score), headers={"content-security-policy": REPORT_CSP})


@handled
async def audit_page(request: Request) -> Response:
    rows = cs.audit_rows(request.app.state.store, 500)
    return _coach_page(request, "coach_audit.html", rows=rows)
