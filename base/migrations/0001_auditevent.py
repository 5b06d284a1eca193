"""The audit trail moves from accounts to base: the same rows, in a table named for base."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0003_auditevent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(max_length=40)),
                        ("target", models.CharField(max_length=200)),
                        ("detail", models.JSONField(blank=True, default=dict)),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "audit event",
                        "ordering": ["-at"],
                        "db_table": "accounts_auditevent",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="auditevent", table=None),
    ]
