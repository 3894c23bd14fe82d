"""Consistency checks for the demo content in ``articles.demo`` (plain data; no database needed)."""

import io
from collections import Counter

import pytest
from PIL import Image

from articles.demo import stories as demo
from articles.demo.pictures import PALETTES, make_picture

STATUSES = {"published", "draft", "review"}
IMAGE_KEYS = {"alt", "caption", "credit", "palette", "label"}
STORY_KEYS = {
    "key",
    "headline",
    "standfirst",
    "section",
    "regions",
    "topics",
    "source",
    "authors",
    "hours_ago",
    "status",
    "lead_image",
    "body",
}
OPTIONAL_STORY_KEYS = {"pinned_related"}


def _walk_regions(nodes, depth=0):
    for node in nodes:
        yield node, depth
        yield from _walk_regions(node["children"], depth + 1)


def _images(story):
    yield story["lead_image"]
    for block in story["body"]:
        if isinstance(block, dict):
            yield block["image"]


def _scheduled(story):
    return story["status"] == "published" and story["hours_ago"] < 0


def test_sections():
    assert [s["name"] for s in demo.SECTIONS] == ["World", "UK", "Politics", "Business", "Sport"]
    assert [s["slug"] for s in demo.SECTIONS] == ["world", "uk", "politics", "business", "sport"]


def test_region_tree_shape_and_unique_slugs():
    nodes = list(_walk_regions(demo.REGIONS))
    assert 30 <= len(nodes) <= 50
    for node, _depth in nodes:
        assert set(node) == {"name", "slug", "children"}
        assert node["name"] and node["slug"] == node["slug"].lower()
        assert isinstance(node["children"], list)
    slugs = [node["slug"] for node, _ in nodes]
    assert len(slugs) == len(set(slugs))
    assert max(depth for _, depth in nodes) >= 3  # World › Middle East › Syria › Idlib


@pytest.mark.parametrize(
    ("collection", "fields"),
    [
        ("TOPICS", {"name", "slug"}),
        ("AUTHORS", {"name", "slug", "bio"}),
        ("SECTIONS", {"name", "slug"}),
    ],
)
def test_named_lists_have_unique_slugs(collection, fields):
    items = getattr(demo, collection)
    for item in items:
        assert set(item) == fields
        assert all(item[f] for f in fields)
    slugs = [item["slug"] for item in items]
    assert len(slugs) == len(set(slugs))


def test_counts_of_reference_data():
    assert len(demo.TOPICS) >= 20
    assert len(demo.AUTHORS) == 6
    assert {s["short"] for s in demo.SOURCES} >= {"PA", "AP", "Reuters"}
    assert len({s["name"] for s in demo.SOURCES}) == len(demo.SOURCES)


def test_users():
    by_name = {u["username"]: u for u in demo.USERS}
    assert by_name["editor"]["role"] == "Editor" and by_name["editor"]["password"] == "editor"
    assert by_name["writer"]["role"] == "Writer" and by_name["writer"]["password"] == "writer"
    for user in demo.USERS:
        assert user["first_name"] and user["last_name"]


def test_story_keys_unique_and_shape():
    assert len(demo.STORIES) >= 55
    keys = [s["key"] for s in demo.STORIES]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    headlines = [s["headline"] for s in demo.STORIES]
    assert len(headlines) == len(set(headlines))
    for story in demo.STORIES:
        assert STORY_KEYS <= set(story) <= STORY_KEYS | OPTIONAL_STORY_KEYS, story["key"]
        assert story["status"] in STATUSES
        assert isinstance(story["hours_ago"], int)
        assert story["headline"].strip() and story["standfirst"].strip()
        paragraphs = [b for b in story["body"] if isinstance(b, str)]
        assert 5 <= len(paragraphs) <= 12, story["key"]
        assert all(p.strip() for p in paragraphs)
        for block in story["body"]:
            assert isinstance(block, str) or set(block) == {"image"}, story["key"]


