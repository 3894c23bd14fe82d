"""Editors' pages (About, Contact…), the header and footer menus, the logo and favicon: what readers see of them,
what editors may do, and what it costs a page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage

from articles import caching
from pagecache import keys as surrogate_keys
from pagecache import purge
from pages.models import MenuItem, Page, SiteSettings
from tests.factories import PublishedArticleFactory, SectionFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def png_bytes(width=64, height=64) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def make_page(slug="about", title="About us", published=True, **fields) -> Page:
    return Page.objects.create(slug=slug, title=title, published=published, body="<p>Who we are.</p>", **fields)


def header(html: str) -> str:
    return html.split('<header class="site-header">')[1].split("</header>")[0]


def footer(html: str) -> str:
    return html.split('<footer class="site-footer">')[1].split("</footer>")[0]


def test_a_published_page_is_served_at_its_slug_with_its_description(client):
    make_page(seo_description="The people behind the paper.")

    response = client.get("/about/")

    html = response.content.decode()
    assert response.status_code == 200 and "<h1>About us</h1>" in html and "<p>Who we are.</p>" in html
    assert '<meta name="description" content="The people behind the paper.">' in html
    assert "public" in response["Cache-Control"]


def test_an_unpublished_page_is_not_found_and_not_linked(client):
    draft = make_page(slug="privacy", title="Privacy draft", published=False)
    MenuItem.objects.create(location="footer", page=draft)

    assert client.get("/privacy/").status_code == 404
    assert "Privacy draft" not in client.get(reverse("articles:home")).content.decode()


def test_a_page_body_is_sanitised_like_a_story(client):
    page = make_page()
    page.body = '<p onclick="steal()">Hello</p><script>alert(1)</script><a href="javascript:x()">link</a>'
    page.save()

    html = client.get("/about/").content.decode()

    assert "<script>alert" not in html and "onclick" not in html and "javascript:" not in html
    assert "Hello" in html


def test_sections_articles_feeds_and_search_keep_their_addresses_beside_pages(client):
    section = SectionFactory(name="World", slug="world")
    story = PublishedArticleFactory(section=section, headline="Harbour reopens")
    make_page()
    # A page made with a section's slug (bypassing the form's check) never hides the section.
    Page.objects.create(slug="world", title="Shadow", published=True)

    assert "Latest World News" in client.get("/world/").content.decode()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get(reverse("feeds:latest", args=["rss"])).status_code == 200
    assert client.get(reverse("articles:search"), {"q": "harbour"}).status_code == 200
    assert client.get(reverse("articles:corrections")).status_code == 200
    assert client.get("/about/").status_code == 200


@pytest.mark.parametrize("slug", ["world", "search", "corrections", "admin"])
def test_a_page_cannot_take_the_address_of_a_section_or_a_route(slug):
    SectionFactory(name="World", slug="world")

    page = Page(slug=slug, title="Taken")

    with pytest.raises(Exception, match="already a section or another part of the site"):
        page.full_clean()


def test_the_header_shows_the_sections_until_editors_set_a_menu_then_their_items_in_order(client):
    SectionFactory(name="World", slug="world")
    SectionFactory(name="Sport", slug="sport")
    about = make_page()

    default = header(client.get(reverse("articles:home")).content.decode())
    MenuItem.objects.create(location="header", label="Who we are", page=about, position=2)
    MenuItem.objects.create(location="header", section=SectionFactory(slug="sport"), position=1)
    MenuItem.objects.create(location="header", label="Weather", url="https://weather.example.org/", position=3)
    edited = header(client.get(reverse("articles:home")).content.decode())

    assert 'aria-label="Sections"' in default and ">World</a>" in default and ">Sport</a>" in default
    assert 'aria-label="Main menu"' in edited and ">World</a>" not in edited
    assert edited.index(">Sport</a>") < edited.index('href="/about/">Who we are</a>') < edited.index(">Weather</a>")


def test_the_footer_lists_the_pages_and_feeds_by_default_then_the_editors_items_and_keeps_corrections(client):
    make_page()
    make_page(slug="contact", title="Contact")

    default = footer(client.get(reverse("articles:home")).content.decode())
    MenuItem.objects.create(location="footer", label="Advertise", url="/advertise/", position=1)
    edited = footer(client.get(reverse("articles:home")).content.decode())

    assert 'href="/about/">About us</a>' in default and 'href="/contact/">Contact</a>' in default
    assert f'href="{reverse("feeds:latest", args=["rss"])}">RSS feed</a>' in default
    assert 'href="/advertise/">Advertise</a>' in edited and "About us" not in edited
    for html in (default, edited):
        assert f'href="{reverse("articles:corrections")}"' in html


def test_a_menu_or_settings_change_purges_every_cached_page(monkeypatch, django_capture_on_commit_callbacks):
    purged = []
    monkeypatch.setattr(purge, "purge_now", lambda keys: purged.append(set(keys)))

    with django_capture_on_commit_callbacks(execute=True):
        MenuItem.objects.create(location="footer", label="Jobs", url="/jobs/")
    with django_capture_on_commit_callbacks(execute=True):
        make_page()

    assert purged == [{surrogate_keys.SITE}, {surrogate_keys.SITE}]


def test_the_default_favicon_is_newsrooms_own_svg(client):
    html = client.get(reverse("articles:home")).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_an_editor_uploads_a_logo_and_favicon_and_readers_see_them(editor_client, client):
    add = reverse("admin:pages_sitesettings_add")
    logo = SimpleUploadedFile("masthead.jpg", jpeg_bytes(400, 80), content_type="image/jpeg")
    icon = SimpleUploadedFile("icon.png", png_bytes(64, 64), content_type="image/png")

    response = editor_client.post(add, {"logo": logo, "favicon": icon})

    assert response.status_code == 302, response.content.decode()[:2000]
    settings_row = SiteSettings.objects.get()
    html = client.get(reverse("articles:home")).content.decode()
    assert f'<img class="site-logo" src="{settings_row.logo.url}" width="400" height="80" alt="Newsroom">' in html
    assert f'<link rel="icon" href="{settings_row.favicon.url}">' in html
    assert editor_client.get(reverse("admin:pages_sitesettings_changelist")).url.endswith(
        reverse("admin:pages_sitesettings_change", args=[settings_row.pk])
    ), "the list opens the one row"
    assert editor_client.get(add).status_code == 403, "never a second row"


@pytest.mark.parametrize(
    "field, upload, message",
    [
        ("logo", SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png"), "valid image"),
        ("favicon", SimpleUploadedFile("icon.png", png_bytes(64, 40), content_type="image/png"), "square"),
        ("favicon", SimpleUploadedFile("icon.jpg", jpeg_bytes(64, 64), content_type="image/jpeg"), "PNG"),
    ],
)
def test_site_pictures_are_checked_like_every_upload(editor_client, field, upload, message):
    response = editor_client.post(reverse("admin:pages_sitesettings_add"), {field: upload})

    assert response.status_code == 200 and message in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_editors_write_pages_and_writers_may_not(editor_client, writer):
    response = editor_client.post(
        reverse("admin:pages_page_add"),
        {"title": "Contact", "slug": "contact", "body": "<p>Call us.</p>", "published": "on", "seo_description": ""},
    )
    assert response.status_code == 302 and Page.objects.get(slug="contact").published

    editor_client.force_login(writer)
    assert editor_client.get(reverse("admin:pages_page_add")).status_code == 403
    assert editor_client.get(reverse("admin:pages_menuitem_changelist")).status_code == 403


def test_home_costs_no_more_queries_with_menus_pages_and_settings_and_none_once_warm(client):
    for n in range(3):
        PublishedArticleFactory(section=SectionFactory(name=f"Desk {n}", slug=f"desk-{n}"))
    caching.remember_next_scheduled()  # as the saves' story events leave it once they commit

    def queries() -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("articles:home")).status_code == 200
        return len(captured), [query["sql"] for query in captured]

    bare, _ = queries()
    for n in range(8):
        page = make_page(slug=f"page-{n}", title=f"Page {n}")
        MenuItem.objects.create(location="footer" if n % 2 else "header", page=page, position=n)
    SiteSettings.objects.create()
    full, _ = queries()
    warm, sql = queries()

    assert full == bare, "the chrome is one query, in place of the section navigation's"
    assert full <= 12, "the home page's budget (tests/test_fronts.py)"
    assert warm == full - 1 and not any("pages_" in statement for statement in sql)


@pytest.mark.parametrize(
    "fields, message",
    [
        ({}, "Choose one of"),
        ({"url": "javascript:alert(1)", "label": "Bad"}, "Enter a path starting with /"),
        ({"url": "/jobs/"}, "An address needs a label"),
    ],
)
def test_a_menu_item_goes_to_exactly_one_safe_place(fields, message):
    with pytest.raises(Exception, match=message):
        MenuItem(location="footer", **fields).full_clean()
