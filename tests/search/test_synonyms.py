from search.synonyms import expansions, normalise, words


def test_normalising_drops_diacritics_and_case_and_turns_d_bar_into_d():
    assert normalise("Đăng ký TẠM TRÚ") == "dang ky tam tru"
    assert normalise("Bảo hiểm y tế") == "bao hiem y te"
    assert normalise("Căn cước công dân") == normalise("can cuoc cong dan")


def test_normalising_treats_decomposed_and_composed_accents_alike():
    composed = "Khai báo tạm trú"
    decomposed = "Khai ba\u0301o ta\u0323m tru\u0301"
    assert normalise(composed) == normalise(decomposed) == "khai bao tam tru"


def test_punctuation_separates_words():
    assert words("VNeID: “đăng nhập”, mã-OTP!") == ["vneid", "dang", "nhap", "ma", "otp"]


def test_an_abbreviation_brings_its_words_in_full_and_the_other_way_round():
    assert ["bao hiem y te", "the bao hiem"] in expansions("gia hạn BHYT")
    assert any("cccd" in group for group in expansions("thẻ căn cước công dân"))
    assert any("luu tru" in group for group in expansions("tam tru"))


def test_a_term_counts_only_as_whole_words():
    # "tai khoan" contains "tai" but is not "tải" (download).
    assert expansions("tai khoan") == []
    assert expansions("dichvucongx") == []


def test_a_query_without_a_known_term_brings_nothing():
    assert expansions("con mèo") == []
