"""`make run` serves the site as readers get it: DEBUG off (the site's own 404 and 500 pages), plain HTTP on this
machine, static files from whitenoise, uploads served; `make run DEBUG=1` is Django's debug mode."""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path

import newsroom.urls

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_PROBE = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG, "ALLOWED_HOSTS": s.ALLOWED_HOSTS, "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE, "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SERVE_MEDIA": s.SERVE_MEDIA, "REQUIRE_2FA": s.NEWSROOM_REQUIRE_2FA,
    "STATIC": s.STORAGES["staticfiles"]["BACKEND"], "WHITENOISE": "whitenoise.middleware.WhiteNoiseMiddleware" in s.MIDDLEWARE,
}))
"""


def run_environment(*make_args: str) -> dict[str, str]:
    """The variables `make run` gives the web server, read from the Makefile's dry run (nothing is started)."""
    out = subprocess.run(["make", "-n", "run", *make_args], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if "manage.py runserver" in line.split(";")[-1])
    words = shlex.split(line.split(";")[-1].strip())
    return dict(word.split("=", 1) for word in words[: words.index(next(w for w in words if "=" not in w))])


def settings_under(environment: dict[str, str]) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "ALLOWED_HOSTS", "SECRET_KEY"}}
    env |= environment | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    out = subprocess.run([sys.executable, "-c", SETTINGS_PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_make_run_serves_with_debug_off_on_plain_http_locally():
    running = settings_under(run_environment())

    assert running["DEBUG"] is False
    assert {"127.0.0.1", "localhost"} <= set(running["ALLOWED_HOSTS"]) and "*" not in running["ALLOWED_HOSTS"]
    assert not running["SECURE_SSL_REDIRECT"] and not running["SESSION_COOKIE_SECURE"]
    assert running["SECURE_HSTS_SECONDS"] == 0
    assert running["SERVE_MEDIA"] and not running["REQUIRE_2FA"], "pictures show; the demo logins work"
    assert running["WHITENOISE"] and running["STATIC"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_debug_mode_is_one_variable_away():
    assert settings_under(run_environment("DEBUG=1"))["DEBUG"] is True


def _fails(request):
    raise RuntimeError("a fault on our side")


urlpatterns = [path("fails/", _fails), *newsroom.urls.urlpatterns]
handler404, handler500 = newsroom.urls.handler404, newsroom.urls.handler500


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_without_debug_readers_get_the_sites_own_404_and_500_pages(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    missing = client.get("/no/such/page/")
    broken = client.get("/fails/")

    assert missing.status_code == 404 and "<h1>Page not found</h1>" in missing.content.decode()
    assert "Go to the front page" in missing.content.decode() and "Traceback" not in missing.content.decode()
    assert broken.status_code == 500 and "<h1>Something went wrong</h1>" in broken.content.decode()
