"""Numbers inside markup are never localised. Vietnamese writes 75,0 where markup needs
75.0: a bar ``width="75,0%"`` is no length, and the browser draws nothing. Every dashboard
is rendered in Vietnamese (the default language) with shares that are not whole numbers,
and every number the SVG (or any ``value``, ``data-*``) carries is read back as markup."""

import csv
import datetime
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.roles import Role
from analytics.charts import ROW  # one bar's band: its label, its bar, a gap
from courses.models import Cohort, CohortSession
from courses.services import add_member, record_attendance
from households.models import Level
from places.models import Village
from tests.analytics.test_dashboards import attempt
from tests.factories import (
    CommuneFactory,
    ProvinceFactory,
    UserFactory,
    course_with_lessons,
    household,
    quiz_with_every_question_type,
)

pytestmark = pytest.mark.django_db

# A CSS/SVG number, optionally a percentage: "75", "75.0", "-3.5", "33.3%".
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")
# What a localised number looks like, so a data-* holding one is checked too: "75,0", "1.040".
NUMBERISH = re.compile(r"^-?[\d.,\s\u202f\u00a0]*\d[\d.,\s\u202f\u00a0]*%?$")
SVG_NUMBERS = {"width", "height", "x", "y", "x1", "x2", "y1", "y2", "rx", "ry", "cx", "cy", "r"}
VALUE_TAGS = {"meter", "progress", "li"}
TRANSLATE = re.compile(r"translate\(([^)]*)\)")


class Markup(HTMLParser):
    """Every number found in the page's attributes, with where it was, and each chart's bars
    (label, value text, bar width) and band offsets."""

    def __init__(self):
        super().__init__()
        self.numbers: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.charts: list[dict] = []
        self._in_svg = False
        self._in_chart = False  # an SVG chart; icons beside words are SVG too, and no chart
        self._text_class = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg":
            self._in_svg = True
            self._in_chart = attrs.get("role") == "img"
            if self._in_chart:
                self.charts.append({"height": attrs.get("height"), "offsets": [], "bars": []})
        for name, value in attrs.items():
            if value is None:
                continue
            if self._in_svg and name in SVG_NUMBERS:
                self.numbers.append((tag, name, value))
            elif name == "value" and tag in VALUE_TAGS:
                self.numbers.append((tag, name, value))
            elif name.startswith("data-") and NUMBERISH.match(value.strip()):
                self.numbers.append((tag, name, value))
            elif name == "transform":
                for arguments in TRANSLATE.findall(value):
                    for number in re.split(r"[\s]+", arguments.strip()):
                        self.numbers.append((tag, "transform", number))
        if not self._in_chart:
            return
        chart = self.charts[-1]
        if tag == "g" and "transform" in attrs:
            found = TRANSLATE.search(attrs["transform"])
            chart["offsets"].append(found.group(1).split()[-1] if found else "")
            chart["bars"].append({"label": "", "text": "", "width": None})
        elif tag == "text":
            self._text_class = attrs.get("class")
        elif tag == "rect" and attrs.get("class") == "chart-bar":
            chart["bars"][-1]["width"] = attrs.get("width")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = self._in_chart = False
        if tag == "text":
            self._text_class = None

    def handle_data(self, data):
        if self._in_chart and self._text_class and self.charts[-1]["bars"]:
            key = {"chart-label": "label", "chart-value": "text"}.get(self._text_class)
            if key:
                self.charts[-1]["bars"][-1][key] += data


def read(html: str) -> Markup:
    markup = Markup()
    markup.feed(html)
    markup.close()
    return markup


def assert_plain_numbers(markup: Markup):
    wrong = [found for found in markup.numbers if not NUMBER.match(found[2])]
    assert not wrong, wrong
    for chart in markup.charts:
        # A grouped thousand ("1.040") would still parse as a number: check the sums instead.
        assert chart["offsets"] == [str(n * ROW) for n in range(len(chart["bars"]))]
        assert chart["height"] == str(len(chart["bars"]) * ROW)


