"""A small newsroom of machines on loopback, for tests/cluster: two app instances that share no disk (each its own
working folder, MEDIA_ROOT, temporary folder and static files), a worker beside each, two Varnish nodes (each in
front of one instance, its purges reaching it through a proxy the test can cut), SeaweedFS for pictures, and one
PostgreSQL (through a proxy the test can cut) and Redis. Everything is started and stopped by the test.

The test talks HTTP to the instances and nodes, and reads the cluster's database directly (psycopg) to wait on
what the workers do. Nothing here imports the project: the instances are separate processes, as machines are.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from tests.faultproxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HOST = "127.0.0.1"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
WORKER_COMMAND = ["manage.py", "run_worker"]
LEASE_SECONDS = 8  # the workers' task lease in this cluster: a dead worker's task runs again after it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, every: float = 0.2, what: str = "the condition"):
    """Poll ``condition`` until it returns something truthy; fail (never hang) after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(every)


def wait_for_port(port: int, *, timeout: float = 30) -> None:
    def listening():
        with socket.socket() as probe:
            return probe.connect_ex((HOST, port)) == 0

    wait_until(listening, timeout=timeout, what=f"something to listen on {port}")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), "")


def http_request(port: int, method: str, path: str, *, headers=None, body: bytes | None = None) -> Answer:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


class Process:
    """A child process with its output in a log file; ``kill()`` is a kill -9, ``stop()`` a SIGTERM."""

    def __init__(self, name: str, command: list[str], *, cwd: Path, env: dict, log_dir: Path):
        self.name, self.command, self.cwd, self.env = name, command, cwd, env
        self.log = log_dir / f"{name}.log"
        self.popen: subprocess.Popen | None = None

    def start(self) -> Process:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(  # noqa: S603 (our interpreter and fixed arguments)
                self.command, cwd=self.cwd, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    @property
    def pid(self) -> int:
        return self.popen.pid

    def kill(self) -> None:
        """kill -9 of the process and its children (gunicorn's workers): a machine lost."""
        if self.alive:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        if self.alive:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:]) if self.log.exists() else ""


