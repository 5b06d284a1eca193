from django.contrib.auth.management import create_permissions
from django.db import migrations

# What an editor needs to write quizzes and place H5P content for the libraries installed;
# bringing new H5P code (manage_h5p_libraries) stays with the few trusted to. No delete: a
# quiz or activity holds learners' attempts.
EDITOR_PERMISSIONS = [
    ("quizzes", "quiz", ["add", "change", "view"]),
    ("quizzes", "h5pactivity", ["add", "change", "view"]),
]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make ours now to grant them.
    quizzes = apps.get_app_config("quizzes")
    quizzes.models_module = True
    create_permissions(quizzes, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Editors")
    for app_label, model, actions in EDITOR_PERMISSIONS:
        editors.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[f"{action}_{model}" for action in actions],
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="quizzes").exclude(
                codename="manage_h5p_libraries"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_attempt_score_reported_by_player"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
