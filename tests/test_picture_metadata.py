"""An agency picture's own caption, credit and photographer fill the library's fields when the editor leaves them
blank: IPTC IIM as wire pictures carry it, XMP as Lightroom and Photo Mechanic write it, EXIF from the camera."""

import pyexiv2
import pytest

from articles import picture_metadata, services
from tests.factories import jpeg_bytes

pytestmark = pytest.mark.django_db

CAPTION = "Rescue workers search the rubble of a building in Aleppo, Syria, on 6 March 2026. The quake struck at dawn."


def tagged(data: bytes, *, iptc=None, xmp=None, exif=None) -> bytes:
    """``data`` with the metadata written into it, as a camera or an agency's system writes it."""
    with pyexiv2.ImageData(data) as image:
        if iptc:
            image.modify_iptc(iptc)
        if xmp:
            image.modify_xmp(xmp)
        if exif:
            image.modify_exif(exif)
        return image.get_bytes()


def agency_jpeg(color=(90, 60, 30)) -> bytes:
    return tagged(
        jpeg_bytes(1200, 800, color),
        iptc={
            "Iptc.Application2.Caption": CAPTION,
            "Iptc.Application2.Credit": "AFP",
            "Iptc.Application2.Byline": ["Omar Haj Kadour"],
            "Iptc.Application2.Headline": "Rescue workers in Aleppo",
        },
        exif={"Exif.Photo.DateTimeOriginal": "2026:03:06 07:41:10"},
    )


def test_iptc_caption_credit_byline_headline_and_date_are_read():
    embedded = picture_metadata.read(agency_jpeg())

    assert embedded.caption == CAPTION
    assert (embedded.credit, embedded.byline) == ("AFP", "Omar Haj Kadour")
    assert embedded.library_credit == "AFP/Omar Haj Kadour"
    assert embedded.alt == ""  # the file carries no alt text of its own…
    assert embedded.alt_suggestion == "Rescue workers in Aleppo"  # …so its headline is offered, as a suggestion
    assert embedded.taken == "2026-03-06T07:41:10"


def test_xmp_is_read_when_there_is_no_iptc_and_the_caption_s_first_sentence_is_the_alt_suggestion():
    data = tagged(
        jpeg_bytes(800, 600),
        xmp={
            "Xmp.dc.description": {
                'lang="x-default"': "Flood water fills the square in Hebden Bridge. More rain is due."
            },
            "Xmp.photoshop.Credit": "Reuters",
            "Xmp.dc.creator": ["Phil Noble"],
            "Xmp.photoshop.DateCreated": "2026-02-11T09:30:00",
        },
    )

    embedded = picture_metadata.read(data)

    assert embedded.caption == "Flood water fills the square in Hebden Bridge. More rain is due."
    assert embedded.library_credit == "Reuters/Phil Noble"
    assert embedded.alt_suggestion == "Flood water fills the square in Hebden Bridge."
    assert embedded.taken == "2026-02-11T09:30:00"


def test_a_png_with_xmp_is_read_too():
    from tests.test_upload_safety import png_bytes

    data = tagged(png_bytes((300, 200)), xmp={"Xmp.photoshop.Credit": "PA", "Xmp.dc.creator": ["Jane Roe"]})

    assert picture_metadata.read(data).library_credit == "PA/Jane Roe"


def test_a_picture_without_metadata_or_unreadable_bytes_gives_nothing_and_never_fails():
    assert picture_metadata.read(jpeg_bytes(100, 80)) == picture_metadata.Embedded()
    assert picture_metadata.read(b"not a picture at all") == picture_metadata.Embedded()


def test_an_upload_takes_the_files_caption_and_credit_when_the_editor_left_them_blank():
    image, created = services.save_image(data=agency_jpeg(), filename="AFP_34XY.jpg")

    assert created
    assert image.caption == CAPTION
    assert image.credit == "AFP/Omar Haj Kadour"
    assert image.alt_text == ""  # a suggestion is never stored as if someone had written it


def test_what_the_editor_typed_wins_over_the_file():
    image, _ = services.save_image(data=agency_jpeg(), filename="a.jpg", caption="Our own caption", credit="Staff")

    assert (image.caption, image.credit) == ("Our own caption", "Staff")


def test_the_same_picture_with_other_metadata_bytes_is_a_different_file_but_identical_bytes_are_one():
    first, created = services.save_image(data=agency_jpeg(), filename="a.jpg")
    again, created_again = services.save_image(data=agency_jpeg(), filename="copy-of-a.jpg")

    assert created and not created_again and again.pk == first.pk
    assert services.find_duplicate_image(agency_jpeg()) == first


def test_latin_1_iptc_from_an_older_agency_system_is_read():
    data = tagged(jpeg_bytes(300, 200), iptc={"Iptc.Application2.Credit": "Agence"})
    # Rewrite the credit's bytes as Latin-1 "Agençe": exiv2 writes UTF-8, older systems did not.
    latin = data.replace(b"Agence", "Agençe".encode("latin-1"), 1)

    embedded = picture_metadata.read(latin)

    assert embedded.credit.startswith("Agen")
