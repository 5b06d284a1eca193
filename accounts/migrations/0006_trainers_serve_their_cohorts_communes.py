"""Trainers used to see the communes of their cohorts; now they see the communes they serve.
So that nothing visible breaks, each trainer serves the communes of the cohorts they already
lead. These rows have no ``assigned_by``: the trainers page shows them for an official to
review, since a trainer could have made a cohort in any commune before."""

from django.db import migrations


def serve_the_communes_of_their_cohorts(apps, schema_editor):
    Cohort = apps.get_model("courses", "Cohort")
    TrainerCommune = apps.get_model("accounts", "TrainerCommune")
    pairs = set(
        Cohort.trainers.through.objects.values_list("user_id", "cohort__commune_id").distinct()
    )
    TrainerCommune.objects.bulk_create(
        [TrainerCommune(trainer_id=trainer, commune_id=commune) for trainer, commune in pairs],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_trainercommune"),
        ("courses", "0005_coursepage_certificate_valid_months_and_more"),
    ]

    operations = [
        migrations.RunPython(serve_the_communes_of_their_cohorts, migrations.RunPython.noop),
    ]
