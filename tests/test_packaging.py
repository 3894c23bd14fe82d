"""``pip install .``: a wheel of the site (the apps, their migrations, templates and static files), installed into a
virtualenv of its own and run from outside the checkout: it migrates, collects its static files with the production
storage and serves the front page and a story.

Slow (a wheel build and a migrate): about a minute. Offline: the wheel is built without build isolation by the
project's own pinned setuptools, and the new virtualenv borrows the project's installed dependencies (a .pth file)
rather than downloading them again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from newsroom import __version__

ROOT = Path(__file__).resolve().parent.parent
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "media", "staticfiles", "artifacts", "__pycache__", "*.pyc", "db.sqlite3*",
    "build", "*.egg-info", ".pytest_cache", ".ruff_cache",
)  # fmt: skip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the tree, so the build leaves nothing in the checkout."""
    source, out = tmp_path_factory.mktemp("source") / "newsroom", tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation", "-w", str(out)]
    subprocess.run(command, check=True, capture_output=True, text=True)
    (built,) = out.glob("newsroom-*.whl")
    return built


def test_the_wheel_is_versioned_and_carries_the_apps_migrations_templates_and_static_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())

    assert wheel.name == f"newsroom-{__version__}-py3-none-any.whl"
    for app in ("newsroom", "articles", "desk", "pagecache", "live", "ingest", "api", "pages", "worker"):
        assert f"{app}/__init__.py" in names
        assert f"{app}/migrations/0001_initial.py" in names or app == "desk"
    assert {"newsroom/templates/base.html", "newsroom/templates/articles/article.html"} <= names
    assert any(name.startswith("newsroom/static/css/") for name in names)
    assert "articles/management/commands/make_renditions.py" in names
    assert not any(name.startswith(("tests/", "conformance/", "deploy/")) for name in names)


def test_the_installed_wheel_migrates_collects_static_files_and_serves_pages(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], capture_output=True, text=True
        ).stdout.strip()
    )
    (site / "newsroom-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")  # the project's, offline
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)]
    subprocess.run(install, check=True, capture_output=True, text=True)

    workdir = tmp_path / "elsewhere"  # not the checkout: nothing may come from it
    workdir.mkdir()
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTHON", "DATABASE_"))
    } | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "SECRET_KEY": "packaging-test-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "0",
        "SECURE_HTTPS": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }

    def run(*args: str) -> str:
        done = subprocess.run([*args], cwd=workdir, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done.stdout

    where = run(str(python), "-c", "import newsroom, articles; print(newsroom.__file__, articles.__file__)")
    assert all(str(site) in path for path in where.split())
    newsroom = str(venv / "bin" / "newsroom")  # the console script
    run(newsroom, "migrate", "--noinput", "-v0")
    run(newsroom, "collectstatic", "--noinput", "-v0")
    assert (tmp_path / "static" / "staticfiles.json").exists()  # the manifest storage of production
    served = run(newsroom, "shell", "--no-imports", "-c", _SERVE_PAGES)
    assert served.split() == ["200", "200", "Harbour", "wall", "repaired", "200"]


_SERVE_PAGES = """
from django.test import Client
from articles.models import Article, Section
from django.utils import timezone
section = Section.objects.create(name="News", slug="news")
story = Article.objects.create(headline="Harbour wall repaired", slug="harbour-wall", body="<p>Done.</p>",
                               section=section, status="published", published_at=timezone.now())
client = Client()
home, page = client.get("/"), client.get(story.get_absolute_url())
print(home.status_code, page.status_code, "Harbour wall repaired" if b"Harbour wall repaired" in page.content else "-")
print(client.get("/healthz?live").status_code)
"""
