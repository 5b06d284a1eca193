from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_auditevent"),
        ("base", "0001_auditevent"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="AuditEvent")]),
    ]
