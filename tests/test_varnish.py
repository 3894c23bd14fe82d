"""A real varnishd with the shipped VCL in front of the test server: hits, purges by key, editors passed through.

Needs Debian's varnish and varnish-modules (.ci/run installs them). Without them the tests are skipped with a
message on a developer's machine, and fail in CI, where they must run.
"""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from articles import services
from tests.factories import PublishedArticleFactory, UserFactory

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"varnishd did not listen on {port}")


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    if not Path(VARNISHD).exists():
        message = "varnishd is not installed (apt-get install varnish varnish-modules)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the Varnish tests")
        pytest.skip(message)
    yield from run_varnishd(live_server, tmp_path, settings, "-p", "default_grace=0")


def run_varnishd(live_server, tmp_path, settings, *options: str):
    """varnishd with the shipped VCL in front of the test server, purged by the app; yields its address."""
    backend_port = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "default.vcl"
    vcl.write_text(re.sub(r'\.port = "\d+";', f'.port = "{backend_port}";', VCL.read_text(), count=1))
    port = _free_port()
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "work"), "-a", f"127.0.0.1:{port}",
         "-f", str(vcl), "-s", "malloc,32m", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait_for(port)
        purge_url = f"http://127.0.0.1:{port}/"
        settings.NEWSROOM = {**settings.NEWSROOM, "VARNISH_PURGE_URLS": [purge_url], "SEND_SURROGATE_KEYS": True}
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def fetch(url: str, cookie: str = ""):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_a_second_request_is_a_varnish_hit_without_the_keys(varnish):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    url = varnish + story.get_absolute_url()

    first_status, first, _ = fetch(url)
    second_status, second, body = fetch(url)

    assert (first_status, second_status) == (200, 200)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert "Harbour wall repaired" in body
    assert "xkey" not in {name.lower() for name in second} and "Surrogate-Key" not in second


def test_a_withdrawal_answers_gone_through_varnish_within_a_second(varnish):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    article_url, home_url = varnish + story.get_absolute_url(), varnish + reverse("articles:home")
    for url in (article_url, home_url):
        fetch(url)
        assert fetch(url)[1]["X-Cache"] == "HIT"

    started = time.monotonic()
    services.withdraw_article(article=story)
    status, _, _ = fetch(article_url)
    elapsed = time.monotonic() - started

    assert status == 410
    assert elapsed < 1.0
    assert "Harbour wall repaired" not in fetch(home_url)[2]


def test_an_editor_with_a_session_passes_through_varnish(varnish, live_server, client):
    story = PublishedArticleFactory(headline="Harbour wall repaired")
    editor = UserFactory()  # any logged-in session (a transactional test has no role groups)
    client.force_login(editor)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    url = varnish + story.get_absolute_url()
    fetch(url)

    assert fetch(url, cookie)[1]["X-Cache"] == "PASS"
    assert fetch(varnish + "/admin/", cookie)[1]["X-Cache"] == "PASS"


def test_only_the_apps_addresses_may_purge(varnish):
    request = urllib.request.Request(varnish + "/", method="PURGE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    # From loopback (an allowed purger), a purge without keys is refused as malformed, not obeyed.
    assert refused.value.code == 400
