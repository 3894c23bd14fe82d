"""Embedded posts: an editor pastes a post's address; the body keeps one allow-listed element; readers get a
click-to-load block that fetches nothing from the provider, and the story page may frame only the players' hosts."""

import json
from email.message import Message
from unittest import mock

import pytest

from articles import embeds
from articles.sanitize import clean_body
from newsroom import outbound
from tests.admin_forms import article_form_data, change_url
from tests.factories import PublishedArticleFactory

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("pasted", "provider", "post_id", "canonical"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?si=tracking", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YOUTUBE),
        ("https://vimeo.com/76979871", "vimeo", "76979871", "https://vimeo.com/76979871"),
        ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871", "https://vimeo.com/76979871"),
        ("https://vimeo.com/channels/staffpicks/76979871", "vimeo", "76979871", "https://vimeo.com/76979871"),
        (
            "https://twitter.com/BBCBreaking/status/1234567890123456789?s=20",
            "x",
            "1234567890123456789",
            "https://x.com/BBCBreaking/status/1234567890123456789",
        ),
        ("https://x.com/BBCBreaking/status/12345", "x", "12345", "https://x.com/BBCBreaking/status/12345"),
        (
            "https://www.instagram.com/p/C1a2B3c4D5e/?igsh=x",
            "instagram",
            "C1a2B3c4D5e",
            "https://www.instagram.com/p/C1a2B3c4D5e/",
        ),
        (
            "https://instagram.com/reel/C1a2B3c4D5e",
            "instagram",
            "C1a2B3c4D5e",
            "https://www.instagram.com/reel/C1a2B3c4D5e/",
        ),
        (
            "https://www.tiktok.com/@bbcnews/video/7301234567890123456?lang=en",
            "tiktok",
            "7301234567890123456",
            "https://www.tiktok.com/@bbcnews/video/7301234567890123456",
        ),
        (
            "https://bsky.app/profile/bbc.co.uk/post/3kxyzabc2de2f",
            "bluesky",
            "3kxyzabc2de2f",
            "https://bsky.app/profile/bbc.co.uk/post/3kxyzabc2de2f",
        ),
        (
            "https://www.facebook.com/bbcnews/posts/pfbid0abc123",
            "facebook",
            "pfbid0abc123",
            "https://www.facebook.com/bbcnews/posts/pfbid0abc123",
        ),
        (
            "https://m.facebook.com/bbcnews/videos/1234567890/",
            "facebook",
            "1234567890",
            "https://www.facebook.com/bbcnews/videos/1234567890",
        ),
        (
            "https://www.facebook.com/watch/?v=1234567890",
            "facebook",
            "1234567890",
            "https://www.facebook.com/watch/?v=1234567890",
        ),
    ],
)
def test_each_providers_addresses_are_recognised_with_a_canonical_address(pasted, provider, post_id, canonical):
    embed = embeds.recognise(pasted)

    assert embed is not None
    assert (embed.provider, embed.id, embed.url) == (provider, post_id, canonical)


@pytest.mark.parametrize(
    "pasted",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "ftp://vimeo.com/76979871",
        "https://x.com/BBCBreaking",
        "https://www.instagram.com/bbcnews/",
        "https://www.youtube.com:8443/watch?v=dQw4w9WgXcQ",
        "",
    ],
)
def test_other_addresses_are_not_embeds(pasted):
    assert embeds.recognise(pasted) is None


def test_only_youtube_and_vimeo_have_players_in_the_page():
    assert embeds.recognise(YOUTUBE).frame_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert embeds.recognise("https://vimeo.com/76979871").frame_url.startswith(
        "https://player.vimeo.com/video/76979871"
    )
    assert embeds.recognise("https://x.com/a/status/1").frame_url == ""


def test_the_sanitiser_keeps_exactly_the_stored_shape_for_a_known_provider():
    pasted = (
        '<p>Watch:</p><figure class="embed wide" data-embed-provider="vimeo" data-embed-url="https://youtu.be/dQw4w9WgXcQ"'
        ' style="x" onclick="alert(1)"><a href="https://youtu.be/dQw4w9WgXcQ">Council meeting — on YouTube</a>'
        '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe><script>alert(1)</script></figure>'
    )

    cleaned = clean_body(pasted)

    assert cleaned == (
        "<p>Watch:</p>"
        f'<figure class="embed" data-embed-provider="youtube" data-embed-url="{YOUTUBE}">'
        f'<a href="{YOUTUBE}" rel="noopener noreferrer">Council meeting — on YouTube</a></figure>'
    )
    assert clean_body(cleaned) == cleaned  # idempotent


@pytest.mark.parametrize(
    "figure",
    [
        '<figure class="embed" data-embed-provider="youtube" data-embed-url="https://evil.example/x"><a href="https://evil.example/x">Bad</a></figure>',
        '<figure class="embed"><a href="https://youtu.be/dQw4w9WgXcQ">No address</a></figure>',
        '<figure data-embed-url="javascript:alert(1)"><a href="#">Script</a></figure>',
        '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>',
        '<blockquote class="twitter-tweet"><script src="https://platform.twitter.com/widgets.js"></script></blockquote>',
    ],
)
def test_the_sanitiser_drops_anything_else(figure):
    cleaned = clean_body(f"<p>Before</p>{figure}<p>After</p>")

    assert "evil" not in cleaned and "iframe" not in cleaned and "script" not in cleaned
    assert "data-embed" not in cleaned and 'class="embed"' not in cleaned
    assert cleaned.startswith("<p>Before</p>") and cleaned.endswith("<p>After</p>")


