"""manage.py import_articles as a person at a terminal uses it: detection, report, exit codes."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Status
from tests.importing import FIXTURES, ninjs_story, write_ninjs, write_picture

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.parametrize(
    ("fixture", "headline"),
    [
        ("ninjs/flood_v2.json", "Brackenvale residents begin clean-up as water recedes"),
        ("newsml/flood_package.xml", "Floods cut off villages in the Brackenvale valley"),
        ("nitf/flood_latin1.xml", "Floods reach Sainte-Hélène in the Brackenvale valley"),
        ("feed/atom.xml", "New pontoon for the fishing fleet"),
        ("wxr/export.xml", "Shearing season starts early"),
        ("html/article.html", "Lighthouse keeper retires after 40 years on the rock"),
        ("text/story.txt", "Storm closes mountain pass as snow traps lorries"),
    ],
)
def test_each_format_is_recognised_from_its_content(tmp_path, fixture, headline):
    renamed = tmp_path / "incoming.dat"  # the extension says nothing: content decides
    shutil.copy(FIXTURES / fixture, renamed)

    code, output = run(renamed)

    assert code == 0, output
    assert Article.objects.filter(headline=headline).exists()
    assert f"“{headline}”" in output


def test_a_file_of_no_known_format_fails_naming_the_file(tmp_path):
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01\x02binary")

    code, output = run(tmp_path / "notes.bin")

    assert code == 1
    assert "notes.bin" in output and "cannot tell the format" in output


def test_the_report_shows_each_item_and_a_summary_and_exits_non_zero_on_failure(tmp_path):
    path = write_ninjs(tmp_path / "wire.jsonl", ninjs_story("urn:a"), ninjs_story("urn:b", headline=""))

    code, output = run(path)

    assert code == 1
    lines = output.splitlines()
    assert lines[0].split()[:2] == ["created", "wire.jsonl"]
    assert "failed  wire.jsonl item 2" in output and "no headline" in output
    assert lines[-1] == "1 created, 1 failed."


def test_a_clean_run_exits_zero_and_a_repeat_reports_unchanged(tmp_path):
    path = write_ninjs(tmp_path / "wire.jsonl", ninjs_story())
    assert run(path)[0] == 0

    code, output = run(path)

    assert code == 0
    assert output.splitlines()[-1] == "1 unchanged."


def test_dry_run_says_so_and_saves_nothing(tmp_path):
    code, output = run(write_ninjs(tmp_path / "wire.jsonl", ninjs_story()), "--dry-run")

    assert code == 0
    assert output.splitlines()[-1] == "Dry run (nothing written): 1 created."
    assert not Article.objects.exists()


def test_an_unknown_section_stops_before_anything_is_imported(tmp_path):
    with pytest.raises(CommandError, match="no section 'nowhere'"):
        run(write_ninjs(tmp_path / "wire.jsonl", ninjs_story()), "--section", "nowhere")
    assert not Article.objects.exists()


def test_copy_pasted_text_imports_with_its_pictures_caption_credit_and_byline(tmp_path):
    story = tmp_path / "story.txt"
    shutil.copy(FIXTURES / "text" / "story.txt", story)
    write_picture(story.with_name("story-1.jpg"))
    write_picture(story.with_name("story-2.jpg"), color=(10, 120, 200))

    code, output = run(story)

    assert code == 0, output
    article = Article.objects.get()
    assert article.headline == "Storm closes mountain pass as snow traps lorries"
    assert article.standfirst == "Dozens of drivers spent the night in their cabs after heavy snow closed the pass."
    assert (article.lead_image.caption, article.lead_image.credit) == (
        "Drivers waited overnight for the ploughs.",
        "PA",
    )
    assert '<span class="credit">(AP Photo/Rita Moss, File)</span>' in article.body  # the credit as AP prints it
    assert "bakery" not in article.body  # the page's "Latest UK News" list is left out
    assert article.source.name == "Press Association"
    assert article.status == Status.DRAFT


def test_text_pictures_can_come_from_an_images_folder(tmp_path):
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    write_picture(pictures / "a.jpg")
    write_picture(pictures / "b.jpg", color=(10, 120, 200))

    code, output = run(FIXTURES / "text" / "story.txt", "--images", pictures)

    assert code == 0, output
    assert Article.objects.get().lead_image is not None
    assert "placeholder" not in output


def test_an_archive_story_imported_today_does_not_read_as_updated_today(client, tmp_path):
    from tests.factories import SectionFactory

    SectionFactory(name="World", slug="world")
    shutil.copy(FIXTURES / "text/story.txt", tmp_path / "story.txt")
    code, _ = run(tmp_path / "story.txt", "--section", "world", "--publish")
    assert code == 0
    story = Article.objects.get()
    assert story.status == Status.PUBLISHED and story.published_at.year < 2026

    page = client.get(story.get_absolute_url())

    assert page.status_code == 200
    assert "Updated" not in page.content.decode()
