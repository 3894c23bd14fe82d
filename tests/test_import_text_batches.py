"""Plain-text stories in a folder: each gets its own pictures, and undated stories are told apart by their words."""

import pytest

from articles.importers.run import run_import
from articles.models import Article, Image
from tests.importing import write_picture

pytestmark = pytest.mark.django_db


def _text(path, headline: str, body: str, caption: str = ""):
    picture = f"A picture for {headline}\n{caption} Picture: PA\n\n" if caption else ""
    path.write_text(f"{headline}\n\n{picture}{body}\n", encoding="utf-8")
    return path


def test_stories_in_a_folder_take_the_pictures_named_after_them_from_the_images_folder(tmp_path):
    stories, pictures = tmp_path / "stories", tmp_path / "pictures"
    stories.mkdir()
    pictures.mkdir()
    _text(stories / "ferry.txt", "Ferry cancelled", "The ferry stayed in port.", caption="The quay.")
    _text(stories / "bridge.txt", "Bridge reopens", "Traffic crossed again.", caption="The bridge.")
    write_picture(pictures / "bridge-1.jpg", color=(10, 10, 200))
    write_picture(pictures / "ferry-1.jpg", color=(200, 10, 10))

    run_import([stories], images_dir=pictures)

    ferry, bridge = Article.objects.get(headline="Ferry cancelled"), Article.objects.get(headline="Bridge reopens")
    assert ferry.lead_image.source == "ferry-1.jpg"
    assert bridge.lead_image.source == "bridge-1.jpg"
    assert Image.objects.count() == 2


def test_stories_in_a_folder_do_not_borrow_unnamed_pictures_by_order(tmp_path):
    stories, pictures = tmp_path / "stories", tmp_path / "pictures"
    stories.mkdir()
    pictures.mkdir()
    _text(stories / "ferry.txt", "Ferry cancelled", "The ferry stayed in port.", caption="The quay.")
    _text(stories / "bridge.txt", "Bridge reopens", "Traffic crossed again.", caption="The bridge.")
    write_picture(pictures / "agency-0001.jpg")

    report = run_import([stories], images_dir=pictures)

    assert not Image.objects.exists()
    assert all("no image file for picture 1" in " ".join(item.warnings) for item in report.items)


def test_a_single_text_file_still_takes_unnamed_pictures_in_order(tmp_path):
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    write_picture(pictures / "agency-0001.jpg")
    story = _text(tmp_path / "ferry.txt", "Ferry cancelled", "The ferry stayed in port.", caption="The quay.")

    run_import([story], images_dir=pictures)

    assert Article.objects.get().lead_image.source == "agency-0001.jpg"


def test_two_undated_stories_with_the_same_headline_stay_two_stories(tmp_path):
    first = _text(tmp_path / "one.txt", "Council meeting tonight", "Planning is on the agenda.")
    second = _text(tmp_path / "two.txt", "Council meeting tonight", "The budget is on the agenda.")

    run_import([first, second])

    assert Article.objects.count() == 2
