"""What one launch of the web app needs: where the store is, where it listens, and its secrets."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field, fields
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")
ENV = "SECONDROUND_WEB_SETTINGS"  # how `serve --workers N` hands one launch's settings to its workers


@dataclass(frozen=True)
class Settings:
    """One launch: a random token (in the printed URL; it sets the cookie that every request needs)
    and a CSRF secret, both new at every start, so a page of an old launch cannot act on this one."""

    db_path: Path | str  # a SQLite file, or a postgresql:// URL
    host: str = "127.0.0.1"
    port: int = 8765
    blueprint_dir: Path | None = None  # blueprint files offered on the home page, besides the built-in tests
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    extra_hosts: tuple[str, ...] = ()  # Host headers accepted besides the bound address (tests: testserver)
    lang: str = "en"
    coach: bool = False  # coach mode: logins and invitations instead of the launch token
    public_url: str = ""  # coach mode: the address candidates use (invitation links; its host is accepted)
    secure_cookies: bool = False  # cookies marked Secure (the app is reached over HTTPS)
    behind_proxy: bool = False  # X-Forwarded-For/-Proto from the proxy are trusted (uvicorn's proxy headers)

    def to_env(self) -> str:
        """These settings as JSON for the environment of the server's workers (same token and CSRF
        secret in every worker, so a page served by one is accepted by another)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in values.items()})

    @classmethod
    def from_env(cls) -> Settings:
        """The settings `serve` put in the environment (ENV) for this worker."""
        from engine.pg import is_url

        values = json.loads(os.environ[ENV])
        for f in fields(cls):
            value = values.get(f.name)
            if isinstance(value, list):
                values[f.name] = tuple(value)
            elif isinstance(value, str) and "Path" in str(f.type) and not is_url(value):
                values[f.name] = Path(value)
        return cls(**{k: v for k, v in values.items() if k in {f.name for f in fields(cls)}})

    @property
    def allowed_hosts(self) -> set[str]:
        names = {self.host, *(LOOPBACK if self.host in LOOPBACK else ())}
        allowed = {f"{name}:{self.port}" for name in names} | {f"[{n}]:{self.port}" for n in names if ":" in n}
        if self.public_url:
            from urllib.parse import urlsplit

            public = urlsplit(self.public_url)
            if public.hostname:
                allowed |= {public.netloc, public.hostname}
        return allowed | set(self.extra_hosts)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"