def test_story_references_exist():
    sections = {s["slug"] for s in demo.SECTIONS}
    regions = {node["slug"] for node, _ in _walk_regions(demo.REGIONS)}
    topics = {t["slug"] for t in demo.TOPICS}
    authors = {a["slug"] for a in demo.AUTHORS}
    sources = {s["name"] for s in demo.SOURCES}
    keys = {s["key"] for s in demo.STORIES}
    for story in demo.STORIES:
        k = story["key"]
        assert story["section"] in sections, k
        assert story["regions"] and set(story["regions"]) <= regions, k
        assert story["topics"] and set(story["topics"]) <= topics, k
        assert set(story["authors"]) <= authors, k
        assert len(story["authors"]) <= 2, k
        assert story["source"] is None or story["source"] in sources, k
        assert story["source"] is not None or story["authors"], f"{k}: needs a source or an author"
        pinned = story.get("pinned_related", [])
        assert set(pinned) <= keys, k
        assert k not in pinned
        assert len(pinned) == len(set(pinned))


def test_images_are_complete():
    palettes = set(PALETTES)
    for story in demo.STORIES:
        for image in _images(story):
            assert set(image) == IMAGE_KEYS, story["key"]
            assert image["palette"] in palettes, story["key"]
            assert image["caption"] and image["credit"] and image["label"], story["key"]


def test_publishable_images_have_alt_text_except_one_draft():
    missing = []
    for story in demo.STORIES:
        for image in _images(story):
            if not image["alt"].strip():
                missing.append(story)
    # Exactly one draft deliberately lacks alt text so the demo can show publishing being refused.
    assert len(missing) == 1
    assert missing[0]["status"] == "draft"


def test_statuses_and_schedule_spread():
    statuses = Counter(s["status"] for s in demo.STORIES)
    assert statuses["draft"] >= 3
    assert statuses["review"] >= 2
    assert sum(_scheduled(s) for s in demo.STORIES) >= 3
    live = [s["hours_ago"] for s in demo.STORIES if s["status"] == "published" and s["hours_ago"] >= 0]
    assert min(live) <= 2
    assert sum(h <= 48 for h in live) >= 8
    assert max(live) >= 24 * 28
    assert all(s["hours_ago"] >= 0 for s in demo.STORIES if s["status"] != "published")


def test_every_section_has_stories_and_clusters_exist():
    per_section = Counter(s["section"] for s in demo.STORIES if s["status"] == "published")
    assert all(per_section[sec["slug"]] >= 8 for sec in demo.SECTIONS)
    assert sum(bool(s.get("pinned_related")) for s in demo.STORIES) >= 5
    topics = Counter(t for s in demo.STORIES for t in s["topics"])
    for topic in ("conflict", "weather", "elections", "football", "markets"):
        assert topics[topic] >= 3, topic


def test_roughly_half_the_stories_have_inline_images():
    with_inline = sum(any(isinstance(b, dict) for b in s["body"]) for s in demo.STORIES)
    assert 0.35 <= with_inline / len(demo.STORIES) <= 0.7


def test_make_picture_is_deterministic_and_decodable():
    a = make_picture(palette="fire", label="Old town", seed=7, width=640, height=360)
    b = make_picture(palette="fire", label="Old town", seed=7, width=640, height=360)
    assert a == b
    with Image.open(io.BytesIO(a)) as img:
        assert img.format == "JPEG"
        assert img.size == (640, 360)
        img.load()
    assert make_picture(palette="fire", label="Old town", seed=8, width=640, height=360) != a
    assert make_picture(palette="sea", label="Old town", seed=7, width=640, height=360) != a


def test_make_picture_default_size_and_unknown_palette():
    data = make_picture(palette="no-such-palette", label="", seed=1)
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (1600, 900)
    assert data == make_picture(palette="no-such-palette", label="", seed=1)


@pytest.mark.parametrize("palette", sorted(PALETTES))
def test_every_palette_renders(palette):
    data = make_picture(palette=palette, label=palette, seed=3, width=320, height=180)
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (320, 180)
