"""Imports running at once lose no story: an author, agency or topic that another import creates between this run's
look-up and its own insert is taken from the database (ingest.importers.lookups: the insert in a savepoint, the
other worker's row read on the unique constraint's refusal), and the run never keeps a stale "not found"."""

import contextlib
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from articles import services
from articles.models import Article, Author, Image, Source, Topic
from ingest.importers import lookups
from ingest.importers.run import run_import
from tests.factories import AuthorFactory, ImageFactory, SourceFactory, TopicFactory, jpeg_bytes
from tests.importing import ninjs_story, write_ninjs

NEW = {"author": "Jane Newcomer", "source": "Harbour Wire", "topic": "Harbours"}


def stories(prefix: str, count: int) -> list[dict]:
    return [
        ninjs_story(
            f"urn:newsroom:test:{prefix}-{n}",
            headline=f"Harbour story {prefix} {n}",
            byline=NEW["author"],
            copyrightholder=NEW["source"],
            subject=[{"name": NEW["topic"]}],
        )
        for n in range(count)
    ]


def existing(kind: str):
    """The row an earlier import (or an editor) made for ``kind``'s name."""
    if kind == "author":
        return AuthorFactory(name=NEW["author"], slug="jane-newcomer")
    return {"source": SourceFactory, "topic": TopicFactory}[kind](name=NEW[kind])


def outcomes(report) -> list[str]:
    return [item.outcome.value for item in report.items]


class _LooksTooEarly:
    """A model as ``lookups`` sees it, whose first look-up ran before another import committed the row: it finds
    nothing once, then sees the database as it is. Creating goes to the real model (and meets that row)."""

    def __init__(self, model):
        self.model, self.missed = model, False

    @property
    def objects(self):
        return self

    def filter(self, *args, **kwargs):
        if not self.missed:
            self.missed = True
            return self.model.objects.none()
        return self.model.objects.filter(*args, **kwargs)

    def create(self, **fields):
        return self.model.objects.create(**fields)


@pytest.mark.django_db
def test_a_row_another_import_created_since_the_look_up_is_used_and_later_stories_go_in_too(tmp_path, monkeypatch):
    author, source, topic = existing("author"), existing("source"), existing("topic")
    for name, model in (("Author", Author), ("Source", Source), ("Topic", Topic)):
        monkeypatch.setattr(lookups, name, _LooksTooEarly(model))

    report = run_import([write_ninjs(tmp_path / "wire.jsonl", *stories("a", 3))])

    assert outcomes(report) == ["created"] * 3, [item.reason for item in report.items]
    for article in Article.objects.all():
        assert list(article.authors.all()) == [author] and article.source == source
        assert list(article.topics.all()) == [topic]
    assert (Author.objects.count(), Source.objects.count(), Topic.objects.count()) == (1, 1, 1)


class _AtOnce:
    """Holds each thread's first insert of ``model`` until the other thread reaches its own: both imports have
    looked the row up and found nothing, and both insert it at the same moment."""

    def __init__(self, monkeypatch, model):
        self.barrier, self.local, original = threading.Barrier(2), threading.local(), model.save

        def save(instance, *args, **kwargs):
            if instance._state.adding and not getattr(self.local, "waited", False):
                self.local.waited = True
                with contextlib.suppress(threading.BrokenBarrierError):  # the other found the row: no race
                    self.barrier.wait(timeout=10)
            return original(instance, *args, **kwargs)

        monkeypatch.setattr(model, "save", save)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("new", ["author", "source", "topic"])
def test_two_workers_importing_stories_with_the_same_new_name_at_once_lose_no_story(tmp_path, monkeypatch, new):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: two imports cannot insert the same row at once")
    model = {"author": Author, "source": Source, "topic": Topic}[new]
    # Only ``new`` is new to the site: the race is on that row (the others are found by both workers).
    for kind in set(NEW) - {new}:
        existing(kind)
    _AtOnce(monkeypatch, model)
    files = [write_ninjs(tmp_path / f"{worker}.jsonl", *stories(worker, 4)) for worker in ("one", "two")]
    reports, errors = {}, []

    def work(path):
        try:
            reports[path.stem] = run_import([path])
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    for worker, report in reports.items():
        assert outcomes(report) == ["created"] * 4, (worker, [item.reason for item in report.items])
    assert Article.objects.count() == 8
    assert model.objects.count() == 1
    shared = model.objects.get()
    relation = {"author": "authors", "source": None, "topic": "topics"}[new]
    for article in Article.objects.all():
        linked = [article.source] if relation is None else list(getattr(article, relation).all())
        assert linked == [shared]


@pytest.mark.django_db
def test_a_picture_another_import_added_a_moment_ago_is_used_not_lost(monkeypatch, settings):
    """Two imports bring in the same new picture at once: the one whose insert loses the race (its look for a
    duplicate came before the other's row) uses the other's row and leaves no file of its own, instead of failing."""
    data = jpeg_bytes(640, 360, (10, 20, 30))
    theirs = ImageFactory(data=data)
    looks = []

    def looked_too_early(_data):
        looks.append(1)
        return None if len(looks) == 1 else Image.objects.get(pk=theirs.pk)

    monkeypatch.setattr(services, "find_duplicate_image", looked_too_early)
    files_before = sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())

    image, created = services.save_image(data=data, filename="same.jpg", alt_text="Same")

    assert (image.pk, created) == (theirs.pk, False)
    assert sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()) == files_before
