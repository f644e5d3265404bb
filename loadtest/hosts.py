"""Several web hosts on one machine, behind HAProxy: the shape of a site that has
outgrown one machine (docs/operations.md, "Several hosts").

Each "host" is its own gunicorn and its own `flask worker`, with an instance folder of
its own and nothing on disk shared with the others; all of them use one PostgreSQL
(search backend `postgres`) and one Redis, as separate machines would. HAProxy (the
Debian package) listens on one port, spreads requests over the hosts, checks each
host's health every half second, and sends a request again to another host when the
first could not be reached or answered nothing: a GET or HEAD always, a form only when
it never reached a host (it may have been saved otherwise).

    hosts = Hosts(env, workdir, count=2, web_workers=2)
    hosts.start()            # returns once HAProxy sees every host up
    hosts.base               # http://127.0.0.1:<port>, the site
    hosts.host_base(0)       # host A directly, bypassing HAProxy
    hosts.kill(0); hosts.restart(0); hosts.states()  # {"a": "UP", "b": "DOWN"}
    hosts.stop()
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
NAMES = "abcdefgh"
# What HAProxy asks each host, every CHECK_INTERVAL: a page that needs the app, not
# the database (a database outage is the site's, not one host's).
HEALTH_PATH = "/static/favicon.svg"
CHECK_INTERVAL_MS = 500

HAPROXY_CONFIG = """\
global
    maxconn 2000

defaults
    mode http
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout queue 30s
    # A busy host answers its health check late, not never: only a dead one (refused,
    # or silent for 5 s) is taken out. A killed host refuses at once.
    timeout check 5s
    # A request that cannot reach a host, or gets no answer from it, is sent again to
    # another host (redispatch): up to 3 times.
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout

frontend site
    bind 127.0.0.1:{port}
    default_backend hosts

backend hosts
    balance roundrobin
    # Only what can be asked twice is asked again once a host has it: a form may have
    # been saved by the host that died answering it (a connection refused is retried).
    http-request disable-l7-retry if !METH_GET !METH_HEAD
    option httpchk GET {health}
    http-check expect status 200
    default-server check inter {interval}ms fall 2 rise 2
{servers}

listen stats
    bind 127.0.0.1:{stats_port}
    stats enable
    stats uri /stats