def bars(markup: Markup) -> dict[str, dict]:
    return {bar["label"]: bar for chart in markup.charts for bar in chart["bars"]}


@pytest.fixture
def world():
    """Bản Một: 3 of 4 households covered (75 %); Bản Hai: 1 of 3 (33.3 %). Xã Không Ai:
    households, none covered (0 %). Xã Trống: no household (no data). A cohort of 4 in
    Xã Nậm Nhùn: 3 of 4 at the first session (75 %), then 1 of 4 at each of 19 more (a
    chart taller than a thousand pixels); one question missed by 1 of its 3 answers."""
    province = ProvinceFactory(code="12", name="Tỉnh Lai Châu")
    commune = CommuneFactory(name="Xã Nậm Nhùn", province=province)
    một = Village.objects.create(commune=commune, name="Bản Một")
    hai = Village.objects.create(commune=commune, name="Bản Hai")
    for n, level in enumerate([Level.QUIZ_VERIFIED] * 3 + [None]):
        household(commune, một, f"M{n}", level)
    for n, level in enumerate([Level.WITNESSED, None, None]):
        household(commune, hai, f"H{n}", level)
    nobody = CommuneFactory(name="Xã Không Ai", province=province)
    household(nobody, Village.objects.create(commune=nobody, name="Bản Xa"), "K1", None)
    empty = CommuneFactory(name="Xã Trống", province=province)
    Village.objects.create(commune=empty, name="Bản Trống")

    course = course_with_lessons(title="VNeID", slug="vneid", lessons=3)
    quiz = quiz_with_every_question_type()
    course.final_quiz = quiz
    course.save()
    trainer = UserFactory(role=Role.TRAINER)
    cohort = Cohort.objects.create(name="Lớp Nậm Nhùn", course=course, commune=commune)
    cohort.trainers.add(trainer)
    members = [UserFactory(role=Role.LEARNER, home_commune=commune) for _ in range(4)]
    for member in members:
        add_member(cohort=cohort, user=member)
    now = timezone.now()
    for n in range(20):
        held = CohortSession.objects.create(
            cohort=cohort, starts_at=now - datetime.timedelta(days=30 - n)
        )
        present = members[:3] if n == 0 else members[:1]
        record_attendance(
            session=held, present_user_ids={m.pk for m in present}, recorded_by=trainer
        )
    question = quiz.question_list[0].id
    for member, correct in zip(members[:3], (False, True, True), strict=True):
        attempt(member, quiz, score=float(correct), passed=correct, answers=[(question, correct)])
    return {
        "province": province,
        "commune": commune,
        "cohort": cohort,
        "trainer": trainer,
        "official": UserFactory(role=Role.COMMUNE_OFFICIAL, home_commune=commune),
        "province_admin": UserFactory(role=Role.PROVINCE_ADMIN, home_commune=commune),
    }


def dashboard(client, user, name, *args) -> str:
    client.force_login(user)
    response = client.get(reverse(f"analytics:{name}", args=args))
    assert response.status_code == 200, (name, response.status_code)
    assert response.headers["Content-Language"] == "vi"
    return response.content.decode()


# Thousands grouped or not (USE_THOUSAND_SEPARATOR), the markup is the same.
@pytest.fixture(params=[False, True], ids=["plain", "grouped"])
def grouping(request, settings):
    settings.USE_THOUSAND_SEPARATOR = request.param
    return request.param


def test_the_commune_chart_draws_three_quarters_as_75_percent_in_vietnamese(client, world):
    markup = read(dashboard(client, world["official"], "commune", world["commune"].code))
    assert_plain_numbers(markup)
    drawn = bars(markup)
    assert drawn["Bản Một"]["width"] in ("75%", "75.0%")
    assert drawn["Bản Hai"]["width"] == "33.3%"
    assert drawn["Bản Một"]["text"] == "75%"  # the words beside it are for people


