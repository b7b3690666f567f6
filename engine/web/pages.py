"""The pages of the browser delivery: home, section intro, the test page, practice feedback, the
end-of-section review, the result, history and progress, and the state endpoint the page polls.

Every page works without JavaScript (plain forms and links); engine/web/static/test.js adds the
live clock, keys, the palette without reloads and the calculator. In exam mode nothing sent before
a section closes carries a key, a mistake or an explanation: the templates only ever see the
prompt, the figure, the option texts and the candidate's own responses."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from engine.i18n import available_languages, error_text, language, t
from engine.session import Session, SessionError
from engine.store import StoreError, StoreWriteError
from engine.web.app import LANG_COOKIE, REPORT_CSP, error_page, page
from engine.web.runtime import NotFound, Sitting
from question_generators.errors import InvalidResponseError, SecondroundError
from question_generators.item import LETTERS, Item

EXTRA_TIME = {"1": 1.0, "1.25": 1.25, "1.5": 1.5, "2": 2.0}
# Families whose figure IS the question: describing it in words hands over what the candidate
# should see, so in exam mode the description starts closed (a screen-reader user opens it).
FIGURE_READING = ("abstract.", "spatial.", "technical.", "numeric.data_chart")
# Families whose options are drawn in the figure (A-H under the matrix): in exam mode the choices
# are labelled by letter only, as in the real tests; their words ("small hatched triangle") would
# name the attributes the candidate should find (the description, opened on request, keeps them).
DRAWN_OPTIONS = ("abstract.", "spatial.")
# What each built-in test imitates (shown on the home page).
IMITATES = {
    "numerical": "SHL Verify numerical, Aon/cut-e scales numerical, Talent Q Elements",
    "numerical-quick": "a short numerical screen",
    "verbal": "SHL Verify verbal (True / False / Cannot say), Saville verbal analysis",
    "verbal-vocabulary": "vocabulary sections of Thomas GIA and the CCAT",
    "logical": "SHL deductive and inductive reasoning",
    "abstract": "Raven's matrices, Assessio Matrigma, SHL inductive",
    "spatial-checking": "spatial rotation and checking tests (GIA, SHL checking)",
    "technical": "Bennett mechanical comprehension, SHL mechanical",
    "mixed-screener": "the Criteria CCAT",
    "warmup": "a warm-up before a real test",
}


def routes() -> list[Route]:
    return [
        Route("/", home), Route("/start", start, methods=["POST"]),
        Route("/history", history), Route("/progress", progress),
        Route("/language", choose_language, methods=["POST"]),
        Route("/s/{sid:int}", dispatch), Route("/s/{sid:int}/state", state),
        Route("/s/{sid:int}/section/{index:int}", intro),
        Route("/s/{sid:int}/section/{index:int}/start", begin_section, methods=["POST"]),
        Route("/s/{sid:int}/q/{pos:int}", question, methods=["GET", "POST"]),
        Route("/s/{sid:int}/feedback/{pos:int}", feedback, methods=["GET", "POST"]),
        Route("/s/{sid:int}/review/{index:int}", review, methods=["GET", "POST"]),
        Route("/s/{sid:int}/result", result), Route("/s/{sid:int}/report", report),
    ]


async def not_found(request: Request, exc: Exception) -> Response:
    return error_page(request, 404, t("web.not_found"))


async def not_allowed(request: Request, exc: Exception) -> Response:
    return error_page(request, 405, t("web.not_allowed"))


def go(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _sitting(request: Request) -> Sitting:
    try:
        return request.app.state.sittings.get(int(request.path_params["sid"]))
    except NotFound:
        raise _Refusal(404, t("web.no_session")) from None


class _Refusal(Exception):
    def __init__(self, status: int, message: str, onward: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.onward = status, message, onward


def handled(view):  # type: ignore[no-untyped-def]
    """Turn refusals and project errors into one clear page, never a traceback. A request on one
    session runs as one transaction with the session locked in the database (Sittings.hold), so
    concurrent requests on it, in any worker, take turns; a failed write stores nothing of it."""
    async def wrapper(request: Request) -> Response:
        try:
            sid = request.path_params.get("sid")
            if sid is None:
                return await view(request)
            if request.method == "POST":
                await request.form()  # read before the lock: nothing inside the hold waits on the client
            try:
                with request.app.state.sittings.hold(int(sid)):
                    return await _shown(view, request)
            except NotFound:
                raise _Refusal(404, t("web.no_session")) from None
        except _Refusal as refusal:
            return error_page(request, refusal.status, refusal.message)
        except StoreWriteError as exc:
            return error_page(request, 503, t("web.unsaved", error=str(exc)))
        except (SessionError, StoreError, SecondroundError) as exc:
            return error_page(request, 409, error_text(exc))
    wrapper.__name__ = view.__name__
    return wrapper


async def _shown(view, request: Request) -> Response:  # type: ignore[no-untyped-def]
    """A refusal or a project error inside a held request is a page too, and what the request did
    before it (a section closed on time) is still committed; a failed write is not (see hold)."""
    try:
        return await view(request)
    except _Refusal as refusal:
        return error_page(request, refusal.status, refusal.message, refusal.onward)
    except StoreWriteError:
        raise
    except (SessionError, StoreError, SecondroundError) as exc:
        return error_page(request, 409, error_text(exc))


def _writer(sitting: Sitting, tab: str) -> None:
    """Refuse a form from a page that no longer holds the lease (replaced, or already sent)."""
    if not sitting.is_writer(tab):
        if sitting.tab:
            raise _Refusal(409, t("web.replaced"))
        raise _Refusal(409, t("web.already_sent"), onward=next_url(sitting))


# -- where a sitting is now --------------------------------------------------------------------
def next_url(sitting: Sitting) -> str:
    session = sitting.session
    sid = session.id
    if session.status in ("finished", "expired", "abandoned"):
        return f"/s/{sid}/result"
    index = session.next_open_section()
    if index is None:
        return f"/s/{sid}/result"
    if session.sections[index].status == "pending":
        return f"/s/{sid}/section/{index}"
    if sitting.feedback is not None:
        return f"/s/{sid}/feedback/{sitting.feedback}"
    if sitting.adaptive:
        pending = session.pending()  # type: ignore[attr-defined]
        return f"/s/{sid}/q/{pending}" if pending is not None else f"/s/{sid}/review/{index}"
    positions = session.section_positions(index)
    position = session.position if session.position in positions else positions.start
    return f"/s/{sid}/q/{position}"


def _finish_if_done(sitting: Sitting) -> None:
    session = sitting.session
    if session.status == "in_progress" and session.next_open_section() is None:
        session.finish()


# -- home, start, history, progress ----------------------------------------------------------------
def _tests(request: Request, unreadable: list[str] | None = None) -> list[dict[str, Any]]:
    """The tests offered: the built-in ones, then the folder's blueprint files (a file that does not
    load is left out, and its message added to `unreadable` for the home page to show)."""
    from engine.blueprints import builtin_names, load_blueprint

    tests = []
    names = set(builtin_names())
    for name in sorted(names):
        spec = load_blueprint(name)
        tests.append({"ref": name, "path": name, "title": spec.title, "count": spec.count,
                      "minutes": round(spec.time_limit_s / 60), "description": spec.description,
                      "imitates": IMITATES.get(name, "")})
    folder = request.app.state.settings.blueprint_dir
    if folder is not None and Path(folder).is_dir():
        for path in sorted(Path(folder).glob("*.toml"))[:100]:
            try:
                spec = load_blueprint(str(path))
            except SecondroundError as exc:
                if unreadable is not None:
                    unreadable.append(error_text(exc))
                continue
            ref = path.stem if path.stem not in names else f"file:{path.stem}"  # a short value for the form
            tests.append({"ref": ref, "path": str(path), "title": spec.title, "count": spec.count,
                          "minutes": round(spec.time_limit_s / 60), "description": spec.description,
                          "imitates": t("web.from_file", name=path.name)})
    return tests


@handled
async def home(request: Request) -> Response:
    unreadable: list[str] = []
    tests = _tests(request, unreadable)
    return page(request, "home.html", tests=tests, extra=list(EXTRA_TIME), unreadable=unreadable)


@handled
async def start(request: Request) -> Response:
    from engine.adaptive import AdaptiveSession
    from engine.blueprints import load_blueprint
    from engine.forms import assemble

    form = await request.form()
    tests = {test["ref"]: test for test in _tests(request)}
    ref = str(form.get("blueprint", ""))
    if ref not in tests:
        raise _Refusal(400, t("web.unknown_test"))
    mode = str(form.get("mode", "exam"))
    if mode not in ("exam", "practice"):
        raise _Refusal(400, t("web.bad_mode"))
    factor = EXTRA_TIME.get(str(form.get("extra_time", "1")))
    if factor is None:
        raise _Refusal(400, t("web.bad_extra_time"))
    candidate = str(form.get("candidate", "")).strip() or None
    if candidate is not None:
        from engine.cli.common import clean_name

        candidate = clean_name(candidate)
    store = request.app.state.store
    blueprint = load_blueprint(tests[ref]["path"])
    seed = secrets.randbits(48)
    lang = language()  # the page's language (the switch's choice): the session records it
    if form.get("adaptive") == "on":
        if candidate:
            store.add_candidate(candidate)
        session: Session = AdaptiveSession.begin(store, blueprint, seed, mode, candidate, lang, source="browser",
                                                 extra_time=factor)
    else:
        built = assemble(blueprint, seed, exclude=store.seen_fingerprints(candidate), offsets=store.calibration(),
                         lang=lang)
        session = Session.create(store, built, mode, candidate, lang, register=True, source="browser",
                                 extra_time=factor)
    session.start()
    sitting = request.app.state.sittings.add(session)
    return go(next_url(sitting))


@handled
async def choose_language(request: Request) -> Response:
    """The language switch: remembered in a cookie, then back to the page it was pressed on. A
    session's items stay in the language the session began in; its pages' texts follow the switch."""
    form = await request.form()
    lang = str(form.get("lang", ""))
    if lang not in available_languages():
        return error_page(request, 400, t("web.bad_language", lang=lang[:20]))
    back = str(form.get("back", "/"))
    if not back.startswith("/") or back.startswith("//") or "\\" in back:  # only a page of this app
        back = "/"
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="strict", path="/")
    return response


async def history(request: Request) -> Response:
    store = request.app.state.store
    return page(request, "history.html", sessions=store.sessions(limit=200))


@handled
async def progress(request: Request) -> Response:
    from reports.progress import candidate_sessions, collect, render_progress

    store = request.app.state.store
    candidate = request.query_params.get("candidate") or None
    records = candidate_sessions(store, candidate)
    if not records:
        raise _Refusal(404, t("web.no_progress"))
    html = render_progress(candidate, collect(store, records))
    return HTMLResponse(html, headers={"content-security-policy": REPORT_CSP})


# -- one sitting ---------------------------------------------------------------------------------
@handled
async def dispatch(request: Request) -> Response:
    return go(next_url(_sitting(request)))


@handled
async def state(request: Request) -> Response:
    """What the page polls: the server's clock and where the sitting is now (no keys, ever)."""
    sitting = _sitting(request)
    session = sitting.session
    index = session.section
    tab = request.query_params.get("tab", "")
    return JSONResponse({
        "status": session.status, "section": index, "section_status": session.sections[index].status,
        "remaining_ms": sitting.remaining_ms(), "server_now_ms": int(time.time() * 1000),
        "deadline_ms": sitting.deadline_epoch_ms(), "paused": sitting.paused_at is not None,
        "replaced": bool(tab) and not sitting.is_writer(tab), "next_url": next_url(sitting),
    }, headers={"cache-control": "no-store"})


