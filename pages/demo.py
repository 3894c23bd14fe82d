"""The demo site's simple pages (``manage.py load_demo``): About, Contact, Privacy and the corrections policy."""

from django.urls import reverse

from pages.models import Page

PAGES = [
    (
        "About us",
        "about",
        "<p>Newsroom Demo is an independent local news site. Our reporters cover the valley, the coast and the "
        "city, with agency copy for national and world news.</p><h2>Our standards</h2><p>We check before we "
        "publish, name our sources where we can, and correct our mistakes in the open.</p>",
    ),
    (
        "Contact",
        "contact",
        '<p>News tips: <a href="mailto:news@example.org">news@example.org</a>.</p>'
        '<p>Corrections: <a href="mailto:corrections@example.org">corrections@example.org</a>.</p>',
    ),
    (
        "Privacy",
        "privacy",
        "<p>We set no tracking cookies. The site counts which stories are read, without knowing who read them. "
        "Editors' logins use a session cookie.</p>",
    ),
    (
        "Corrections policy",
        "corrections-policy",
        "<p>When we get something wrong we correct it on the story, say what changed and when, and list the "
        'correction on <a href="{corrections}">our corrections page</a>.</p>',
    ),
]


def load_demo_pages() -> int:
    """Creates the pages that are missing (by slug), published; returns how many it made."""
    made = 0
    for title, slug, body in PAGES:
        _page, created = Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "body": body.format(corrections=reverse("articles:corrections")),
                "published": True,
                "seo_description": f"{title}: Newsroom Demo.",
            },
        )
        made += created
    return made


def on_demo_loaded(sender, **kwargs) -> None:
    """``manage.py load_demo``: the site's pages come with the demo stories."""
    load_demo_pages()
