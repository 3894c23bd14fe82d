"""The regions, topics and section a story's copy names, offered in the dry run and applied once confirmed."""

import pytest
from django.urls import reverse

from articles.models import Article
from ingest.importers.records import ImportedImage, ImportedStory
from ingest.importers.suggest import suggest
from tests.factories import RegionFactory, SectionFactory, TopicFactory
from tests.importing import FIXTURES

pytestmark = pytest.mark.django_db
URL = "admin:articles_article_import"
COPY = (FIXTURES / "pasted_copy.txt").read_text(encoding="utf-8")


@pytest.fixture
def places():
    world = RegionFactory(name="World", slug="world")
    syria = RegionFactory(name="Syria", slug="syria", parent=world)
    regions = {
        "World": world,
        "Syria": syria,
        "Aleppo": RegionFactory(name="Aleppo", slug="aleppo", parent=syria),
        "Idlib": RegionFactory(name="Idlib", slug="idlib", parent=syria),
        "Iraq": RegionFactory(name="Iraq", slug="iraq", parent=world),
        "Lebanon": RegionFactory(name="Lebanon", slug="lebanon", parent=world),
    }
    SectionFactory(name="World", slug="world")
    SectionFactory(name="Sport", slug="sport")
    return regions


def _story(text: str, **extra) -> ImportedStory:
    return ImportedStory(guid="t:1", headline="Headline", body_html=f"<p>{text}</p>", **extra)


def test_names_match_as_whole_words_with_case_and_accents_folded(places):
    assert suggest(_story("Shelling hit ALEPPO overnight.")).regions == ["Aleppo"]
    assert suggest(_story("Shelling hit Alèppo overnight.")).regions == ["Aleppo"]
    assert suggest(_story("Syria’s army said so.")).regions == ["Syria"]
    assert suggest(_story("The alep quarter and Iraqi militias, Idlibs and Lebanese.")).regions == []


def test_a_region_with_a_slug_of_its_own_is_found_by_its_name(places):
    RegionFactory(name="Hama", slug="hama-province")
    RegionFactory(name="Deir ez-Zor", slug="dez")

    assert suggest(_story("Fighting in hama and in Deir ez-Zor.")).regions == ["Deir ez-Zor", "Hama"]


def test_topics_are_suggested_too_and_tags_already_on_the_story_are_not(places):
    TopicFactory(name="Humanitarian aid", slug="humanitarian-aid")

    found = suggest(_story("Humanitarian aid reached Aleppo and Idlib.", regions=["Aleppo"]))

    assert found.regions == ["Idlib"] and found.topics == ["Humanitarian aid"]


def test_captions_count_but_a_name_split_across_parts_does_not(places):
    RegionFactory(name="Aleppo Idlib", slug="aleppo-idlib")
    story = _story("Nothing here.", images=[ImportedImage(caption="Smoke over Idlib", credit="AP")])
    story.headline = "Aleppo"

    assert suggest(story).regions == ["Aleppo", "Idlib"]


def test_seed_shaped_copy_proposes_world_as_section_and_the_places_it_names(editor_client, places):
    preview = editor_client.post(reverse(URL), {"paste": COPY, "format": "auto"})

    (card,) = preview.context["cards"]
    assert card["suggestions"] == {
        "section": "World",
        "regions": ["Aleppo", "Idlib", "Iraq", "Syria"],
        "topics": [],
    }
    page = preview.content.decode()
    for label in ("World (section)", "Aleppo", "Idlib", "Iraq", "Syria"):
        assert label in page
    assert page.count('type="checkbox" name="pick"') == 5 and page.count("checked") >= 5
    assert "Lebanon" not in page


def test_confirmed_suggestions_are_applied_and_an_unticked_one_stays_off(editor_client, places):
    preview = editor_client.post(reverse(URL), {"paste": COPY, "format": "auto"})
    (card,) = preview.context["cards"]
    kept = [value for value, label in card["choices"] if label != "Iraq"]
    assert len(kept) == 4

    editor_client.post(reverse(URL), {"token": preview.context["token"], "picks": "1", "pick": kept})

    article = Article.objects.get()
    assert sorted(article.regions.values_list("name", flat=True)) == ["Aleppo", "Idlib", "Syria"]
    assert article.section.name == "World"


def test_a_confirm_cannot_add_tags_that_were_not_offered(editor_client, places):
    preview = editor_client.post(reverse(URL), {"paste": COPY, "format": "auto"})
    (card,) = preview.context["cards"]
    forged = card["choices"][1][0].rsplit("|", 1)[0] + "|Lebanon"

    editor_client.post(reverse(URL), {"token": preview.context["token"], "picks": "1", "pick": [forged]})

    assert not Article.objects.get().regions.exists()


def test_suggestions_cost_a_few_queries_whatever_the_size_of_the_vocabulary(places, django_assert_max_num_queries):
    for n in range(300):
        RegionFactory(name=f"Place {n}", slug=f"place-{n}")
        TopicFactory(name=f"Subject {n}", slug=f"subject-{n}")
    long_copy = " ".join(f"Paragraph {n} from Aleppo, with many words in it." for n in range(150))

    with django_assert_max_num_queries(3):
        found = suggest(_story(long_copy), section_signals=["World"])

    assert found.regions == ["Aleppo"] and found.section == "World"


def test_a_large_paste_run_by_a_worker_keeps_its_suggestions_through_the_confirm(
    editor_client, places, settings, django_capture_on_commit_callbacks
):
    from ingest.models import UploadImport
    from ingest.tasks import import_upload

    settings.NEWSROOM = {**settings.NEWSROOM, "IMPORT_BACKGROUND_BYTES": 500}
    queued = editor_client.post(reverse(URL), {"paste": COPY, "format": "auto"})
    job = UploadImport.objects.get(dry_run=True)
    import_upload.enqueue(str(job.pk))  # what the worker does

    preview = editor_client.get(queued["Location"])
    (card,) = preview.context["cards"]
    assert card["suggestions"]["regions"] == ["Aleppo", "Idlib", "Iraq", "Syria"]
    kept = [value for value, label in card["choices"] if label in ("Aleppo", "Syria")]
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse(URL), {"token": job.token, "picks": "1", "pick": kept})

    article = Article.objects.get()
    assert sorted(article.regions.values_list("name", flat=True)) == ["Aleppo", "Syria"]
    assert article.section is None


def test_a_wire_category_naming_no_section_outright_suggests_the_section_it_means(places):
    assert suggest(_story("Nothing here.", section="World News")).section == "World"
    assert suggest(_story("Nothing here.", section="Latest Sport")).section == "Sport"
    assert suggest(_story("Nothing here.", section="World")).section == ""  # already filed there
    assert suggest(_story("Nothing here.", section="Weather")).section == ""
