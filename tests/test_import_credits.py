"""Credits printed inside captions are split off the same way in every format, and only when they are credits."""

from pathlib import Path

import pytest

from articles.importers.formats import nitf
from articles.importers.formats.text import split_credit

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Fire at the mill. Picture: PA", ("Fire at the mill.", "PA")),
        ("Photograph: Jane Doe", ("", "Jane Doe")),
        ("Crowds gather. Credit: Reuters", ("Crowds gather.", "Reuters")),
        ("Flood water (Image: Sam Roe)", ("Flood water", "Sam Roe")),
        ("Flood water | Photo: Sam Roe", ("Flood water", "Sam Roe")),
    ],
)
def test_a_labelled_credit_at_a_sentence_start_or_in_the_end_segment_is_split_off(caption, expected):
    assert split_credit(caption) == expected


def test_a_label_word_inside_a_sentence_is_not_taken_for_a_credit():
    caption = "A view of the picture: sunset over the bay"

    assert split_credit(caption) == (caption, "")


def test_an_nitf_caption_that_is_only_a_credit_leaves_an_empty_caption_not_a_full_stop():
    [parsed] = list(nitf.parse(FIXTURES / "nitf" / "credit_only_caption.xml"))
    lead, second, third = parsed.story.images

    assert (lead.caption, lead.credit) == ("", "Jane Doe / PA")
    assert (second.caption, second.credit) == ("Boats at the start line!", "Sam Roe")
    assert (third.caption, third.credit) == ("Spectators on the quay.", "Ann Lee")