def _example(section_index: int, sitting: Sitting) -> Item | None:
    """One worked example before the clock starts: an easy item of the section's first family.
    Seed 0 on purpose: like the real tests' fixed practice example, the same one every time, and
    never one of the section's own items (those come from the session's random seed)."""
    from question_generators.registry import make_item

    session = sitting.session
    first = session.form.sections[section_index].items[0]
    try:
        return make_item(first.family, -1.5, 0)
    except SecondroundError:
        return None


@handled
async def intro(request: Request) -> Response:
    sitting = _sitting(request)
    session = sitting.session
    index = int(request.path_params["index"])
    if not 0 <= index < len(session.sections) or session.status != "in_progress":
        return go(next_url(sitting))
    section = session.form.sections[index]
    families = sorted({item.family for item in section.items})
    return page(request, "intro.html", sitting=sitting, session=session, index=index, section=section,
                limit_ms=session.sections[index].limit_ms, families=families, example=_example(index, sitting),
                calculator=section.calculator, fresh=session.sections[index].status == "pending")


@handled
async def begin_section(request: Request) -> Response:
    sitting = _sitting(request)
    session = sitting.session
    index = int(request.path_params["index"])
    if session.status != "in_progress" or session.next_open_section() != index:
        raise _Refusal(409, t("web.section_not_next"))
    if session.sections[index].status == "pending":
        session.open_section(index)
        if not sitting.adaptive:
            session.position = session.section_positions(index).start
    return go(next_url(sitting))