"""


@dataclass
class Host:
    """One host: its name, port, instance folder, and its processes while running."""

    name: str
    port: int
    folder: Path
    web: subprocess.Popen | None = None
    worker: subprocess.Popen | None = None


class Hosts:
    """`count` hosts and an HAProxy in front of them, for `env` (a DATABASE_URL on
    PostgreSQL, a REDIS_URL, a SECRET_KEY every host shares)."""

    def __init__(self, env: dict, workdir: Path, count: int = 2, web_workers: int = 2):
        from tests.services import unused_port

        self.env = env
        self.workdir = workdir
        self.web_workers = web_workers
        self.port = unused_port()
        self.stats_port = unused_port()
        self.hosts = [
            Host(NAMES[n], unused_port(), workdir / f"host-{NAMES[n]}") for n in range(count)
        ]
        self.haproxy: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        """The site's address: HAProxy's."""
        return f"http://127.0.0.1:{self.port}"

    def host_base(self, n: int) -> str:
        """Host n's own address, bypassing HAProxy."""
        return f"http://127.0.0.1:{self.hosts[n].port}"

    def host_env(self, host: Host) -> dict:
        """A host's environment: its own instance folder and port, the postgres backend."""
        return {
            **self.env,
            "SOLACE_INSTANCE_PATH": str(host.folder / "instance"),
            "SOLACE_SEARCH_BACKEND": "postgres",
            "SOLACE_SEARCH_INDEX_DIR": str(host.folder / "instance" / "search"),
            "SOLACE_MAIL_OUTBOX_DIR": str(host.folder / "outbox"),
            "BIND": f"127.0.0.1:{host.port}",
            "WEB_CONCURRENCY": str(self.web_workers),
            "GUNICORN_ACCESS_LOG": str(host.folder / "access.log"),
        }

    def _spawn(self, host: Host, args: list[str], log: str) -> subprocess.Popen:
        host.folder.mkdir(parents=True, exist_ok=True)
        with (host.folder / log).open("a") as out:
            return subprocess.Popen(
                args, cwd=ROOT, env=self.host_env(host), stdout=out, stderr=subprocess.STDOUT
            )

    def start_host(self, n: int) -> None:
        """Start host n's gunicorn and worker."""
        host = self.hosts[n]
        host.web = self._spawn(host, ["gunicorn", "-c", "gunicorn.conf.py", "app:app"], "web.log")
        if host.worker is None or host.worker.poll() is not None:
            host.worker = self._spawn(host, ["flask", "worker"], "worker.log")

    def start(self, timeout: float = 90) -> None:
        """Every host, then HAProxy; returns once HAProxy sees every host up."""
        haproxy = shutil.which("haproxy")
        if haproxy is None:
            raise RuntimeError(
                "HAProxy is not installed: `apt-get install haproxy` (.ci/run does it)."
            )
        for n in range(len(self.hosts)):
            self.start_host(n)
        servers = "\n".join(f"    server {h.name} 127.0.0.1:{h.port}" for h in self.hosts)
        config = self.workdir / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(
                port=self.port,
                stats_port=self.stats_port,
                health=HEALTH_PATH,
                interval=CHECK_INTERVAL_MS,
                servers=servers,
            )
        )
        with (self.workdir / "haproxy.log").open("w") as out:
            # -db: stay in the foreground, so this process owns it.
            self.haproxy = subprocess.Popen(
                [haproxy, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
            )
        self.wait_until(lambda s: all(v == "UP" for v in s.values()), timeout, "hosts up")

    def states(self) -> dict[str, str]:
        """What HAProxy's health checks say of each host: "UP", "DOWN", ..."""
        answer = requests.get(f"http://127.0.0.1:{self.stats_port}/stats;csv", timeout=2)
        rows = csv.DictReader(io.StringIO(answer.text.lstrip("# ")))
        return {
            row["svname"]: row["status"].split()[0]
            for row in rows
            if row["pxname"] == "hosts" and row["svname"] in {h.name for h in self.hosts}
        }

    def wait_until(self, condition, timeout: float, what: str) -> float:
        """Seconds until `condition(states())` held; RuntimeError after `timeout`."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                if condition(self.states()):
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            if self.haproxy and self.haproxy.poll() is not None:
                raise RuntimeError(f"HAProxy stopped: see {self.workdir / 'haproxy.log'}")
            time.sleep(0.1)
        raise RuntimeError(f"not {what} within {timeout} s: {self.states()}")

    def kill(self, n: int) -> list[int]:
        """SIGKILL host n's gunicorn, master and web processes, as a machine dying would;
        returns their pids. Its worker goes on (the database is where it writes)."""
        from tests.services import child_pids

        host = self.hosts[n]
        pids = [host.web.pid, *child_pids(host.web.pid)]
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):  # gone already
                os.kill(pid, signal.SIGKILL)
        host.web.wait()
        return pids

    def restart(self, n: int) -> None:
        """Start host n's gunicorn again (after `kill`)."""
        self.start_host(n)

    def web_pids(self) -> list[int]:
        """Every web process of every host."""
        from tests.services import child_pids

        return [pid for h in self.hosts if h.web for pid in child_pids(h.web.pid)]

    def workers(self) -> list[subprocess.Popen]:
        """Each host's `flask worker`."""
        return [h.worker for h in self.hosts if h.worker]

    def stop(self) -> None:
        """SIGTERM everything, as a process manager stops it; SIGKILL what lingers."""
        processes = [p for h in self.hosts for p in (h.web, h.worker) if p]
        if self.haproxy:
            processes.append(self.haproxy)
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=45)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
