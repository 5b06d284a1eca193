"""A commune official says which trainers serve the commune: she adds one by his phone number,
he opens a class there and sees its households; she removes him and the commune is gone."""

from pathlib import Path

from playwright.sync_api import expect

from accounts.roles import Role
from places.models import Village
from tests.factories import CommuneFactory, UserFactory, course_with_lessons, household

from .test_quiz import log_in

SHOTS = Path("var/screenshots/trainer-communes")


def test_an_official_adds_a_trainer_who_opens_a_class_then_removes_him(
    live_server, browser, transactional_db
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    here = CommuneFactory(name="Xã Mường Phăng")
    CommuneFactory(name="Xã Nậm Nhùn")  # another commune: never offered to the trainer
    household(here, Village.objects.create(commune=here, name="Bản Phăng"), "P1", None)
    course_with_lessons(title="VNeID", slug="vneid", lessons=1)
    UserFactory(
        role=Role.COMMUNE_OFFICIAL, username="canbo", first_name="Cà Văn Minh", home_commune=here
    )
    UserFactory(
        role=Role.TRAINER,
        username="taphuan",
        first_name="Lường Văn Hoa",
        phone="+84912000003",
        phone_verified=True,
    )

    official_phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    official = official_phone.new_page()
    log_in(official, live_server, "canbo")
    official.goto(f"{live_server.url}/accounts/nguoi-huong-dan/")  # straight to her commune
    expect(official.get_by_test_id("no-trainers")).to_be_visible()
    official.get_by_role("textbox").last.fill("0912 000 003")
    official.get_by_test_id("add-trainer").get_by_role("button").click()
    expect(official.get_by_test_id("commune-trainer")).to_contain_text("Lường Văn Hoa")
    expect(official.get_by_test_id("commune-trainer")).to_contain_text("Cà Văn Minh")
    official.screenshot(path=f"{SHOTS}/1-official-added-a-trainer.png", full_page=True)

    trainer_phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    trainer = trainer_phone.new_page()
    log_in(trainer, live_server, "taphuan")
    trainer.goto(f"{live_server.url}/lop-hoc/tao/")
    communes = trainer.locator("#id_commune option")
    expect(communes).to_contain_text(["Xã Mường Phăng"])
    assert "Xã Nậm Nhùn" not in trainer.locator("#id_commune").inner_text()
    trainer.screenshot(path=f"{SHOTS}/2-trainer-new-class.png", full_page=True)
    trainer.locator("#id_name").fill("Lớp VNeID bản Phăng")
    trainer.locator("#id_course").select_option(label="VNeID")
    trainer.locator("#id_commune").select_option(value=str(here.pk))
    trainer.locator("form.stack button.primary").click()
    trainer.wait_for_url(lambda url: "/lop-hoc/tao/" not in url)
    response = trainer.goto(f"{live_server.url}/ho-gia-dinh/xa/{here.code}/")
    assert response.status == 200

    official.get_by_test_id("remove-trainer").click()
    expect(official.get_by_test_id("no-trainers")).to_be_visible()
    official.screenshot(path=f"{SHOTS}/3-official-removed-him.png", full_page=True)
    response = trainer.goto(f"{live_server.url}/ho-gia-dinh/xa/{here.code}/")
    assert response.status == 404
    official_phone.close()
    trainer_phone.close()
