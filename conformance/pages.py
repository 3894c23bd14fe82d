"""Every page type of the readers' site through the Nu Html Checker (vnu.jar, offline, errors only).

Builds a little content of its own (invented words, generated pictures), renders each page type with
Django's test client, and checks the HTML. Also usable for manual checks: ``make_demo_content()``.
"""

import io
import json
import re
import shutil
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _jpeg(color) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 1000), color).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _picture(n: int, credit: str):
    from articles.services import save_image

    image, _ = save_image(
        data=_jpeg((30 + n * 40, 80, 140 - n * 10)),
        filename=f"demo-{n}.jpg",
        credit=credit,
        alt_text=f"Demo picture number {n}: a coloured panel",
        caption=f"Demo picture {n}.",
    )
    return image


def make_demo_content() -> dict:
    """A section, a region tree, a topic, an author, an agency and four published stories."""
    from django.utils import timezone

    from articles.models import Article, ArticleAuthor, Author, Region, Section, Source, Topic
    from articles.services import publish_article, sync_inline_images, withdraw_article

    world, _ = Section.objects.get_or_create(slug="world", defaults={"name": "World"})
    Section.objects.get_or_create(slug="uk", defaults={"name": "UK", "position": 1})
    area, _ = Region.objects.get_or_create(slug="northland", defaults={"name": "Northland"})
    town, _ = Region.objects.get_or_create(slug="riverton", defaults={"name": "Riverton", "parent": area})
    topic, _ = Topic.objects.get_or_create(slug="weather", defaults={"name": "Weather"})
    author, _ = Author.objects.get_or_create(slug="sam-writer", defaults={"name": "Sam Writer", "bio": "Reports."})
    agency, _ = Source.objects.get_or_create(name="Demo Wire", defaults={"short_name": "DW", "slug": "demo-wire"})
    stories = []
    for n in range(4):
        lead, inline = _picture(2 * n, "DW"), _picture(2 * n + 1, "AP")
        article = Article.objects.create(
            headline=f"River levels in Riverton rise for a {n + 1}th day",
            section=world,
            standfirst="Crews built temporary barriers along the banks overnight.",
            body=(
                "<p>Water rose again on the town's low streets.</p>"
                f'<figure data-image-id="{inline.pk}"><img src="{inline.file.url}" alt="Sandbags on a quay">'
                '<figcaption>Sandbags along the quay <span class="credit">(AP)</span></figcaption></figure>'
                "<p>Forecasters expect the rain to ease by the weekend.</p>"
            ),
            lead_image=lead,
            lead_image_caption="Barriers on the river bank.",
            source=agency if n % 2 else None,
        )
        article.regions.add(town if n % 2 else area)
        article.topics.add(topic)
        if not n % 2:
            ArticleAuthor.objects.create(article=article, author=author)
        sync_inline_images(article=article)
        publish_article(article=article, at=timezone.now() - timedelta(hours=n + 1))
        stories.append(article)
    withdrawn = Article.objects.create(headline="A story taken down", section=world, body="<p>Gone.</p>")
    publish_article(article=withdrawn, at=timezone.now() - timedelta(days=1))
    withdraw_article(article=withdrawn)
    return {
        "stories": stories,
        "section": world,
        "region": area,
        "topic": topic,
        "author": author,
        "withdrawn": withdrawn,
    }


def _pages(demo: dict) -> dict[str, tuple[str, int]]:
    from django.urls import reverse

    story = demo["stories"][0]
    return {
        "home": (reverse("articles:home"), 200),
        "section": (demo["section"].get_absolute_url(), 200),
        "article": (story.get_absolute_url(), 200),
        "agency article": (demo["stories"][1].get_absolute_url(), 200),
        "region": (demo["region"].get_absolute_url(), 200),
        "topic": (demo["topic"].get_absolute_url(), 200),
        "author": (demo["author"].get_absolute_url(), 200),
        "search": (reverse("articles:search") + "?q=river&order=date", 200),
        "search with bad input": (reverse("articles:search") + "?region=nowhere&since=yesterday", 200),
        "empty search": (reverse("articles:search"), 200),
        "preview": (reverse("articles:preview", args=[story.pk]), 200),
        "404": ("/no-such-section/", 404),
        "410": (demo["withdrawn"].get_absolute_url(), 410),
    }


def render_pages(folder: Path, report) -> dict[str, Path]:
    from django.contrib.auth.models import User
    from django.test import Client

    from articles.views.site import server_error

    demo = make_demo_content()
    reader = Client()
    editor = Client()
    editor.force_login(User.objects.create_superuser("conformance", "c@example.org", "x"))
    written = {}
    for name, (url, status) in _pages(demo).items():
        response = (editor if name == "preview" else reader).get(url)
        if response.status_code != status:
            report.fail(f"page {name}", f"{url} answered {response.status_code}, expected {status}")
            continue
        written[name] = folder / f"{re.sub(r'\W+', '-', name)}.html"
        written[name].write_bytes(response.content)
    written["500"] = folder / "500.html"
    written["500"].write_bytes(server_error(None).content)
    return written


def run(samples: Path, report) -> None:
    from django.conf import settings

    java = shutil.which("java")
    if not java:
        report.skip("pages", "java is not installed: the Nu Html Checker needs Java 17")
        return
    if not VNU.exists():
        report.skip("pages", f"{VNU.relative_to(ROOT)} is missing: run `npm install`")
        return
    from django.test import override_settings

    folder = Path(tempfile.mkdtemp(prefix="newsroom-pages-"))
    # The run has no collectstatic manifest; plain storage gives the same markup without one.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}, SERVE_MEDIA=True):
        written = render_pages(folder, report)
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, written.values())],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stderr or result.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        report.fail("Nu checker", f"unreadable output: {(result.stderr or result.stdout)[:500]}")
        return
    for name, path in written.items():
        errors = [
            f"line {m.get('lastLine', '?')}: {m.get('message', '')} [{m.get('extract', '').strip()[:120]}]"
            for m in messages
            if m.get("url", "").endswith("/" + path.name) and m.get("type") == "error"
        ]
        if errors:
            report.fail(f"Nu checker: {name}", "\n    ".join(errors))
        else:
            report.ok(f"Nu checker: {name}", "no errors")
