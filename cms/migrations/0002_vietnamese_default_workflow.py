"""Wagtail names its default workflow after the Moderators group, in English; editors read it
on the publish button ("Gửi duyệt: Moderators approval"). Named in Vietnamese, where it still
has Wagtail's name."""

from django.db import migrations

ENGLISH, VIETNAMESE = "Moderators approval", "Duyệt nội dung"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):
    dependencies = [("cms", "0001_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, schema: rename(apps, ENGLISH, VIETNAMESE),
            lambda apps, schema: rename(apps, VIETNAMESE, ENGLISH),
        )
    ]