@dataclass
class Instance:
    """One app machine: its own folder, gunicorn and a worker."""

    name: str
    folder: Path
    port: int
    env: dict
    web: Process | None = None
    worker: Process | None = None

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(  # noqa: S603
            [PYTHON, str(ROOT / "manage.py"), *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )

    def manage_async(self, *args: str) -> subprocess.Popen:
        """A ``manage.py`` command started and left running (cron on this machine); the caller waits on it."""
        return subprocess.Popen(  # noqa: S603
            [PYTHON, str(ROOT / "manage.py"), *args],
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def shell(self, code: str) -> dict | list:
        """Python run in this instance's Django (``manage.py shell -c``); it prints one JSON value last."""
        output = self.manage("shell", "-c", code).stdout.strip().splitlines()
        return json.loads(output[-1])

    def start_worker(self, log_dir: Path) -> None:
        command = [PYTHON, str(ROOT / WORKER_COMMAND[0]), *WORKER_COMMAND[1:]]
        self.worker = Process(f"{self.name}-worker", command, cwd=self.folder, env=self.env, log_dir=log_dir).start()


@dataclass
class VarnishNode:
    name: str
    folder: Path
    port: int
    backend_port: int
    purge_proxy: FaultProxy | None = None  # between the app and this node's purges: cut it, the node is unreachable
    process: Process | None = None

    def start(self, log_dir: Path) -> None:
        vcl = self.folder / "default.vcl"
        vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{self.backend_port}";', VCL.read_text(), count=1))
        command = [VARNISHD, "-F", "-j", "none", "-n", str(self.folder / "work"), "-a", f"{HOST}:{self.port}",
                   "-f", str(vcl), "-s", "malloc,64m", "-p", "default_grace=0"]  # fmt: skip
        self.process = Process(self.name, command, cwd=self.folder, env=dict(os.environ), log_dir=log_dir).start()
        wait_for_port(self.port)

    @property
    def purge_url(self) -> str:
        return f"http://{HOST}:{self.purge_proxy.port}/"


@dataclass
class Cluster:
    root: Path
    database_url: str  # the server's address; the cluster gets a database of its own there
    redis_url: str
    storage_env: dict  # the object store's settings (SeaweedFS), the same for every instance
    instances: list[Instance] = field(default_factory=list)
    nodes: list[VarnishNode] = field(default_factory=list)
    database_proxy: FaultProxy | None = None
    database_name: str = ""
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    # --- start and stop ---

    def start(self) -> Cluster:
        self.logs = self.root / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        server = urllib.parse.urlsplit(self.database_url)
        self.database_name = f"newsroom_cluster_{os.getpid()}"
        self._admin_sql(f'DROP DATABASE IF EXISTS "{self.database_name}"', f'CREATE DATABASE "{self.database_name}"')
        self.database_proxy = FaultProxy(server.hostname, server.port or 5432).start()
        proxied = server._replace(
            netloc=f"{server.username or 'postgres'}@{HOST}:{self.database_proxy.port}", path=f"/{self.database_name}"
        ).geturl()
        ports = [free_port(), free_port()]
        self.nodes = [
            VarnishNode(f"varnish-{n}", self._folder(f"varnish-{n}"), free_port(), ports[n]) for n in range(2)
        ]
        for node in self.nodes:
            node.purge_proxy = FaultProxy(HOST, node.port).start()
        for n, name in enumerate(("a", "b")):
            folder = self._folder(f"instance-{name}")
            self.instances.append(Instance(name, folder, ports[n], self._env(folder, proxied)))
        first = self.instances[0]
        first.manage("migrate", "--noinput", "-v0")
        for instance in self.instances:  # each machine has its own copy of the static files
            instance.manage("collectstatic", "--noinput", "-v0")
        for node in self.nodes:
            node.start(self.logs)
        for instance in self.instances:
            self.start_web(instance)
            instance.start_worker(self.logs)
        return self

    def stop(self) -> None:
        for instance in self.instances:
            for process in (instance.worker, instance.web):
                if process is not None:
                    process.stop()
        for node in self.nodes:
            if node.process is not None:
                node.process.stop()
            if node.purge_proxy is not None:
                node.purge_proxy.close()
        if self.database_proxy is not None:
            self.database_proxy.close()
        with contextlib.suppress(psycopg.Error):
            self._admin_sql(f'DROP DATABASE IF EXISTS "{self.database_name}" WITH (FORCE)')

    def start_web(self, instance: Instance) -> None:
        command = [PYTHON, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"{HOST}:{instance.port}", "--workers", "2",
                   "--timeout", "60", "--chdir", str(ROOT), "--log-level", "warning"]  # fmt: skip
        gunicorn_conf = ROOT / "deploy" / "gunicorn.conf.py"
        if gunicorn_conf.exists():
            command += ["--config", str(gunicorn_conf)]
        instance.web = Process(
            f"{instance.name}-web", command, cwd=instance.folder, env=instance.env, log_dir=self.logs
        )
        instance.web.start()
        wait_until(
            lambda: self._answers(instance.port),
            timeout=60,
            what=f"instance {instance.name} to answer:\n{instance.web.tail()}",
        )

    def _answers(self, port: int) -> bool:
        try:
            return http_request(port, "GET", "/healthz?live").status == 200
        except OSError:
            return False

    def _folder(self, name: str) -> Path:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _env(self, folder: Path, database_url: str) -> dict:
        tmp = folder / "tmp"
        tmp.mkdir(exist_ok=True)
        keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "PYTHONPATH") if name in os.environ}
        return {
            **keep,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "TMPDIR": str(tmp),
            "DEBUG": "0",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SECURE_HTTPS": "0",
            "DATABASE_URL": database_url,
            "REDIS_URL": self.redis_url,
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "VARNISH_PURGE_URLS": ",".join(node.purge_url for node in self.nodes),
            "TRUSTED_PROXIES": HOST,
            "WEBHOOK_ALLOW_PRIVATE_HOSTS": "1",
            "IMPORT_ALLOW_PRIVATE_HOSTS": "1",
            "WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
            "WORKER_HEARTBEAT_SECONDS": "1",
            # The desk's second factor is off for the test's editor only: a cluster test, not a benchmark.
            "NEWSROOM_REQUIRE_2FA": "0",
            "LOG_LEVEL": "WARNING",
            **self.storage_env,
        }

    # --- the database, read directly ---

    def _admin_sql(self, *statements: str) -> None:
        server = urllib.parse.urlsplit(self.database_url)._replace(path="/postgres").geturl()
        with psycopg.connect(server, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def sql(self, query: str, params=()) -> list[tuple]:
        url = urllib.parse.urlsplit(self.database_url)._replace(path=f"/{self.database_name}").geturl()
        with psycopg.connect(url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()


class Desk:
    """An editor's browser on one instance: a session cookie, CSRF tokens from the forms, multipart posts."""

    def __init__(self, port: int, session_key: str, csrf_token: str):
        self.port = port
        self.cookies = {"sessionid": session_key, "csrftoken": csrf_token}
        self.csrf_token = csrf_token

    def on(self, port: int) -> Desk:
        """The same browser, talking to another instance (a load balancer's next pick)."""
        return Desk(port, self.cookies["sessionid"], self.csrf_token)

    def _headers(self, extra=None) -> dict:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        return {"Cookie": cookie, "Host": f"{HOST}:{self.port}", **(extra or {})}

    def get(self, path: str) -> Answer:
        return http_request(self.port, "GET", path, headers=self._headers())

    def post(self, path: str, fields: dict, files: dict[str, tuple[str, bytes, str]] | None = None) -> Answer:
        boundary = secrets.token_hex(16)
        parts = []
        for name, values in {**fields, "csrfmiddlewaretoken": self.csrf_token}.items():
            for value in values if isinstance(values, list) else [values]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
        for name, (filename, data, content_type) in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = self._headers(
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": f"http://{HOST}:{self.port}{path}",
                "Origin": f"http://{HOST}:{self.port}",
            }
        )
        return http_request(self.port, "POST", path, headers=headers, body=body)


__all__ = [
    "Answer",
    "Cluster",
    "Desk",
    "Instance",
    "Process",
    "VarnishNode",
    "free_port",
    "http_request",
    "wait_until",
]
