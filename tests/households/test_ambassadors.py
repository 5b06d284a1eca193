import datetime
from uuid import uuid4

import pytest
from django.urls import reverse

from accounts.roles import Role
from households.models import AmbassadorLink, Evidence, Household, Level, Member, TeachingVisit
from households.selectors import members_with_level
from places.models import Village
from quizzes.models import Attempt
from tests.factories import CommuneFactory, UserFactory, quiz_with_every_question_type
from tests.quizzes.test_attempts import RIGHT

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(course):
    commune = CommuneFactory()
    village = Village.objects.create(commune=commune, name="Bản Phăng")
    home = Household.objects.create(
        commune=commune, village=village, code="P7", head_name="Lò Văn Pâng"
    )
    grandma = Member.objects.create(
        household=home, full_name="Lò Thị Ún", birth_year=1955, relation="parent"
    )
    student = UserFactory(role=Role.AMBASSADOR, home_commune=commune)
    official = UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    course.final_quiz = quiz_with_every_question_type()
    course.save_revision().publish()
    return {
        "commune": commune,
        "home": home,
        "grandma": grandma,
        "student": student,
        "official": official,
        "course": course,
    }


def ask_and_approve(client, s):
    client.force_login(s["student"])
    client.post(
        reverse("households:link_request"),
        {"commune_code": s["commune"].code, "household_code": "P7", "relation": "Cháu nội"},
    )
    client.force_login(s["official"])
    link = AmbassadorLink.objects.get()
    client.post(reverse("households:link_approve", args=[link.pk]))
    client.force_login(s["student"])


def test_an_ambassador_sees_a_household_only_after_approval(client, setting):
    client.force_login(setting["student"])
    client.post(
        reverse("households:link_request"),
        {"commune_code": setting["commune"].code, "household_code": "P7", "relation": "Cháu nội"},
    )
    page = client.get(reverse("households:mine")).content.decode()
    assert "Lò Thị Ún" not in page
    # An unknown code gets the same answer: codes do not reveal households.
    response = client.post(
        reverse("households:link_request"),
        {"commune_code": setting["commune"].code, "household_code": "NOPE", "relation": "x"},
        follow=True,
    )
    assert "Đã gửi yêu cầu" in response.content.decode()

    client.force_login(setting["official"])
    commune_page = client.get(
        reverse("households:commune", args=[setting["commune"].code])
    ).content.decode()
    assert 'data-testid="approve-link"' in commune_page
    client.post(reverse("households:link_approve", args=[AmbassadorLink.objects.get().pk]))
    client.force_login(setting["student"])
    assert "Lò Thị Ún" in client.get(reverse("households:mine")).content.decode()


def test_a_teaching_visit_and_the_ambassadors_word_give_self_reported(client, setting):
    ask_and_approve(client, setting)
    client.post(
        reverse("households:teaching_visit", args=[setting["grandma"].pk]),
        {"skill": "Đăng nhập VNeID", "visited_on": "2026-11-21", "can_do_it": "on"},
    )
    visit = TeachingVisit.objects.get()
    assert (visit.ambassador, visit.visited_on) == (setting["student"], datetime.date(2026, 11, 21))
    level = members_with_level(setting["home"]).get(pk=setting["grandma"].pk).level
    assert level == Level.SELF_REPORTED
    # The visit shows on their page, so they see what is left to teach.
    page = client.get(reverse("households:mine")).content.decode()
    assert "Đăng nhập VNeID" in page and 'data-testid="visits"' in page


def test_assisted_check_on_the_students_phone_counts_for_the_member(client, setting):
    ask_and_approve(client, setting)
    url = reverse("households:assisted_check", args=[setting["grandma"].pk, setting["course"].pk])
    response = client.post(url)
    attempt = Attempt.objects.get()
    assert response.url == reverse("quizzes:question", args=[attempt.pk, 1])
    assert attempt.assisted_for == f"household-member:{setting['grandma'].pk}"
    for number, question in enumerate(attempt.quiz.question_list, start=1):
        data = {"client_id": str(uuid4())}
        answer = RIGHT[question.type](question)
        if question.type == "single_choice":
            data["choice"] = answer["choice"]
        elif question.type == "multiple_choice":
            data["choices"] = answer["choices"]
        elif question.type == "true_false":
            data["value"] = "true"
        elif question.type == "ordering":
            data.update({f"position-{sid}": n for n, sid in enumerate(answer["order"], 1)})
        else:
            data.update({"tap.x": "100", "tap.y": "340", "tap_width": "200", "tap_height": "400"})
        client.post(reverse("quizzes:question", args=[attempt.pk, number]), data)
    attempt.refresh_from_db()
    assert attempt.passed
    evidence = Evidence.objects.get(member=setting["grandma"])
    assert (evidence.kind, evidence.level) == (Evidence.Kind.ASSISTED_QUIZ, Level.QUIZ_VERIFIED)
    # The student's own record is untouched: not their attempt.
    start = client.get(reverse("quizzes:quiz", args=[attempt.quiz.pk])).content.decode()
    assert 'data-testid="past-attempts"' not in start


def test_an_ambassador_cannot_act_for_a_household_not_approved(client, setting):
    client.force_login(setting["student"])
    response = client.post(
        reverse("households:teaching_visit", args=[setting["grandma"].pk]),
        {"skill": "x", "visited_on": "2026-11-21"},
    )
    assert response.status_code == 404
    assert (
        client.post(
            reverse("households:assisted_check", args=[setting["grandma"].pk, setting["course"].pk])
        ).status_code
        == 404
    )
    assert not Attempt.objects.exists()
