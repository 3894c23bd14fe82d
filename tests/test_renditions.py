import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles import images
from tests.factories import ImageFactory, jpeg_bytes


@pytest.mark.django_db
def test_renditions_are_made_once_in_both_formats_and_never_upscaled():
    image = ImageFactory(data=jpeg_bytes(1000, 500))
    assert images.make_renditions(image) > 0
    hero = images.rendition(image, "hero")
    assert [v.width for v in hero.variants if v.format == "jpeg"] == [640, 960]
    assert hero.height == 480
    assert all(default_storage.exists(v.path) for v in hero.variants)
    assert images.make_renditions(image) == 0  # reused, not remade


@pytest.mark.django_db
def test_social_rendition_is_a_cropped_jpeg():
    image = ImageFactory(data=jpeg_bytes(1600, 1200))
    social = images.rendition(image, "social")
    assert (social.width, social.height) == (1200, 630)
    assert {v.format for v in social.variants} == {"jpeg"}


@pytest.mark.django_db
def test_make_renditions_command_fills_in_missing_files(capsys):
    image = ImageFactory(data=jpeg_bytes(700, 400))
    call_command("make_renditions")
    assert "rendition files written" in capsys.readouterr().out
    assert default_storage.exists(images.rendition(image, "thumb").fallback.path)