def test_a_library_picture_figure_is_untouched_by_the_embed_rules():
    figure = '<figure data-image-id="7"><img src="/media/a.jpg" alt="A"><figcaption>Cap</figcaption></figure>'

    assert clean_body(figure) == figure


def oembed_answer(data) -> outbound.Response:
    return outbound.Response(200, "OK", Message(), json.dumps(data).encode(), "https://www.youtube.com/oembed")


def _editor_body(url):
    return f'<p>Intro.</p><figure class="embed" data-embed-url="{url}"><a href="{url}">{url}</a></figure>'


@pytest.mark.django_db
def test_saving_an_embed_names_it_from_the_providers_oembed_answer(editor_client, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "OEMBED_LOOKUPS": True}  # the provider's answer is mocked below
    story = PublishedArticleFactory(headline="Council votes")
    answer = oembed_answer({"title": "Full council meeting", "author_name": "Valley Council"})

    with mock.patch("newsroom.outbound.request", return_value=answer) as fetch:
        response = editor_client.post(
            change_url(story),
            article_form_data(story, body=_editor_body("https://youtu.be/dQw4w9WgXcQ?si=x"), _publish_pending="1"),
        )

    assert response.status_code == 302
    asked = fetch.call_args.args[1]
    assert asked.startswith("https://www.youtube.com/oembed?") and "dQw4w9WgXcQ" in asked
    story.refresh_from_db()
    assert (
        f'<figure class="embed" data-embed-provider="youtube" data-embed-url="{YOUTUBE}">'
        f'<a href="{YOUTUBE}" rel="noopener noreferrer">Full council meeting — on YouTube</a></figure>'
    ) in story.body


@pytest.mark.django_db
def test_without_an_oembed_answer_the_embed_still_saves_with_plain_words(editor_client):
    story = PublishedArticleFactory(headline="Ferry returns")

    with mock.patch("newsroom.outbound.request", side_effect=outbound.Unreachable("unreachable (no network)")):
        editor_client.post(
            change_url(story),
            article_form_data(
                story, body=_editor_body("https://bsky.app/profile/a.bsky.social/post/3kabcde"), _publish_pending="1"
            ),
        )

    story.refresh_from_db()
    assert ">A post on Bluesky</a></figure>" in story.body


@pytest.mark.django_db
def test_an_address_that_is_no_known_providers_post_is_refused_with_a_reason(editor_client):
    story = PublishedArticleFactory(headline="Roads reopen", body="<p>Roads reopened.</p>")

    response = editor_client.post(
        change_url(story), article_form_data(story, body=_editor_body("https://evil.example/x"))
    )

    assert response.status_code == 200
    assert "can be embedded" in response.text and "https://evil.example/x" in response.text
    story.refresh_from_db()
    assert story.body == "<p>Roads reopened.</p>"


def _stored(url, title):
    return clean_body(f'<figure class="embed" data-embed-url="{url}"><a href="{url}">{title}</a></figure>')


@pytest.mark.django_db
def test_readers_get_a_click_to_load_block_and_nothing_from_the_provider(client):
    story = PublishedArticleFactory(
        headline="Storm footage",
        body="<p>Footage of the storm.</p>"
        + _stored(YOUTUBE, "Storm hits the coast — on YouTube")
        + _stored("https://x.com/metoffice/status/123", "Post by Met Office — on X"),
    )

    with mock.patch("newsroom.outbound.request") as fetch:
        response = client.get(story.get_absolute_url())

    page = response.text
    fetch.assert_not_called()
    assert response.status_code == 200
    assert "Load the post from YouTube" in page
    assert "This loads content from youtube.com, which may set cookies." in page
    assert f'<a class="embed__load" href="{YOUTUBE}"' in page  # works without JS
    assert 'data-embed-frame="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert "Open the post on X" in page and 'href="https://x.com/metoffice/status/123"' in page
    # Nothing on the page loads from a provider by itself: no frames, scripts or pictures from their hosts.
    assert "<iframe" not in page
    for host in ("youtube.com", "youtube-nocookie.com", "ytimg.com", "x.com", "twimg.com"):
        assert f'src="https://{host}' not in page and f'src="https://www.{host}' not in page
    assert "/static/js/embeds" in page


@pytest.mark.django_db
def test_a_story_page_may_frame_only_the_players_hosts(client):
    story = PublishedArticleFactory(headline="Storm footage", body=_stored(YOUTUBE, "Storm"))

    policy = client.get(story.get_absolute_url())["Content-Security-Policy"]
    home = client.get("/")["Content-Security-Policy"]

    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src")).split()[1:]
    assert frame_src == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    assert "frame-src" not in home
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_a_story_without_embeds_does_not_load_the_embed_script(client):
    story = PublishedArticleFactory(headline="Plain story")

    assert "js/embeds" not in client.get(story.get_absolute_url()).text
