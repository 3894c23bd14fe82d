import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles import renditions
from tests.factories import ImageFactory, jpeg_bytes


@pytest.mark.django_db
def test_renditions_are_made_once_in_both_formats_and_never_upscaled():
    image = ImageFactory(data=jpeg_bytes(1000, 500))
    assert renditions.make_renditions(image) > 0
    hero = renditions.rendition(image, "hero")
    assert [v.width for v in hero.variants if v.format == "jpeg"] == [640, 960]
    assert hero.height == 480
    assert all(default_storage.exists(v.path) for v in hero.variants)
    assert renditions.make_renditions(image) == 0  # reused, not remade


@pytest.mark.django_db
def test_social_rendition_is_cropped_for_link_previews_with_a_jpeg_for_crawlers():
    image = ImageFactory(data=jpeg_bytes(1600, 1200))
    social = renditions.rendition(image, "social")
    assert (social.width, social.height) == (1200, 630)
    assert {v.format for v in social.variants} == {"jpeg", "webp"}
    assert social.src.endswith(".jpg")


@pytest.mark.django_db
def test_make_renditions_command_fills_in_missing_files(capsys):
    image = ImageFactory(data=jpeg_bytes(700, 400))
    call_command("make_renditions")
    assert "rendition files written" in capsys.readouterr().out
    assert default_storage.exists(renditions.rendition(image, "thumb").fallback.path)


@pytest.mark.django_db
def test_an_uploaded_original_gets_a_name_nobody_can_guess_from_its_title():
    from articles import services

    image, _ = services.save_image(data=jpeg_bytes(400, 300), filename="minister-resigns.jpg", alt_text="A door")
    assert "minister" not in image.file.name
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")


@pytest.mark.django_db
def test_moving_the_focal_point_makes_new_crops_at_new_addresses():
    image = ImageFactory(data=jpeg_bytes(1600, 600))
    renditions.make_renditions(image)
    before = renditions.rendition(image, "card").src
    image.focal_x = 0.1
    image.save()
    assert renditions.make_renditions(image) > 0
    after = renditions.rendition(image, "card").src
    assert after != before and default_storage.exists(renditions.rendition(image, "card").fallback.path)
    assert renditions.rendition(image, "hero").src.endswith("hero-1600x600.jpg")  # uncropped: unaffected
