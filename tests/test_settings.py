"""Production is secure by default; a missing SECRET_KEY stops the site with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP = {"PATH", "HOME", "LANG", "PYTHONPATH", "SYSTEMROOT"}


def manage(*args, **env):
    clean = {key: value for key, value in os.environ.items() if key in KEEP}
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_the_site_refuses_to_start_without_a_secret_key():
    result = manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_only_secret_key_and_allowed_hosts():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-key-8c1f0e7e2b9d4a6f9e3c1b5a7d2f4e6c8a0b2d4f",
        ALLOWED_HOSTS="news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_local_plain_http_switches_the_https_settings_off_explicitly():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE)",
        DEBUG="1",
        SECURE_HTTPS="0",
    )
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_only_the_desk_allows_alpines_eval_readers_pages_keep_the_strict_script_policy(client, editor_client):
    desk = editor_client.get("/admin/").headers["Content-Security-Policy"]
    home = client.get("/").headers["Content-Security-Policy"]
    assert "'unsafe-eval'" in desk and "/admin/jsi18n/" in desk
    assert "'unsafe-eval'" not in home and "jsi18n" not in home