def _positions(sitting: Sitting) -> range:
    session = sitting.session
    return session.section_positions(session.section)


def _open_position(sitting: Sitting, pos: int) -> None:
    """Refuse a question that is not in the open section (or not the adaptive item on screen)."""
    session = sitting.session
    if session.status != "in_progress" or session.sections[session.section].status != "open":
        raise _Refusal(409, t("web.section_closed"))
    if pos not in _positions(sitting) or pos >= len(session.items):
        raise _Refusal(404, t("web.not_in_section"))
    if sitting.adaptive and pos != session.pending():  # type: ignore[attr-defined]
        raise _Refusal(409, t("web.adaptive_no_back"))


def _palette(sitting: Sitting, current: int) -> list[dict[str, Any]]:
    session = sitting.session
    start = _positions(sitting).start
    cells = []
    for pos in _positions(sitting):
        if pos >= len(session.states):
            break
        state = session.states[pos]
        status = {"answered": "answered", "skipped": "unanswered"}.get(state.status, "unseen")
        cells.append({"pos": pos, "number": pos - start + 1, "status": status, "flagged": state.flagged,
                      "current": pos == current})
    return cells


def _question_page(request: Request, sitting: Sitting, pos: int, error: str = "", status: int = 200) -> Response:
    session = sitting.session
    item = session.visit(pos)
    # Where the candidate is, kept in the store, so a restarted server reopens the same question.
    session.store.set_session(session.id, section=session.section, position=pos)
    tab = sitting.new_tab()
    positions = _positions(sitting)
    number = pos - positions.start + 1
    total = len(positions) if not sitting.adaptive else session.plan.max_items  # type: ignore[attr-defined]
    index = session.section
    shared = [p - positions.start + 1 for p in positions
              if item.stimulus and p < len(session.items) and session.items[p].stimulus == item.stimulus]
    reading = item.family.startswith(FIGURE_READING) and session.mode == "exam"
    state = session.states[pos]
    return page(request, "question.html", status=status, sitting=sitting, session=session, item=item, pos=pos,
                number=number, total=total, index=index, tab=tab, error=error, state=state,
                letters=LETTERS, palette=[] if sitting.adaptive else _palette(sitting, pos),
                first=pos == positions.start, last=pos == positions.stop - 1, shared=shared,
                figure_reading=reading, options_drawn=reading and item.family.startswith(DRAWN_OPTIONS),
                remaining_ms=sitting.remaining_ms(),
                server_now_ms=int(time.time() * 1000), deadline_ms=sitting.deadline_epoch_ms(),
                calculator=bool(session.form.sections[index].calculator) if not sitting.adaptive else False,
                section_title=session.form.sections[index].title)


