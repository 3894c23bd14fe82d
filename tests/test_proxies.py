"""Forwarded headers count only from the proxies in front: Varnish sets X-Forwarded-For and X-Forwarded-Proto itself
(deploy/varnish/default.vcl), the app believes them only from TRUSTED_PROXIES (newsroom/proxies.py), and gunicorn's
shipped config (deploy/gunicorn.conf.py) trusts the same list. A reader's forged scheme or host can neither change
the page it gets nor the page Varnish keeps for everyone else."""

import http.client
import os
import re
import runpy
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import PublishedArticleFactory
from tests.test_varnish import varnish  # noqa: F401 (the fixture: a real varnishd with the shipped VCL)

ROOT = Path(__file__).resolve().parent.parent
FORWARDER = "127.0.0.1"  # in the shipped VCL's `forwarders` ACL: a TLS terminator on Varnish's machine
READER = "127.0.0.9"  # anyone else reaching Varnish (a loopback address of its own, so not in the ACL)
OTHER_READER = "127.0.0.10"
FORGED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "6.6.6.6"}


def send(base: str, path: str, *, peer: str = READER, method: str = "GET", headers=None, body=None):
    """One request to ``base`` from the loopback address ``peer``: (status, headers, text)."""
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10, source_address=(peer, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


# What a gunicorn of the tests' own is started with (each test adds its database, Redis, proxies).
SERVER_ENV = {
    **{key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}},
    "ALLOWED_HOSTS": "127.0.0.1",
    "DEBUG": "0",
    "SECURE_HTTPS": "0",
    "PAGE_CACHE": "0",
    "NEWSROOM_REQUIRE_2FA": "0",
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict) -> tuple[subprocess.Popen, int]:
    """A gunicorn of its own (one worker process), with the shipped config, on a free port."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz?live", timeout=2):
                return process, port
        except OSError:
            assert process.poll() is None, "gunicorn stopped"
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def origin_facts(headers, html: str) -> dict:
    """Everything in a page that names an origin: its script-src (less the per-request nonce), its canonical and
    og:url links, and every absolute address in it."""
    script_src = re.search(r"script-src ([^;]*)", headers["Content-Security-Policy"]).group(1)
    return {
        "script-src": re.sub(r"'nonce-[^']*'\s*", "", script_src).strip(),
        "canonical": re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1),
        "og:url": re.search(r'<meta property="og:url" content="([^"]*)"', html).group(1),
        "absolute": sorted(set(re.findall(r"https?://[^\s\"'<>\\]+", html))),
    }


@pytest.mark.django_db(transaction=True)
def test_forged_forwarded_headers_neither_change_a_page_nor_poison_the_cached_copy(varnish):  # noqa: F811
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    path = story.get_absolute_url()
    status, headers, html = send(varnish, path, peer=OTHER_READER)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    plain = origin_facts(headers, html)
    assert plain["script-src"] == f"{varnish}/static/" and plain["canonical"].startswith(varnish + "/")
    # The story's copy leaves Varnish (as any edit would make it), so the forged request is the one it keeps.
    assert send(varnish, "/", peer=FORWARDER, method="PURGE", headers={"xkey": f"a{story.pk}"})[0] == 200

    status, headers, html = send(varnish, path, peer=READER, headers=FORGED)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert origin_facts(headers, html) == plain
    assert "evil.example" not in html + str(headers) and "https://127.0.0.1" not in html

    status, headers, html = send(varnish, path, peer=OTHER_READER)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert origin_facts(headers, html) == plain


@pytest.mark.django_db(transaction=True)
def test_a_tls_terminator_in_front_gets_https_pages_kept_apart_from_plain_ones(varnish):  # noqa: F811
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    path = story.get_absolute_url()
    secure_origin = "https://" + urlsplit(varnish).netloc
    over_tls = {"X-Forwarded-Proto": "https"}

    status, headers, html = send(varnish, path, peer=FORWARDER, headers=over_tls)
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert origin_facts(headers, html)["script-src"] == f"{secure_origin}/static/"
    assert origin_facts(headers, html)["canonical"] == secure_origin + path

    status, headers, html = send(varnish, path, peer=READER)  # a plain reader: another object, not the https one
    assert (status, headers["X-Cache"]) == (200, "MISS")
    assert origin_facts(headers, html)["script-src"] == f"{varnish}/static/"

    status, headers, html = send(varnish, path, peer=FORWARDER, headers=over_tls)
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert origin_facts(headers, html)["canonical"] == secure_origin + path


@pytest.mark.django_db
def test_the_app_ignores_forwarded_scheme_and_host_from_a_peer_that_is_not_a_trusted_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    story = PublishedArticleFactory()
    forged = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_HOST": "evil.example"}

    direct = client.get(story.get_absolute_url(), REMOTE_ADDR="203.0.113.9", **forged)
    behind = client.get(story.get_absolute_url(), REMOTE_ADDR="10.1.2.3", **forged)

    assert origin_facts(direct.headers, direct.text)["script-src"] == "http://testserver/static/"
    assert origin_facts(direct.headers, direct.text)["canonical"].startswith("http://testserver/")
    assert origin_facts(behind.headers, behind.text)["script-src"] == "https://testserver:80/static/"
    assert "evil.example" not in direct.text + behind.text  # the host is never taken from a header


@pytest.mark.django_db
def test_with_no_trusted_proxies_even_loopback_cannot_say_https(client, settings):
    settings.TRUSTED_PROXIES = []
    story = PublishedArticleFactory()
    response = client.get(story.get_absolute_url(), HTTP_X_FORWARDED_PROTO="https")  # from 127.0.0.1
    assert origin_facts(response.headers, response.text)["script-src"] == "http://testserver/static/"


def test_gunicorns_shipped_config_trusts_the_apps_proxies_and_only_x_forwarded_proto(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1")
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["forwarded_allow_ips"] == "10.0.0.0/8,127.0.0.1"
    assert config["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}  # not X-Forwarded-Ssl/-Protocol
    assert config["forwarder_headers"] == ""  # no SCRIPT_NAME or PATH_INFO from a header

    monkeypatch.delenv("TRUSTED_PROXIES")
    default = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["forwarded_allow_ips"]
    assert default.split(",") == _settings_in_a_fresh_process("TRUSTED_PROXIES")


def _settings_in_a_fresh_process(name: str, **env):
    keep = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    keep |= {"SECRET_KEY": "proxies-test-secret-key-0123456789abcdef", "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    code = f"from django.conf import settings; print(','.join(settings.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**keep, **env}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 or env, result.stderr
    return result.stdout.strip().split(",") if result.returncode == 0 else result.stderr


def test_a_bad_trusted_proxy_or_the_old_behind_proxy_switch_stops_the_site_with_a_message():
    assert "TRUSTED_PROXIES: 'lb.internal' is not an address" in _settings_in_a_fresh_process(
        "TRUSTED_PROXIES", TRUSTED_PROXIES="10.0.0.0/8,lb.internal"
    )
    assert "BEHIND_PROXY is gone" in _settings_in_a_fresh_process("TRUSTED_PROXIES", BEHIND_PROXY="1")
    assert _settings_in_a_fresh_process("TRUSTED_PROXIES", TRUSTED_PROXIES="10.0.0.0/8, 2001:db8::/32") == [
        "10.0.0.0/8",
        "2001:db8::/32",
    ]


def test_behind_gunicorns_shipped_config_only_the_apps_proxies_say_https_and_no_header_moves_the_links(tmp_path):
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = {**SERVER_ENV, "SECRET_KEY": "proxies-test-secret-key-0123456789abcdef", "DATABASE_URL": database}
    env["DEBUG"] = "1"  # static files from the app's folders, with no collectstatic run
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, capture_output=True)
    sneaky = {"X-Forwarded-Ssl": "on", "X-Forwarded-Protocol": "ssl", "SCRIPT_NAME": "/evil"}
    seen = {}
    for trusted in ("127.0.0.1", "10.0.0.0/8"):  # this test's peer is the trusted proxy, then it is not
        process, port = serve({**env, "TRUSTED_PROXIES": trusted})
        base = f"http://127.0.0.1:{port}"
        try:
            for name, headers in (("https", {"X-Forwarded-Proto": "https"}), ("sneaky", sneaky)):
                status, response_headers, html = send(base, "/", peer="127.0.0.1", headers=headers)
                assert status == 200, html[:500]
                seen[trusted, name] = origin_facts(response_headers, html)["script-src"]
                assert "/evil" not in html
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert seen["127.0.0.1", "https"].startswith("https://")  # the app's proxy, and gunicorn's: believed
    # Not a proxy to the app, so not to gunicorn either (its own default trusts 127.0.0.1 and would say https).
    assert seen["10.0.0.0/8", "https"].startswith("http://")
    # X-Forwarded-Ssl and -Protocol are not gunicorn's to believe here, from anyone.
    assert seen["127.0.0.1", "sneaky"].startswith("http://") and seen["10.0.0.0/8", "sneaky"].startswith("http://")
