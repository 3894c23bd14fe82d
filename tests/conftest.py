import pytest
from django.core.cache import cache

from tests.browser import browser  # noqa: F401  (the shared fixture for the browser tests)
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files and renditions go to a throwaway folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Ids repeat between tests (SQLite reuses them): a list cached in one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def writer(db):
    return UserFactory(username="writer", role="Writer")


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", role="Editor")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
