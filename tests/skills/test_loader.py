"""``manage.py load_skill_framework`` loads the framework files of skills/data/ by version,
again without duplicates, beside older versions, and refuses a file it cannot trust."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skills.models import Framework, Skill, SkillGroup
from skills.selectors import current_framework
from tests.skills.factories import FRAMEWORK_V2, load, write

pytestmark = pytest.mark.django_db


def test_the_citizens_framework_loads_its_groups_and_skills_in_the_files_order():
    out = io.StringIO()
    call_command("load_skill_framework", stdout=out)
    framework = Framework.objects.get(code="3139-nguoi-dan-1.0")
    assert framework.is_current
    assert framework.source.startswith("Công văn 3139/BTTTT-KTS&XHS")
    assert [group.code for group in framework.groups.order_by("position")] == ["0", "1"]
    skills = Skill.objects.filter(group__framework=framework)
    assert [skill.code for skill in skills] == ["0.1", "0.2", "1.1", "1.2", "1.3"]
    assert str(skills.get(code="0.2")) == "0.2 Sử dụng phần mềm trên thiết bị"
    assert skills.get(code="1.3").name == "Quản lý dữ liệu, thông tin và nội dung"
    assert "Cách cài đặt, cập nhật và quản lý" in skills.get(code="0.2").description
    assert "2 groups, 5 skills (7 added, 0 updated)" in out.getvalue()
    assert "Current framework: 3139-nguoi-dan-1.0." in out.getvalue()


def test_loading_twice_leaves_one_copy_of_everything_with_the_same_keys():
    load()
    before = list(Skill.objects.values_list("pk", "code", "position"))
    out = io.StringIO()
    call_command("load_skill_framework", stdout=out)
    assert list(Skill.objects.values_list("pk", "code", "position")) == before
    assert (Framework.objects.count(), SkillGroup.objects.count()) == (1, 2)
    assert "(0 added, 0 updated)" in out.getvalue()


def test_a_changed_wording_is_updated_in_place(tmp_path):
    path = write(tmp_path, FRAMEWORK_V2)
    load(path)
    skill = Skill.objects.get(code="0.2")
    load(write(tmp_path, FRAMEWORK_V2.replace("Cài ứng dụng", "Cài và cập nhật ứng dụng")))
    skill.refresh_from_db()
    assert skill.name == "Cài và cập nhật ứng dụng"


def test_a_second_version_is_loaded_beside_the_first_and_the_newest_becomes_current(tmp_path):
    load()
    first = Framework.objects.get(code="3139-nguoi-dan-1.0")
    old_skill = Skill.objects.get(group__framework=first, code="0.2")
    load(write(tmp_path, FRAMEWORK_V2))
    assert current_framework().code == "v2"
    first.refresh_from_db()
    assert not first.is_current
    # The old version and its skills stay: tags and certificates point at them.
    assert Skill.objects.filter(pk=old_skill.pk).exists()
    assert Skill.objects.filter(code="0.2").count() == 2


def test_current_names_the_version_editors_tag_with(tmp_path):
    load()
    load(write(tmp_path, FRAMEWORK_V2), "--current", "3139-nguoi-dan-1.0")
    assert current_framework().code == "3139-nguoi-dan-1.0"
    assert Framework.objects.filter(is_current=True).count() == 1
    with pytest.raises(CommandError, match="--current nope: no framework has this code"):
        load("--current", "nope")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('title: "Khung thử nghiệm (phiên bản 2)"\n', ""), "the framework: missing key 'title'"),
        (('name: "Cài ứng dụng"', 'name: ""'), "group 0, skill 2: 'name' is empty"),
        (('code: "0.2"', 'code: "0.1"'), "group 0, skill 0.1: the code '0.1' is used twice"),
        (('code: "0.2"', "code: 0.2"), "group 0, skill 2: 'code' should be text (in quotes)"),
        (("issued_on: 2025-04-29", "issued_on: tháng tư"), "issued_on: write the date"),
        (('    name: "Cài ứng dụng"', '    name: "Cài ứng dụng"\n        level: 2'), "unknown key"),
    ],
)
def test_a_file_with_a_mistake_is_refused_naming_the_file_and_the_item(tmp_path, change, message):
    path = write(tmp_path, FRAMEWORK_V2.replace(*change))
    with pytest.raises(CommandError) as error:
        load(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert not Framework.objects.exists()


def test_two_files_with_the_same_version_code_are_refused(tmp_path):
    first = write(tmp_path, FRAMEWORK_V2, "a.yaml")
    second = write(tmp_path, FRAMEWORK_V2, "b.yaml")
    with pytest.raises(CommandError, match="another file has the code 'v2'"):
        load(first, second)
