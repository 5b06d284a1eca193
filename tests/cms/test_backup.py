"""`manage.py backup` and `manage.py restore` bring a site back as it was: the same rows and
the same uploaded files (on the embedded SQLite; PostgreSQL uses pg_dump/pg_restore)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COUNTS = (
    "from accounts.models import User; from django.contrib.auth.models import Group; "
    "print(User.objects.count(), Group.objects.count(), User.objects.filter(is_staff=True).count())"
)


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_a_backup_restores_the_rows_and_the_files(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "NHASO_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("DATABASE_URL", None)  # the embedded default: SQLite under NHASO_VAR_DIR
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from accounts.models import User\n"
        "for n in range(3): User.objects.create(username=f'hocvien{n}', is_staff=n == 0)",
    )
    recording = tmp_path / "media" / "narration" / "giong-doc.ogg"
    recording.parent.mkdir(parents=True)
    recording.write_bytes(b"OggS recorded by a volunteer")
    before = manage(env, "shell", "-v", "0", "-c", COUNTS)

    archive = Path(manage(env, "backup", "--to", str(tmp_path / "backups")))
    assert archive.name.startswith("nhaso-") and archive.name.endswith(".tar.gz")

    wipe = "from accounts.models import User\nUser.objects.all().delete()"
    manage(env, "shell", "-v", "0", "-c", wipe)
    recording.unlink()
    assert manage(env, "shell", "-v", "0", "-c", COUNTS) != before

    manage(env, "restore", str(archive), "--yes")
    assert before.split()[0] == "3"
    assert manage(env, "shell", "-v", "0", "-c", COUNTS) == before
    assert recording.read_bytes() == b"OggS recorded by a volunteer"
