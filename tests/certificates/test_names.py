"""The verification page shows the holder's family name and initials, never the whole name."""

import unicodedata

import pytest

from certificates.names import mask_name


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Nguyễn Văn An", "Nguyễn V. A."),
        ("Lò Thị Ánh", "Lò T. Á."),
        ("Đặng Đức Ơn", "Đặng Đ. Ơ."),
        ("Vì Văn Ượng", "Vì V. Ư."),
        ("Hoàng Thị Thu Hương", "Hoàng T. T. H."),
        ("  Trần   Ích  ", "Trần Í."),
        ("lê văn ba", "lê V. B."),
        ("Mai", "M."),
        ("", ""),
        ("   ", ""),
    ],
)
def test_the_family_name_stays_and_the_other_words_become_initials(name, shown):
    assert mask_name(name) == shown


def test_a_name_typed_with_combining_accents_keeps_its_accented_initials():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Ánh Ượng")
    assert mask_name(decomposed) == "Nguyễn Á. Ư."


def test_the_given_name_never_shows_in_full():
    assert "An" not in mask_name("Nguyễn Văn An").split()
