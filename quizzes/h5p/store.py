"""Installs a validated H5P package: libraries de-duplicated by name and version under
MEDIA_ROOT/h5p/libraries/, content under MEDIA_ROOT/h5p/content/<uuid>/. All or nothing."""

import json
import shutil
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import H5PActivity, H5PLibrary
from . import adapter as h5p_adapter
from . import package as h5p_package

PERMISSION = "quizzes.manage_h5p_libraries"


def h5p_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "h5p"


def library_root() -> Path:
    return h5p_root() / "libraries"


def library_dir(folder: str) -> Path:
    return library_root() / folder


def content_dir(activity: H5PActivity) -> Path:
    return h5p_root() / "content" / str(activity.folder)


def _fit(text: str, model, field: str) -> str:
    """``text`` cut to the column's length: titles come from package JSON of any length."""
    return text[: model._meta.get_field(field).max_length]


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


def _extract(archive, prefix: str, destination: Path) -> None:
    """Write the members under ``prefix`` to ``destination``, through the capped reader."""
    for info in archive.members:
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or len(parts) < 2 or parts[0] != prefix:
            continue
        target = destination.joinpath(*parts[1:])
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as output:
            archive.copy(info, output)


def _prepare(upload, user):
    """The validated package, with content.json as pyh5p reads it, and the libraries to
    install; refuses with a ValidationError whatever ``install`` cannot install."""
    package = h5p_package.read(upload)
    to_install = _plan(package, user)
    # The stored answer key is content.json as pyh5p reads it, sanitised like the rest.
    package.content = h5p_package.sanitise(h5p_adapter.content_of(upload))
    return package, to_install


def check(*, upload, user) -> None:
    """Everything ``install`` refuses, without writing anything."""
    _prepare(upload, user)


def install(*, upload, title: str, user) -> H5PActivity:
    """Install the package's new libraries and its content as an H5PActivity, all or nothing.
    Refuses (ValidationError) what ``check`` refuses."""
    package, to_install = _prepare(upload, user)
    staging = h5p_root() / "incoming" / uuid.uuid4().hex
    replaced: list[tuple[Path, Path]] = []  # (live folder, its backup)
    created: list[Path] = []
    try:
        with h5p_package.open_archive(upload) as archive:
            for bundled in to_install:
                _extract(archive, bundled.ref.folder, staging / bundled.ref.folder)
            _extract(archive, "content", staging / "content")
        activity_folder = uuid.uuid4()
        content_target = h5p_root() / "content" / str(activity_folder)
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
                        "title": _fit(bundled.title, H5PLibrary, "title"),
                        "runnable": bundled.runnable,
                    },
                )
            content_target.parent.mkdir(parents=True, exist_ok=True)
            (staging / "content").rename(content_target)
            created.append(content_target)
            libraries = [_installed(ref) for ref in h5p_package.needed_libraries(package)]
            activity = H5PActivity.objects.create(
                title=_fit(
                    title or package.h5p.get("title") or package.main_library.machine_name,
                    H5PActivity,
                    "title",
                ),
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
