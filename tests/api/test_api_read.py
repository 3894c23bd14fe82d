from django.urls import reverse

from api import schemas


def test_a_story_is_read_whole_in_newsroom_json(client, full_story):
    response = client.get(reverse("api:article", kwargs={"article_id": full_story.pk}))

    assert response.status_code == 200
    data = response.json()
    schemas.Article.model_validate(data)
    assert data["headline"] == "River freight returns to the Seine"
    assert data["byline"] == "Ana Costa and Ben Ode"
    assert data["section"]["slug"] == "business"
    assert [step["name"] for step in data["regions"][0]["path"]] == ["Europe", "France", "Paris"]
    assert {t["iptc_code"] for t in data["topics"]} == {"medtop:20000466", None}
    assert data["lead_image"]["credit"] == "AFP"
    assert data["lead_image"]["renditions"]["hero"]["src"].startswith("http://testserver/media/renditions/")
    assert data["images"][0]["caption"] == "The lock at Suresnes, on Monday."
    assert data["images"][0]["alt"] == "The lock keeper at work"
    assert data["url"] == "http://testserver" + full_story.get_absolute_url()
    assert "public" in response["Cache-Control"]


def test_a_list_page_matches_its_documented_shape(client, full_story):
    data = client.get(reverse("api:articles")).json()

    page = schemas.ArticlePage.model_validate(data)
    assert [item.headline for item in page.items] == ["River freight returns to the Seine"]
    assert page.next is None and page.next_cursor is None
