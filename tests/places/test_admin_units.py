import pytest
from django.core.management import call_command

from places.models import Commune, Province

pytestmark = pytest.mark.django_db


def test_the_national_list_loads_by_official_code_and_reloads_harmlessly():
    call_command("load_admin_units")
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    muong_phang = Commune.objects.get(code="03325")
    assert (muong_phang.name, muong_phang.province.code) == ("Xã Mường Phăng", "11")
    assert Commune.objects.filter(name__startswith="Đặc khu").count() == 13

    muong_phang.name = "Tên cũ"
    muong_phang.save()
    call_command("load_admin_units")
    muong_phang.refresh_from_db()
    assert muong_phang.name == "Xã Mường Phăng"
    assert Commune.objects.count() == 3321
