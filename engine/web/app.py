"""The app factory: settings, the store, the Jinja2 environment and the guards every request passes
(Host header, launch token, CSRF, security headers). The pages live in engine.web.pages."""

from __future__ import annotations

import secrets
from contextlib import asynccontextmanager
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from engine.i18n import available_languages, language, t, use_for_context
from engine.store import Store
from engine.web.runtime import Sittings
from engine.web.settings import Settings

COOKIE = "secondround_token"
LANG_COOKIE = "secondround_lang"  # the language switch's choice; the launch's --lang until one is made
# No outside requests and no inline script: our own modules only. Inline style attributes stay
# allowed because generated SVG figures carry them (they cannot run anything).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY",
           "cache-control": "no-store", "cross-origin-opener-policy": "same-origin"}


@cache
def environment() -> Environment:
    """The reports' environment (filters, messages), with the web templates first on the path."""
    from reports.html import environment as report_environment

    base = report_environment()
    env = Environment(loader=ChoiceLoader([PackageLoader("engine.web", "templates"), base.loader]),  # type: ignore[list-item]
                      autoescape=select_autoescape(["html"], default_for_string=True), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(base.globals)
    env.filters.update(base.filters)
    return env


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    # Coach mode: the CSRF secret of this login or invitation (kept in the store), set by its guard.
    csrf = request.scope.get("secondround.csrf", settings.csrf)
    context.setdefault("coach_mode", settings.coach)
    html = environment().get_template(template).render(t=t, csrf=csrf, lang=language(),
                                                       languages=available_languages(), here=request.url.path,
                                                       **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str, onward: str = "") -> HTMLResponse:
    """`onward`: where the candidate goes on from (the sitting's current page), when there is one."""
    return page(request, "error.html", status=status, status_code=status, message=message, onward=onward)


class Guard:
    """Pure ASGI middleware: a request from another Host (DNS rebinding), without the launch
    cookie, or a state change without the CSRF token is refused before any page code runs."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = b""
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            body = await read_body(receive, MAX_BODY)
            if body is None:
                await self._with_headers(HTMLResponse(t("web.too_large"), status_code=413))(scope, receive, send)
                return
        request = Request(scope)
        chosen = request.cookies.get(LANG_COOKIE, "")
        use_for_context(chosen if chosen in available_languages() else self.settings.lang)
        response = self.refuse(request, body)
        if response is not None:
            await self._with_headers(response)(scope, receive, send)
            return

        async def replay() -> dict[str, Any]:  # the page reads the body this guard already read
            return {"type": "http.request", "body": body, "more_body": False}

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {k.decode().lower() for k, _ in headers}
                for name, value in HEADERS.items():
                    if name not in present:
                        headers.append((name.encode(), value.encode()))
                if "content-security-policy" not in present:
                    headers.append((b"content-security-policy", CSP.encode()))
            await send(message)

        reading = scope["method"] not in ("GET", "HEAD", "OPTIONS")
        await self.app(scope, replay if reading else receive, send_with_headers)

    def _with_headers(self, response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("content-security-policy", CSP)
        return response

    def refuse(self, request: Request, body: bytes) -> Response | None:
        settings = self.settings
        host = request.headers.get("host", "")
        if host not in settings.allowed_hosts:
            return HTMLResponse(t("web.bad_host", host=host), status_code=400)
        token = request.cookies.get(COOKIE, "")
        if not (token and secrets.compare_digest(token, settings.token)):
            offered = request.query_params.get("token", "")
            if request.url.path == "/" and offered and secrets.compare_digest(offered, settings.token):
                response = RedirectResponse("/", status_code=303)
                response.set_cookie(COOKIE, settings.token, httponly=True, samesite="strict", path="/")
                return response
            return HTMLResponse(t("web.no_token"), status_code=403)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            sent = request.headers.get("x-csrf-token", "")
            if not sent:
                sent = (parse_qs(body.decode("utf-8", "replace")).get("csrf") or [""])[0]
            if not (sent and secrets.compare_digest(sent, settings.csrf)):
                return HTMLResponse(t("web.bad_csrf"), status_code=403)
        return None


MAX_BODY = 64 * 1024  # an answer form is a few hundred bytes


async def read_body(receive: Receive, limit: int) -> bytes | None:
    """The whole request body, or None when it is larger than `limit`."""
    chunks, size = [], 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def factory() -> Starlette:
    """The app of one worker of `serve --workers N` (uvicorn's app factory): the launch's settings
    from the environment, and a store connection of its own, opened in the worker's event loop."""
    return create_app(Settings.from_env())


def create_app(settings: Settings, store: Store | None = None) -> Starlette:
    """The web app over one store. Each app process keeps copies of the sittings it served; all
    they decide is in the store (engine.web.runtime), so another worker, or a new process after a
    restart, continues where this one stopped."""
    from engine.web import pages

    static = resources.files("engine.web").joinpath("static")

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        # SQLite connections belong to one thread: the store opens in the server's event-loop thread.
        opened = store or Store.open(settings.db_path)
        app.state.store = opened
        app.state.sittings = Sittings(opened)
        yield
        if store is None:
            opened.close()

    routes = pages.routes()
    guard: type[Guard] = Guard
    if settings.coach:  # candidates come through invitations, coaches log in: see engine.web.coach
        from engine.web import coach

        routes = [*coach.routes(), *(r for r in routes if r.path.startswith("/s/"))]  # type: ignore[attr-defined]
        guard = coach.CoachGuard
    app = Starlette(routes=[*routes, Mount("/static", StaticFiles(directory=str(static)), name="static")],
                    exception_handlers={404: pages.not_found, 405: pages.not_allowed}, lifespan=lifespan)
    app.state.settings = settings
    app.add_middleware(guard, settings=settings)
    return app
