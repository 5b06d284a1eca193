"""Settings read from the environment for more than one machine: the dashboards' replica
(DATABASE_REPLICA_URL) and uploaded files on an object store (MEDIA_S3_BUCKET). Each case
imports the production settings in a fresh process; nothing touches the network."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import json, django
    django.setup()
    from django.conf import settings
    from django.core.files.storage import default_storage, storages

    storage = settings.STORAGES["default"]
    found = {
        "aliases": sorted(settings.DATABASES),
        "replica": settings.DATABASES.get("replica", {}).get("NAME"),
        "replica_host": settings.DATABASES.get("replica", {}).get("HOST"),
        "replica_alias": settings.REPLICA_DATABASE_ALIAS,
        "routers": settings.DATABASE_ROUTERS,
        "storage": storage["BACKEND"],
        "options": storage.get("OPTIONS", {}),
        "storage_class": type(storages["default"]).__name__,
    }
    # A signed link is computed locally: no request leaves the machine.
    if found["storage"].endswith("S3Storage"):
        found["url"] = default_storage.url("narration/bai-1.mp3")
    from base.db_router import ReplicaRouter, reads_from_replica
    from lessons.models import LessonProgress
    with reads_from_replica():
        found["read_in_block"] = ReplicaRouter().db_for_read(LessonProgress)
    print(json.dumps(found))
    """
)


def settings_with(tmp_path, **env) -> dict:
    environment = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_", "MEDIA_S3_", "AWS_", "REDIS_"))
        },
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "NHASO_VAR_DIR": str(tmp_path),
        # Never reach a real metadata service or endpoint for credentials.
        "AWS_EC2_METADATA_DISABLED": "true",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_without_a_replica_or_a_bucket_there_is_one_database_and_files_on_disk(tmp_path):
    found = settings_with(tmp_path)
    assert found["aliases"] == ["default"]
    assert found["replica_alias"] is None
    assert found["read_in_block"] == "default"
    assert found["storage"] == "django.core.files.storage.FileSystemStorage"


def test_a_replica_url_adds_the_replica_the_dashboards_read(tmp_path):
    found = settings_with(
        tmp_path,
        DATABASE_URL="postgres://nhaso@db-primary.internal:5432/nhaso",
        DATABASE_REPLICA_URL="postgres://nhaso_ro@db-replica.internal:5432/nhaso",
    )
    assert found["aliases"] == ["default", "replica"]
    assert found["replica_alias"] == "replica"
    assert (found["replica"], found["replica_host"]) == ("nhaso", "db-replica.internal")
    assert found["routers"] == ["base.db_router.ReplicaRouter"]
    assert found["read_in_block"] == "replica"


def test_a_bucket_puts_uploaded_files_on_the_object_store(tmp_path):
    found = settings_with(
        tmp_path,
        MEDIA_S3_BUCKET="nhaso-media",
        MEDIA_S3_ENDPOINT_URL="https://s3.example.vn",
        MEDIA_S3_REGION="hn-1",
        MEDIA_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        MEDIA_S3_SECRET_ACCESS_KEY="secret-example",
    )
    assert found["storage"] == "storages.backends.s3.S3Storage"
    options = found["options"]
    assert options["bucket_name"] == "nhaso-media"
    assert options["endpoint_url"] == "https://s3.example.vn"
    assert options["region_name"] == "hn-1"
    assert options["default_acl"] == "private" and options["file_overwrite"] is False
    assert found["storage_class"] == "S3Storage"
    # Private files: a signed, expiring link under the media prefix.
    assert found["url"].startswith("https://s3.example.vn/nhaso-media/media/narration/bai-1.mp3?")
    assert "Signature=" in found["url"] or "X-Amz-Signature=" in found["url"]
