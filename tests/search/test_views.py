from django.urls import reverse

from tests.factories import course_with_lessons, lessons_of


def test_the_results_page_shows_lesson_and_course_cards(client, db):
    course = course_with_lessons(title="Tạm trú", slug="tam-tru", lessons=2)
    lesson = lessons_of(course)[0]
    response = client.get(reverse("search:results"), {"q": "tam tru bai 1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("search:results") == "/tim-kiem/"
    assert 'data-testid="lesson-card"' in html
    assert lesson.title in html and lesson.url in html
    assert 'data-testid="course-card"' in html
    # The header box keeps what was typed.
    assert 'value="tam tru bai 1"' in html


def test_nothing_found_says_so_and_suggests_the_essential_courses(client, db):
    course_with_lessons(title="VNeID", slug="vneid", essential=True)
    response = client.get(reverse("search:results"), {"q": "qwerty"})
    html = response.content.decode()
    assert 'data-testid="search-empty"' in html
    assert 'data-testid="course-card"' in html  # the suggestion
    assert 'data-testid="lesson-card"' not in html


def test_an_empty_query_asks_what_to_learn(client, db):
    course_with_lessons()
    response = client.get(reverse("search:results"))
    assert response.status_code == 200
    assert 'data-testid="search-empty"' in response.content.decode()


def test_every_page_has_the_search_box(client, db):
    course = course_with_lessons()
    html = client.get(course.url).content.decode()
    assert 'data-testid="site-search"' in html
    assert 'name="q"' in html and 'enterkeyhint="search"' in html
    assert "search/voice.js" in html
    # The microphone stays hidden until the script finds speech recognition.
    assert "data-voice hidden" in html.replace('data-testid="voice-search" ', "")