@handled
async def question(request: Request) -> Response:
    sitting = _sitting(request)
    pos = int(request.path_params["pos"])
    session = sitting.session
    if request.method == "GET":
        if sitting.feedback is not None:
            return go(next_url(sitting))
        if session.status != "in_progress" or session.sections[session.section].status != "open":
            return go(next_url(sitting))
        _open_position(sitting, pos)
        return _question_page(request, sitting, pos)
    form = await request.form()
    _writer(sitting, str(form.get("tab", "")))
    if sitting.expire_if_due() or session.status != "in_progress":
        raise _Refusal(409, t("web.time_up"))
    _open_position(sitting, pos)
    if pos != session.position:
        raise _Refusal(409, t("web.not_on_screen"))
    action = str(form.get("action", "next"))
    response = str(form.get("response", "")).strip()
    if response:
        try:
            session.answer(pos, response)
        except InvalidResponseError as exc:
            return _question_page(request, sitting, pos, error=error_text(exc), status=400)
        if session.mode == "practice":
            sitting.pause()
            sitting.feedback = pos
            sitting.use_tab()
            return go(f"/s/{session.id}/feedback/{pos}")
    onward = _after(sitting, pos, action, form.get("goto"))
    sitting.use_tab()
    return go(onward)


def _after(sitting: Sitting, pos: int, action: str, goto: Any) -> str:
    """Where the candidate's button takes them (the item left is committed as skipped if unanswered)."""
    session = sitting.session
    sid = session.id
    positions = _positions(sitting)
    if sitting.adaptive:
        if session.states[pos].status != "answered":
            raise _Refusal(400, t("adaptive.answer_needed"))
        return _adaptive_next(sitting)
    if action == "flag":
        session.toggle_flag(pos)
        return f"/s/{sid}/q/{pos}"
    session.leave()
    if action == "prev":
        return f"/s/{sid}/q/{max(positions.start, pos - 1)}"
    if action == "goto":
        text = str(goto or "")
        if not (text.isascii() and text.isdigit() and len(text) <= 4 and 1 <= int(text) <= len(positions)):
            raise _Refusal(400, t("web.bad_goto", last=len(positions)))
        return f"/s/{sid}/q/{positions.start + int(text) - 1}"
    if action == "end" or pos == positions.stop - 1:
        return f"/s/{sid}/review/{session.section}"
    return f"/s/{sid}/q/{pos + 1}"