def test_the_cohort_charts_draw_their_shares_with_a_point(client, world, grouping):
    markup = read(dashboard(client, world["trainer"], "cohort", world["cohort"].pk))
    assert_plain_numbers(markup)
    attendance, missed = markup.charts
    assert len(attendance["bars"]) == 20 and attendance["height"] == "1040"
    assert attendance["bars"][0]["width"] in ("75%", "75.0%")
    assert attendance["bars"][1]["width"] in ("25%", "25.0%")
    assert [bar["width"] for bar in missed["bars"]] == ["33.3%"]


def test_the_trainer_dashboard_has_no_localised_number_in_its_markup(client, world):
    assert_plain_numbers(read(dashboard(client, world["trainer"], "trainer")))


# The province report is queued when the request's transaction commits, and built at once.
@pytest.mark.django_db(transaction=True)
def test_the_province_chart_draws_its_communes_shares_with_a_point(wagtail_locale, client, world):
    markup = read(dashboard(client, world["province_admin"], "province", world["province"].code))
    assert_plain_numbers(markup)
    drawn = bars(markup)
    assert drawn["Xã Nậm Nhùn"]["width"] == "57.1%"  # 4 of 7
    assert drawn["Xã Không Ai"]["width"] in ("0%", "0.0%")  # households, none covered


class Rows(HTMLParser):
    """A table's rows as the text of their cells."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._row: list[str] | None = None
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._in_cell = True
            self._row.append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._in_cell = False
        elif tag == "tr" and self._row:
            self.rows.append([cell.strip() for cell in self._row])
            self._row = None

    def handle_data(self, data):
        if self._in_cell:
            self._row[-1] += data


def table_rows(html: str, key: str, *, by: int) -> dict[str, list[str]]:
    """The rows of the dashboard's table ``key``, by the text of their cell ``by``."""
    start = html.index(f'data-testid="table-{key}"')
    parser = Rows()
    parser.feed(html[start : html.index("</table>", start)])
    return {row[by]: row for row in parser.rows}


# The province report is queued when the request's transaction commits, and built at once.
@pytest.mark.django_db(transaction=True)
def test_a_commune_without_households_reads_no_data_yet_and_one_with_nobody_covered_0_percent(
    wagtail_locale, client, world
):
    code = world["province"].code
    html = dashboard(client, world["province_admin"], "province", code)
    no_data = gettext("No data yet")  # "chưa có dữ liệu"
    # rank, commune, households, then (covered, share) at each of the three levels, ...
    rows = table_rows(html, "communes", by=1)
    shares = [4, 6, 8]
    assert [rows["Xã Trống"][n] for n in shares] == [no_data] * 3
    assert [rows["Xã Không Ai"][n] for n in shares] == ["0%"] * 3
    assert rows["Xã Trống"][0] == "–"  # no rank where there is nothing to rank by

    # The chart: a bar of 0 for the commune with households, none for the one without,
    # named under it instead of left out in silence.
    drawn = bars(read(html))
    assert "Xã Trống" not in drawn and drawn["Xã Không Ai"]["text"] == "0%"
    caption = html[html.index('data-testid="chart-communes-no-data"') :].split("</span>")[0]
    assert "Xã Trống" in caption and "Xã Không Ai" not in caption

    csv_rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("analytics:province_export", args=[code, "communes", "csv"]))
                .content.decode()
                .lstrip("\ufeff")
            )
        )
    )
    by_commune = {row[1]: row for row in csv_rows[1:]}
    assert [by_commune["Xã Trống"][n] for n in shares] == ["", "", ""]
    assert [by_commune["Xã Không Ai"][n] for n in shares] == ["0.0", "0.0", "0.0"]

    book = client.get(reverse("analytics:province_export", args=[code, "communes", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    by_commune = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert [by_commune["Xã Trống"][n] for n in shares] == [None, None, None]
    assert [by_commune["Xã Không Ai"][n] for n in shares] == [0, 0, 0]


@pytest.fixture
def wagtail_locale(transactional_db):
    # A transactional test's flush empties the default locale Wagtail's migrations made.
    from tests.factories import wagtail_basics

    return wagtail_basics()
