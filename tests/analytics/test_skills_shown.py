"""Who has shown which skill of the framework, and by which evidence (analytics.skills)."""

import datetime
import types

import pytest
from django.utils import timezone

from analytics.skills import skills_shown
from households.models import Household, Level, Member
from places.models import Village
from quizzes.models import Quiz
from tests.analytics.factories import attempt, certificate, framework, practice_run
from tests.factories import (
    CommuneFactory,
    UserFactory,
    course_with_lessons,
    lessons_of,
    otp_quiz,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def place():
    commune = CommuneFactory(name="Xã Mường Phăng")
    village = Village.objects.create(commune=commune, name="Bản Phăng")
    return commune, village


@pytest.fixture
def skills():
    return framework(("1", ["1.1", "1.2"]), ("2", ["2.1"]))


def tag_questions(monkeypatch, quiz: Quiz, tags: dict[int, tuple[str, ...]]):
    """A stand-in for editors' tags (``skills``: Skill pks as text, per question), so these
    cases do not hang on the question blocks' format; the last test uses the real tag."""
    original = Quiz.question_list.fget

    def question_list(self):
        questions = original(self)
        if self.pk != quiz.pk:
            return questions
        return [
            types.SimpleNamespace(id=q.id, prompt=q.prompt, skills=tags.get(n, ()))
            for n, q in enumerate(questions)
        ]

    monkeypatch.setattr(Quiz, "question_list", property(question_list))


def test_a_valid_certificate_shows_its_skills_at_its_level(place, skills):
    commune, village = place
    learner = UserFactory(first_name="Lò Văn", last_name="Hùng", home_commune=commune)
    home = Household.objects.create(commune=commune, village=village, code="H1", head_name="Hùng")
    Member.objects.create(
        household=home, full_name="Lò Văn Hùng", birth_year=1970, relation="head", user=learner
    )
    course = course_with_lessons()
    made = certificate(
        course, [skills["1.1"], skills["2.1"]], holder=learner, commune=commune,
        level=Level.WITNESSED,
    )  # fmt: skip

    frame = skills_shown(communes=[commune])

    assert list(frame["skill_code"]) == ["1.1", "2.1"]
    row = frame.iloc[0]
    assert row["person"] == f"u{learner.pk}"
    assert row["name"] == "Lò Văn Hùng"  # the household's record of the name
    assert row["birth_year"] == 1970
    assert row["village"] == "Bản Phăng"
    assert row["commune"] == "Xã Mường Phăng"
    assert row["evidence"] == "certificate"
    assert row["level"] == Level.WITNESSED
    assert row["date"] == TODAY
    assert row["certificate_code"] == made.code
    assert row["confirmed_by"] == "Xã Mường Phăng"


def test_revoked_and_expired_certificates_show_nothing(place, skills):
    commune, _village = place
    learner = UserFactory(home_commune=commune)
    course = course_with_lessons()
    certificate(course, [skills["1.1"]], holder=learner, revoked=True)
    certificate(
        course,
        [skills["1.2"]],
        holder=learner,
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=1),
    )

    assert skills_shown(communes=[commune]).empty
    # On a day it was still valid, the expired one counted.
    earlier = skills_shown(communes=[commune], on=TODAY - datetime.timedelta(days=2))
    assert list(earlier["skill_code"]) == ["1.2"]


def test_a_practice_run_without_help_shows_the_lessons_skills(place, skills):
    commune, _village = place
    learner = UserFactory(home_commune=commune)
    helped = UserFactory(home_commune=commune)
    lesson = lessons_of(course_with_lessons())[0]
    lesson.skills.set([skills["1.2"]])
    lesson.save_revision().publish()
    practice_run(learner, lesson)
    practice_run(learner, lesson)  # twice: still one row
    practice_run(helped, lesson, without_help=False)

    frame = skills_shown(communes=[commune])

    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["person"], row["skill_code"]) == (f"u{learner.pk}", "1.2")
    assert (row["evidence"], row["level"]) == ("practice", Level.PRACTISED)


def test_a_right_answer_to_a_tagged_question_in_a_passed_attempt_shows_its_skills(
    monkeypatch, place, skills
):
    commune, _village = place
    learner = UserFactory(home_commune=commune)
    failed = UserFactory(home_commune=commune)
    quiz = otp_quiz()
    tag_questions(monkeypatch, quiz, {0: (str(skills["2.1"].pk),)})
    first, second = (q.id for q in quiz.question_list)
    attempt(learner, quiz, answers=[(first, True), (second, True)])
    attempt(failed, quiz, passed=False, answers=[(first, True), (second, False)])

    frame = skills_shown(communes=[commune])

    assert len(frame) == 1  # the second question is not tagged; the failed attempt counts not
    row = frame.iloc[0]
    assert (row["person"], row["skill_code"]) == (f"u{learner.pk}", "2.1")
    assert (row["evidence"], row["level"]) == ("quiz_answer", Level.QUIZ_VERIFIED)


def test_a_member_without_an_account_shows_skills_by_a_certificate_and_an_assisted_check(
    monkeypatch, place, skills
):
    commune, village = place
    home = Household.objects.create(commune=commune, village=village, code="H2", head_name="Lả")
    grandmother = Member.objects.create(
        household=home, full_name="Lò Thị Lả", birth_year=1950, relation="head"
    )
    ambassador = UserFactory(home_commune=CommuneFactory())
    quiz = otp_quiz()
    tag_questions(monkeypatch, quiz, {1: (str(skills["1.1"].pk),)})
    questions = [q.id for q in quiz.question_list]
    attempt(
        ambassador,
        quiz,
        answers=[(questions[1], True)],
        assisted_for=f"household-member:{grandmother.pk}",
    )
    certificate(course_with_lessons(), [skills["2.1"]], member=grandmother, commune=commune)

    frame = skills_shown(communes=[commune])

    assert set(frame["person"]) == {f"m{grandmother.pk}"}
    assert list(frame["skill_code"]) == ["1.1", "2.1"]
    assert set(frame["name"]) == {"Lò Thị Lả"}
    # The ambassador's own skills are not hers, and the ambassador is of another commune.
    assert skills_shown(users=[ambassador.pk]).empty


def test_people_of_other_communes_are_left_out(place, skills):
    commune, _village = place
    elsewhere = UserFactory(home_commune=CommuneFactory())
    certificate(course_with_lessons(), [skills["1.1"]], holder=elsewhere)

    assert skills_shown(communes=[commune]).empty
    assert len(skills_shown(users=[elsewhere.pk])) == 1


def test_a_question_tagged_by_its_editor_counts_without_any_stand_in(place, skills):
    """The real tag: the question block's "skills" value, read by Quiz.question_list."""
    commune, _village = place
    learner = UserFactory(home_commune=commune)
    quiz = Quiz.objects.create(
        title="Kiểm tra thẻ",
        questions=[
            (
                "true_false",
                {
                    "prompt": "<p>Không ai được hỏi mã OTP.</p>",
                    "is_true": True,
                    "feedback_correct": "",
                    "feedback_wrong": "",
                    "skills": [str(skills["1.2"].pk)],
                },
            )
        ],
    )
    (question,) = quiz.question_list
    attempt(learner, quiz, answers=[(question.id, True)])

    frame = skills_shown(communes=[commune])

    assert list(zip(frame["skill_code"], frame["evidence"], strict=True)) == [
        ("1.2", "quiz_answer")
    ]