def _adaptive_next(sitting: Sitting) -> str:
    session = sitting.session
    sid = session.id
    session.leave()
    if not session.extend():  # type: ignore[attr-defined]
        session.close_section(session.section, expired=False)
        _finish_if_done(sitting)
        return f"/s/{sid}/result"
    return f"/s/{sid}/q/{session.pending()}"  # type: ignore[attr-defined]


@handled
async def feedback(request: Request) -> Response:
    """Practice mode: the key, the named mistake and the worked explanation, clock paused."""
    sitting = _sitting(request)
    session = sitting.session
    pos = int(request.path_params["pos"])
    if session.mode != "practice" or sitting.feedback != pos:
        raise _Refusal(409, t("web.no_feedback"))
    if request.method == "GET":
        item = session.items[pos]
        state = session.states[pos]
        tab = sitting.new_tab()
        return page(request, "feedback.html", sitting=sitting, session=session, item=item, pos=pos, state=state,
                    tab=tab, mistake=item.mistake_for(state.response), letters=LETTERS)
    form = await request.form()
    _writer(sitting, str(form.get("tab", "")))
    sitting.unpause()
    sitting.use_tab()
    if sitting.expire_if_due():
        return go(next_url(sitting))
    return go(_after(sitting, pos, "next", None))


@handled
async def review(request: Request) -> Response:
    sitting = _sitting(request)
    session = sitting.session
    index = int(request.path_params["index"])
    if session.status != "in_progress" or session.section != index or session.sections[index].status != "open":
        return go(next_url(sitting))
    if request.method == "POST":
        form = await request.form()
        if str(form.get("action", "")) != "finish":
            raise _Refusal(400, t("web.bad_action"))
        session.close_section(index, expired=False)
        _finish_if_done(sitting)
        return go(next_url(sitting))
    positions = session.section_positions(index)
    rows = _palette(sitting, -1)
    left = [r for r in rows if r["status"] != "answered" or r["flagged"]]
    return page(request, "review.html", sitting=sitting, session=session, index=index, rows=rows, left=left,
                remaining_ms=sitting.remaining_ms(), last=len(positions),
                section_title=session.form.sections[index].title)


def _score(store: Any, session_id: int) -> tuple[Any, Any]:
    from engine.forms import TestForm
    from reports.common import score_rows, scoring_options

    record = store.session(session_id)
    form = TestForm.from_dict(json.loads(store.form_json(record.form_id)), f"form {record.form_id}")
    return record, score_rows(form, store.responses(session_id), store.sections(session_id), scoring_options(store))


@handled
async def result(request: Request) -> Response:
    sitting = _sitting(request)
    session = sitting.session
    if session.status == "in_progress":
        return go(next_url(sitting))
    from engine.textview import ability_line

    record, score = _score(request.app.state.store, session.id)
    overall = score.overall
    ability = ability_line(overall.label, overall.ability) if overall.ability is not None else ""
    return page(request, "result.html", record=record, score=score, overall=overall, ability=ability,
                sections=score.sections if len(score.sections) > 1 else [], families=score.families)


@handled
async def report(request: Request) -> Response:
    """The full session report, the same HTML as `secondround report`: only once the test is over."""
    sitting = _sitting(request)
    if sitting.session.status in ("not_started", "in_progress"):
        raise _Refusal(409, t("web.report_after"))
    from reports.session import render_session_report

    record, score = _score(request.app.state.store, sitting.session.id)
    return HTMLResponse(render_session_report(record, score), headers={"content-security-policy": REPORT_CSP})
