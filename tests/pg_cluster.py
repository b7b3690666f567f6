"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a Unix socket there (trust)
and a loopback TCP port (password only: the tests of a wrong password use it).

initdb and postgres refuse to run as root. When the tests run as root (CI containers), the cluster
runs as the unprivileged user `nobody` (subprocess `user=`/`group=`, no runuser or su needed) in a
folder made with mkdtemp under /tmp and handed to that user; the tests, as root, reach its socket.
Durability is switched off (fsync, synchronous_commit): the cluster lives for one test run."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# Trust on our own socket (a folder only we and the cluster's user can reach), passwords on loopback TCP.
HBA = "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pg_bin() -> Path | None:
    """The folder of initdb/pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin (newest N)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent if (Path(found).resolve().parent / "pg_ctl").exists() \
            else Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]),
                         reverse=True):
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


def why_not() -> str | None:
    """Why no cluster can be started here (None: it can)."""
    if pg_bin() is None:
        return "PostgreSQL is not installed (no initdb; Debian: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg 3 is not installed (pip install 'secondround[postgres]')"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("nobody")
        except KeyError:
            return "running as root and there is no user 'nobody' to run initdb as"
    return None


@contextmanager
def cluster(max_connections: int = 60) -> Iterator[str]:
    """Start a cluster, yield the URL of its database `secondround` (superuser `secondround`, trust
    on the socket; the same port number on 127.0.0.1 asks for passwords), then stop it and remove
    its folder."""
    bindir = pg_bin()
    assert bindir is not None
    folder = Path(tempfile.mkdtemp(prefix="secondround-pg-"))
    run_as: dict[str, object] = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        run_as = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
    data = folder / "data"
    env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}

    def call(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, env=env, cwd=folder, timeout=60,
                       **run_as)  # type: ignore[call-overload]

    try:
        call(str(bindir / "initdb"), "-D", str(data), "-U", "secondround", "--auth=trust", "-E", "UTF8",
             "--no-instructions", "--no-sync")
        (data / "pg_hba.conf").write_text(HBA)
        tcp = free_port()
        # One port for the socket file and TCP both: the socket's name is .s.PGSQL.<port>.
        options = (f"-k {folder} -c listen_addresses=127.0.0.1 -p {tcp} -c fsync=off -c synchronous_commit=off "
                   f"-c full_page_writes=off -c max_connections={max_connections} -c shared_buffers=32MB")
        call(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w",
             "-t", "30", "start")
        try:
            call(str(bindir / "createdb"), "-h", str(folder), "-p", str(tcp), "-U", "secondround", "secondround")
            yield f"postgresql://secondround@/secondround?host={folder}&port={tcp}"
        finally:
            with suppress(subprocess.SubprocessError):
                call(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fresh_schema(url: str, name: str) -> str:
    """A new empty schema in the cluster's database, and the URL that works in it (search_path)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{name}"')
    return f"{url}&options=-csearch_path%3D{name}"


def port_of(url: str) -> int:
    """The cluster's port (socket and loopback TCP) from a URL cluster() gave."""
    from urllib.parse import parse_qs, urlsplit

    return int(parse_qs(urlsplit(url).query)["port"][0])
