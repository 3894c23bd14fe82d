import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.browser import browser  # noqa: F401  (the shared fixture for the browser tests)
from tests.factories import UserFactory
from tests.services.seaweedfs import s3_media, seaweedfs  # noqa: F401  (a real S3 store: object storage tests)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the test database is a file, as the site's is, not Django's in-memory one: with an in-memory database
    the live server hands every request thread the one connection the tests hold (LiveServerThread's
    connections_override), so two requests at once (the story form's autosave or lock heartbeat beside a picker's
    search or a save) run on one sqlite3 connection together, and inside each other's transactions: InterfaceError
    "bad parameter or other API misuse" (a 503), or a 400 from the picker's search. With a file each thread has its
    own connection and SQLite's locking, as in production."""
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] == "django.db.backends.sqlite3":
        default.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "newsroom-tests.sqlite3")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """MD5 instead of PBKDF2: the tests check who may do what, not how strong a stored hash is, and PBKDF2 costs
    0.3-3 s for every user a test makes or logs in. Session-wide, so module-level fixtures get it too."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    """Tasks run as they are queued (renditions after an upload, purges, imports), so a test sees their effect;
    tests/test_worker.py runs them through the real queue and worker processes instead."""
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files and renditions go to a throwaway folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_oembed_lookups(settings):
    """No test reaches a provider: in a closed network the name lookup alone can stall a save for seconds."""
    settings.NEWSROOM = {**settings.NEWSROOM, "OEMBED_LOOKUPS": False}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Ids repeat between tests (SQLite reuses them): a list cached in one test must not leak into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a write leaves for after its commit (the purges), as a real commit would."""

    def run(write, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(*args, **kwargs)

    return run


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
