"""Installs a validated H5P package: libraries de-duplicated by name and version under
MEDIA_ROOT/h5p/libraries/, content under MEDIA_ROOT/h5p/content/<uuid>/. All or nothing."""

import json
import shutil
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import h5p_adapter, h5p_package
from .models import H5PActivity, H5PLibrary

PERMISSION = "quizzes.manage_h5p_libraries"


def h5p_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "h5p"


def library_root() -> Path:
    return h5p_root() / "libraries"


def library_dir(folder: str) -> Path:
    return library_root() / folder


def content_dir(activity: H5PActivity) -> Path:
    return h5p_root() / "content" / str(activity.folder)


def _installed(ref) -> H5PLibrary | None:
    return H5PLibrary.objects.filter(
        machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor
    ).first()


def _plan(package, user) -> list:
    """The bundled libraries to install; refuses missing libraries and unpermitted code."""
    missing = sorted(
        str(ref)
        for ref in h5p_package.needed_libraries(package)
        if ref.folder not in package.libraries and _installed(ref) is None
    )
    if missing:
        raise ValidationError(
            _(
                "The package needs libraries that are neither in it nor installed here: "
                "%(libraries)s. Export it again with its libraries included."
            )
            % {"libraries": ", ".join(missing)}
        )
    to_install = []
    for bundled in package.libraries.values():
        installed = _installed(bundled.ref)
        if installed is None or bundled.patch > installed.patch_version:
            to_install.append(bundled)
    if to_install and not user.has_perm(PERMISSION):
        raise ValidationError(
            _(
                "This package brings new or updated H5P code (%(libraries)s). Only people "
                "allowed to manage H5P libraries may upload it; ask one of them."
            )
            % {"libraries": ", ".join(sorted(str(b.ref) for b in to_install))}
        )
    return to_install


def _extract(upload, members, prefix: str, destination: Path) -> None:
    """Write the members under ``prefix`` to ``destination``; sizes were checked already."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        for info in members:
            parts = PurePosixPath(info.filename).parts
            if info.is_dir() or parts[0] != prefix or len(parts) < 2:
                continue
            target = destination.joinpath(*parts[1:])
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as source, target.open("wb") as output:
                shutil.copyfileobj(source, output)


def check(*, upload, user) -> None:
    """Everything ``install`` refuses, without writing anything."""
    _plan(h5p_package.read(upload), user)


def install(*, upload, title: str, user) -> H5PActivity:
    package = h5p_package.read(upload)
    to_install = _plan(package, user)
    upload.seek(0)
    # The stored answer key is content.json as pyh5p reads it, sanitised like the rest.
    package.content = h5p_package.sanitise(h5p_adapter.content_of(upload.read()))
    staging = h5p_root() / "incoming" / uuid.uuid4().hex
    replaced: list[tuple[Path, Path]] = []  # (live folder, its backup)
    created: list[Path] = []
    try:
        for bundled in to_install:
            _extract(upload, package.members, bundled.ref.folder, staging / bundled.ref.folder)
        activity_folder = uuid.uuid4()
        content_target = h5p_root() / "content" / str(activity_folder)
        _extract(upload, package.members, "content", staging / "content")
        (staging / "content" / "content.json").write_text(
            json.dumps(package.content, ensure_ascii=False), encoding="utf-8"
        )
        # The player reads h5p.json from the same folder (h5pJsonPath = contentJsonPath).
        (staging / "content" / "h5p.json").write_text(
            json.dumps(package.h5p, ensure_ascii=False), encoding="utf-8"
        )
        with transaction.atomic():
            for bundled in to_install:
                live = library_dir(bundled.ref.folder)
                if live.exists():
                    backup = staging / f"old-{bundled.ref.folder}"
                    live.rename(backup)
                    replaced.append((live, backup))
                live.parent.mkdir(parents=True, exist_ok=True)
                (staging / bundled.ref.folder).rename(live)
                created.append(live)
                H5PLibrary.objects.update_or_create(
                    machine_name=bundled.ref.machine_name,
                    major_version=bundled.ref.major,
                    minor_version=bundled.ref.minor,
                    defaults={
                        "patch_version": bundled.patch,
                        "title": bundled.title,
                        "runnable": bundled.runnable,
                    },
                )
            content_target.parent.mkdir(parents=True, exist_ok=True)
            (staging / "content").rename(content_target)
            created.append(content_target)
            libraries = [_installed(ref) for ref in h5p_package.needed_libraries(package)]
            activity = H5PActivity.objects.create(
                title=title or package.h5p.get("title") or package.main_library.machine_name,
                folder=activity_folder,
                main_library=_installed(package.main_library),
                h5p_json=package.h5p,
                content_json=package.content,
                uploaded_by=user,
            )
            activity.libraries.set(libraries)
    except Exception:
        for path in created:
            shutil.rmtree(path, ignore_errors=True)
        for live, backup in replaced:
            backup.rename(live)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return activity
