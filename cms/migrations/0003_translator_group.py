"""Translators work in the admin: they may open it and edit pages (their translations), not
publish them; the "Duyệt nội dung" workflow sends their work to an editor. Voice contributors
need no admin right at all; their group is made here so the role exists on every install."""

from django.db import migrations


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    found, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Group.objects.get_or_create(name="voice_contributor")
    translators, _created = Group.objects.get_or_create(name="translator")
    translators.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        GroupPagePermission.objects.get_or_create(
            group=translators,
            page=root,
            permission=permission(apps, "wagtailcore", "page", "change_page", "Can change page"),
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="translator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_vietnamese_default_workflow"),
        ("accounts", "0002_role_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
