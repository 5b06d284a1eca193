from search.selectors import ranked, search_learning
from search.synonyms import normalise
from tests.factories import course_with_lessons, lessons_of


def doc(kind, id, title, summary="", body=""):
    return {
        "kind": kind,
        "id": id,
        "course": 1,
        "title": f" {normalise(title)} ",
        "summary": f" {normalise(summary)} ",
        "body": f" {normalise(body)} ",
    }


DOCS = [
    doc("course", 1, "Cư trú và hộ tịch", "Khai báo tạm trú, đăng ký thường trú"),
    doc("lesson", 2, "Đăng ký tạm trú khi đi làm ăn xa", "Ở nơi khác quê thì đăng ký tạm trú"),
    doc("lesson", 3, "Đăng ký thường trú", "Chuyển hộ khẩu về nơi ở mới"),
    doc("lesson", 4, "Thẻ bảo hiểm y tế trên điện thoại", "Đi khám bằng VNeID"),
    doc("lesson", 5, "Không bao giờ đưa mã OTP", "OTP là chìa khoá"),
]


def ids(query):
    return [d["id"] for _, d in ranked(query=query, documents=DOCS)]


def test_a_title_match_ranks_a_lesson_first():
    assert ids("tạm trú")[0] == 2


def test_a_query_typed_without_accents_finds_the_same_as_with_them():
    assert ids("tam tru") == ids("TẠM TRÚ")


def test_a_small_typo_is_forgiven():
    assert ids("tam chu")[0] == 2
    assert ids("bao hiem y tee")[0] == 4


def test_an_abbreviation_finds_the_words_written_in_full():
    assert ids("bhyt")[0] == 4
    assert ids("ma xac thuc")[0] == 5


def test_an_everyday_word_finds_the_official_one():
    assert ids("ho khau")[0] == 3


def test_a_query_matching_nothing_finds_nothing():
    assert ids("qwerty zzz") == []
    assert ids("   ") == []


def test_only_live_lessons_are_found_each_with_its_course(db):
    course = course_with_lessons(title="Cư trú", slug="cu-tru", lessons=2)
    first, second = lessons_of(course)
    second.unpublish()
    found = search_learning(query="cu tru bai", locale=course.locale)
    lessons = [page for page in found if page.search_kind == "lesson"]
    assert [lesson.pk for lesson in lessons] == [first.pk]
    assert lessons[0].course.pk == course.pk


def test_a_page_published_after_a_search_is_found_by_the_next_one(db):
    course = course_with_lessons(title="Cư trú", slug="cu-tru", lessons=1)
    assert not any(
        p.title == "Giấy khai sinh"
        for p in search_learning(query="khai sinh", locale=course.locale)
    )
    from lessons.models import LessonPage

    lesson = LessonPage(title="Giấy khai sinh", slug="giay-khai-sinh", body=[])
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    found = search_learning(query="khai sinh", locale=course.locale)
    assert found[0].title == "Giấy khai sinh"
