"""`secondround serve`: take tests in the browser, on this machine, over the same store."""

from __future__ import annotations

import click

from engine.i18n import t


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback makes the app reachable by others.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: a free one).")
@click.option("--open/--no-open", "open_browser", default=True, help="Open the app in the web browser.")
@click.option("--blueprints", "blueprint_dir", type=click.Path(file_okay=False), default=None,
              help="A folder of blueprint files to offer besides the built-in tests.")
@click.option("--coach", "coach_mode", is_flag=True,
              help="Coach mode: coaches log in (`secondround coaches add`) and assign tests; candidates come "
                   "only through their invitation links. No launch token.")
@click.option("--public-url", default="", metavar="URL",
              help="Coach mode: the address candidates reach (https://tests.example.org), used in invitation links.")
@click.option("--secure-cookies", is_flag=True, help="Mark cookies Secure: the app is reached over HTTPS.")
@click.option("--behind-proxy", is_flag=True,
              help="Trust X-Forwarded-For/-Proto from the reverse proxy (--forwarded-allow-ips); implies "
                   "--secure-cookies. Without it those headers are ignored.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True, metavar="IPS",
              help="With --behind-proxy: the proxy addresses whose forwarded headers are trusted.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes; more than one needs a PostgreSQL database (--db postgresql://...).")
@click.pass_obj
def command(app, host: str, port: int, open_browser: bool, blueprint_dir: str | None,  # type: ignore[no-untyped-def]
            coach_mode: bool = False, public_url: str = "", secure_cookies: bool = False, behind_proxy: bool = False,
            forwarded_allow_ips: str = "127.0.0.1", workers: int = 1) -> None:
    """Start the browser app (Ctrl-C stops it). The printed address carries a token for this launch.

    With --coach it serves a team: coaches log in at /coach/login, assign a test to a group and
    mail each candidate their own link; see README "Running for a team"."""
    from pathlib import Path

    import uvicorn

    from engine.pg import is_url
    from engine.web.app import create_app
    from engine.web.settings import LOOPBACK, Settings
    from question_generators.errors import SecondroundError

    if workers > 1 and not is_url(str(app.db_path)):
        # SQLite would be safe (WAL, and each request holds the one writer's lock), but it takes one
        # writer at a time: more workers add waiting, not speed. A team's server uses PostgreSQL.
        raise SecondroundError(t("serve.sqlite_workers", workers=workers))
    if public_url and not public_url.startswith(("http://", "https://")):
        raise SecondroundError(t("serve.bad_public_url"))
    if host not in LOOPBACK and not coach_mode:
        click.echo(t("serve.not_loopback", host=host), err=True)
    elif host not in LOOPBACK and not (secure_cookies or behind_proxy):
        click.echo(t("serve.coach_plain_http", host=host), err=True)
    sock = _listener(host, port, workers > 1)
    settings = Settings(db_path=app.db_path, host=host, port=sock.getsockname()[1],
                        blueprint_dir=Path(blueprint_dir) if blueprint_dir else None, lang=app.lang,
                        coach=coach_mode, public_url=public_url, secure_cookies=secure_cookies or behind_proxy,
                        behind_proxy=behind_proxy)
    # uvicorn trusts X-Forwarded-* from 127.0.0.1 by default: only with --behind-proxy here.
    proxy = {"proxy_headers": behind_proxy, "forwarded_allow_ips": forwarded_allow_ips if behind_proxy else None}
    if coach_mode:
        from engine import coach_store

        if not coach_store.coaches(app.store):
            click.echo(t("serve.no_coaches"), err=True)
        url = (public_url.rstrip("/") or settings.url.split("/?")[0]) + "/coach/login"
        click.echo(t("serve.coach_ready", url=url, db=app.db_shown), err=True)
        open_browser = False
    if workers > 1:
        # One listening socket per worker on the same port (SO_REUSEPORT): the kernel spreads new
        # connections over them. With one shared socket, the worker that wakes first accepts a whole
        # burst (200 candidates starting at once all landed on one worker, p95 over a second).
        sockets = [sock] + [_listener(host, settings.port, True) for _ in range(workers - 1)]
        _serve_workers(app, settings, sockets, open_browser, proxy)
        return
    # Open (and migrate or refuse) the store now, with a clear message; the app uses this one
    # connection (uvicorn runs the event loop in this thread, which SQLite requires).
    server = uvicorn.Server(uvicorn.Config(create_app(settings, app.store), log_level="warning", lifespan="on",
                                           access_log=False, **proxy))
    if not coach_mode:
        click.echo(t("serve.ready", url=settings.url, db=app.db_shown), err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(settings.url)
    server.run(sockets=[sock])


def _listener(host: str, port: int, shared: bool):  # type: ignore[no-untyped-def]
    import socket

    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    # Accepted connections inherit this on Linux: a page written as headers then body is not held
    # back by Nagle until the browser's delayed ACK (40 ms a page on keep-alive connections).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        from question_generators.errors import SecondroundError

        raise SecondroundError(t("serve.cannot_bind", host=host, port=port, error=exc.strerror or exc)) from None
    return sock


def _serve_workers(app, settings, sockets: list, open_browser: bool,  # type: ignore[no-untyped-def]
                   proxy: dict) -> None:
    """uvicorn's worker processes, one per socket, each building the app from the settings in its
    environment (one token and CSRF secret for all) with its own store connection."""
    import os

    import uvicorn
    from uvicorn.config import STARTUP_FAILURE
    from uvicorn.supervisors.multiprocess import Multiprocess, Process

    from engine.web.settings import ENV

    class Workers(Multiprocess):
        """uvicorn's supervisor (signals, health checks, a dead worker replaced), with worker i
        always on socket i."""

        def init_processes(self) -> None:
            for sock in sockets:
                process = Process(self.config, [sock])
                process.start()
                self.processes.append(process)

        def restart_all(self) -> None:  # SIGHUP: each worker replaced on its own socket
            for idx, old in enumerate(self.processes):
                old.terminate()
                old.join()
                self.processes[idx] = Process(self.config, [sockets[idx]])
                self.processes[idx].start()

        def keep_subprocess_alive(self) -> None:
            for idx, process in enumerate(self.processes):
                if self.should_exit.is_set():
                    return
                if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                    continue
                process.kill()
                process.join()
                if process.exitcode == STARTUP_FAILURE:  # it would fail the same way again
                    self.should_exit.set()
                    return
                self.processes[idx] = Process(self.config, [sockets[idx]])
                self.processes[idx].start()

    app.store.close()  # opened (migrated, or refused with its message) here, before any worker starts
    os.environ[ENV] = settings.to_env()
    config = uvicorn.Config("engine.web.app:factory", factory=True, workers=len(sockets), log_level="warning",
                            lifespan="on", access_log=False, **proxy)
    if not settings.coach:
        click.echo(t("serve.ready", url=settings.url, db=app.db_shown), err=True)
    click.echo(t("serve.workers", workers=len(sockets)), err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(settings.url)
    Workers(config, sockets=sockets).run()
