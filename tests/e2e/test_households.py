from playwright.sync_api import expect

from accounts.roles import Role
from places.models import Village
from tests.factories import CommuneFactory, UserFactory, wagtail_basics
from tests.households.test_import import HEADER, ROWS

from .test_quiz import log_in


def test_an_official_imports_a_list_and_sees_the_coverage(
    live_server, page, transactional_db, tmp_path
):
    wagtail_basics()  # the learner pages an official lands on after logging in
    commune = CommuneFactory(name="Xã Mường Phăng")
    Village.objects.create(commune=commune, name="Bản Co Sủ")
    official = UserFactory(username="canbo", role=Role.COMMUNE_OFFICIAL, home_commune=commune)
    bad = tmp_path / "danh-sach.csv"
    bad.write_text("\n".join(",".join(r) for r in [HEADER, *ROWS]) + "\n", encoding="utf-8")

    log_in(page, live_server, official.username)
    page.get_by_role("link", name="Hộ gia đình").click()
    page.get_by_role("link", name="Xã Mường Phăng").click()
    page.get_by_test_id("import-link").click()

    # First try: one village is missing; nothing is imported and the row is named.
    page.get_by_label("Danh sách hộ (CSV hoặc Excel)").set_input_files(str(bad))
    page.get_by_test_id("import-submit").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("Chưa nhập gì")
    expect(errors).to_contain_text("Bản Nà Nọ")

    Village.objects.create(commune=commune, name="Bản Nà Nọ")
    page.get_by_label("Danh sách hộ (CSV hoặc Excel)").set_input_files(str(bad))
    page.get_by_test_id("import-submit").click()
    # Nothing is written before the official has seen what the file changes.
    page.get_by_test_id("import-confirm").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("2 hộ mới")

    page.get_by_role("link", name="Xã Mường Phăng").click()
    table = page.get_by_test_id("coverage-table")
    expect(table).to_contain_text("Bản Co Sủ")
    expect(page.get_by_test_id("covered-total")).to_have_text("0")
    expect(page.get_by_test_id("uncovered")).to_contain_text("H001 – Lò Văn Pâng")
