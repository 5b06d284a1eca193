from django.db import migrations, models

from households.search import search_text


def fill_search_text(apps, schema_editor):
    """Existing households become findable: code, head and members' names, normalised."""
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("households", "Member")
    pks = list(Household.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), 1000):
        batch = pks[start : start + 1000]
        names = {pk: [] for pk in batch}
        members = Member.objects.filter(household_id__in=batch).order_by("pk")
        for household_id, name in members.values_list("household_id", "full_name"):
            names[household_id].append(name)
        households = list(Household.objects.filter(pk__in=batch).only("pk", "code", "head_name"))
        for household in households:
            household.search_text = search_text(
                household.code, household.head_name, names[household.pk]
            )
        Household.objects.bulk_update(households, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="household",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
