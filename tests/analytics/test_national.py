"""The national overview: every province's coverage, summed from the roll-up."""

import pytest

from analytics import reports
from households.models import Level
from places.models import Province, Village
from tests.factories import CommuneFactory, household

pytestmark = pytest.mark.django_db


def test_each_province_counts_its_households_by_hand_and_empty_ones_show_no_share():
    dien_bien = Province.objects.create(code="11", name="Tỉnh Điện Biên")
    lai_chau = Province.objects.create(code="12", name="Tỉnh Lai Châu")
    Province.objects.create(code="14", name="Tỉnh Sơn La")  # no household yet
    for province, homes in [
        (dien_bien, [(Level.WITNESSED,), (Level.QUIZ_VERIFIED, None), (Level.QUIZ_VERIFIED,), ()]),
        (lai_chau, [(Level.SELF_REPORTED,), (Level.QUIZ_VERIFIED,)]),
    ]:
        commune = CommuneFactory(province=province)
        village = Village.objects.create(commune=commune, name="Bản 1")
        for n, levels in enumerate(homes):
            household(commune, village, f"{province.code}-{n}", *levels)

    report = reports.national_report()
    rows = report.table("provinces").frame.set_index("code")
    assert rows.loc["11", "households"] == 4
    assert rows.loc["11", f"covered_{Level.QUIZ_VERIFIED}"] == 3
    assert rows.loc["11", f"covered_{Level.WITNESSED}"] == 1
    assert rows.loc["11", "members"] == 4  # the fourth household has nobody recorded yet
    assert rows.loc["12", f"covered_{Level.SELF_REPORTED}"] == 2
    assert rows.loc["12", f"share_{Level.QUIZ_VERIFIED}"] == 0.5
    assert rows.loc["14", "households"] == 0
    assert rows["share_2"].isna()["14"]  # nothing measured: no "0 %"
    # Highest share first, the empty province last.
    assert list(rows.index) == ["11", "12", "14"]
    assert report.facts[1][1] == 6  # households


def test_only_those_who_answer_for_the_country_open_it_and_its_export_is_logged(client):
    from django.urls import reverse

    from accounts.roles import Role
    from base.models import AuditEvent
    from tests.factories import UserFactory

    province = Province.objects.create(code="11", name="Tỉnh Điện Biên")
    commune = CommuneFactory(province=province)
    household(commune, Village.objects.create(commune=commune, name="Bản 1"), "H1", Level.WITNESSED)
    url = reverse("analytics:national")
    client.force_login(UserFactory(role=Role.PROVINCE_ADMIN, home_commune=commune))
    assert client.get(url).status_code == 403
    assert (
        client.get(reverse("analytics:national_export", args=["provinces", "csv"])).status_code
        == 403
    )

    client.force_login(UserFactory(is_superuser=True))
    page = client.get(url)
    assert page.status_code == 200
    assert "Tỉnh Điện Biên" in page.content.decode()
    assert reverse("analytics:province", args=["11"]) in page.content.decode()
    download = client.get(reverse("analytics:national_export", args=["provinces", "csv"]))
    assert download.status_code == 200
    assert "Tỉnh Điện Biên" in download.content.decode("utf-8-sig")
    assert AuditEvent.objects.filter(action="analytics.export", target="national").exists()
