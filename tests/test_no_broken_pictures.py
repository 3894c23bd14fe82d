"""Never a broken picture: every picture address a reader's page prints (each <img> src and srcset, each <source>
srcset) is a file that is there, right after `make demo` loads the demo and right after an editor uploads a
picture, with no task worker having run yet (the worker used to make them a minute or two later)."""

import re
import shlex
import subprocess
from html import unescape
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles import renditions
from articles.demo import pictures
from articles.models import Article, Image, Section
from ingest.importers import write as import_write
from ingest.importers.run import run_import
from tests.factories import PublishedArticleFactory, SectionFactory, jpeg_bytes
from tests.importing import ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
ADDRESSES = re.compile(r'<(?:img|source)\b[^>]*?\b(src|srcset)="([^"]*)"', re.I)


@pytest.fixture
def no_worker(settings):
    """Tasks queued and never run: what a page shows before the worker has caught up (or with none running)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def picture_addresses(html: str) -> set[str]:
    found = set()
    for attribute, value in ADDRESSES.findall(html):
        value = unescape(value)
        found |= {part.strip().split(" ")[0] for part in value.split(",")} if attribute == "srcset" else {value}
    return {address for address in found if address}


def missing_pictures(client, paths: list[str], media_url: str) -> tuple[list[str], int]:
    """Each page's picture addresses that would answer 404 (not stored, or an empty file), and how many were seen."""
    missing, seen = [], 0
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        for address in picture_addresses(response.content.decode()):
            assert address.startswith(media_url), f"{path}: {address} is not a media address"
            seen += 1
            stored = address.removeprefix(media_url)
            if not default_storage.exists(stored) or default_storage.size(stored) == 0:
                missing.append(f"{path}: {address}")
    return missing, seen


def make_demo_commands() -> list[list[str]]:
    """The manage.py commands `make demo` runs after migrating, read from the Makefile's dry run."""
    out = subprocess.run(["make", "-n", "demo"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    commands = []
    for line in out.splitlines():
        words = shlex.split(line)
        if "manage.py" in words and "migrate" not in words:
            commands.append(words[words.index("manage.py") + 1 :])
    return commands


def test_every_picture_on_the_home_article_and_list_pages_is_there_right_after_make_demo(
    client, no_worker, monkeypatch, settings
):
    # Smaller drawings than the demo's 1280×720 (the pictures' sizes do not change what is checked: every address
    # the pages print for them), so the load takes seconds.
    draw = pictures.make_picture
    monkeypatch.setattr(pictures, "make_picture", lambda **kwargs: draw(**{**kwargs, "width": 480, "height": 270}))
    commands = make_demo_commands()
    assert ["load_demo"] in commands and ["make_renditions"] in commands
    for command in commands:
        call_command(*command, verbosity=0)

    story = Article.objects.published().filter(lead_image__isnull=False, inline_images__isnull=False).first()
    paths = [
        "/",
        story.get_absolute_url(),
        *(section.get_absolute_url() for section in Section.objects.all()),
        story.regions.first().get_absolute_url(),
        story.topics.first().get_absolute_url(),
    ]
    missing, seen = missing_pictures(client, paths, settings.MEDIA_URL)
    assert seen > 40, "the pages show the demo's pictures"
    assert not missing, missing


def test_a_picture_uploaded_on_the_desk_is_there_on_every_page_before_any_worker_runs(
    editor_client, client, no_worker, settings
):
    world = SectionFactory(name="World", slug="world")
    upload = SimpleUploadedFile("harbour.jpg", jpeg_bytes(1600, 900, (30, 80, 120)), content_type="image/jpeg")
    editor_client.post(reverse("admin:articles_image_upload"), {"files": upload, "credit": "PA"})
    dropped = editor_client.post(
        reverse("admin:articles_image_drop"),
        {"file": SimpleUploadedFile("fire.jpg", jpeg_bytes(1200, 800, (150, 60, 20)), content_type="image/jpeg")},
    )
    assert dropped.status_code == 200
    uploaded, dropped_picture = Image.objects.order_by("pk")
    story = PublishedArticleFactory(section=world, lead_image=uploaded)
    PublishedArticleFactory(section=world, lead_image=dropped_picture)

    missing, seen = missing_pictures(client, ["/", story.get_absolute_url(), "/world/"], settings.MEDIA_URL)
    assert seen >= 10
    assert not missing, missing


def test_a_rendition_left_empty_by_a_full_disk_is_made_again(no_worker):
    picture = Image.objects.create(
        content_hash=renditions.content_hash(b"x"), width=1600, height=900, file_size=1, original_name="a.jpg"
    )
    picture.file.save("original.jpg", SimpleUploadedFile("a.jpg", jpeg_bytes(1600, 900)), save=True)
    renditions.make_renditions(picture)
    hero = renditions.rendition(picture, "hero").fallback
    default_storage.delete(hero.path)
    default_storage.save(hero.path, SimpleUploadedFile("empty", b""))

    assert renditions.make_renditions(picture) == 1
    assert default_storage.size(hero.path) > 0


def test_an_imported_story_published_at_once_shows_every_picture_before_any_worker_runs(
    client, no_worker, settings, tmp_path
):
    SectionFactory(slug="news")
    write_picture(tmp_path / "ferry.jpg")
    run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture="ferry.jpg"))], publish=True, section="news")

    story = Article.objects.published().get()
    missing, seen = missing_pictures(client, ["/", story.get_absolute_url()], settings.MEDIA_URL)
    assert story.lead_image_id and seen >= 4
    assert not missing, missing


def test_an_imported_item_that_fails_takes_its_pictures_renditions_with_it(tmp_path, no_worker, monkeypatch):
    write_picture(tmp_path / "ferry.jpg")
    digest = renditions.content_hash((tmp_path / "ferry.jpg").read_bytes())

    def refuse(*args, **kwargs):
        raise ValueError("the story cannot be written")

    monkeypatch.setattr(import_write, "_save", refuse)
    report = run_import([write_ninjs(tmp_path / "wire.jsonl", ninjs_story(picture="ferry.jpg"))], publish=True)

    assert [item.outcome.value for item in report.items] == ["failed"]
    assert not Article.objects.exists() and not Image.objects.exists()
    folder = f"renditions/{digest[:2]}/{digest}"
    assert not default_storage.exists(folder) or default_storage.listdir(folder)[1] == []
