"""Checks an uploaded .h5p package from its zip index, before anything is extracted or stored.

Every refusal is a ValidationError with a message a Vietnamese editor can act on.
"""

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What H5P allows under content/ (media, documents, fonts, data) ...
CONTENT_EXTENSIONS = frozenset(
    "json png jpg jpeg gif bmp tif tiff webp eot ttf woff woff2 otf webm mp4 ogg oga ogv mp3 "
    "m4a wav vtt webvtt txt pdf rtf doc docx xls xlsx ppt pptx odt ods odp csv".split()
)
# ... and, only inside library folders, the library's code and styles.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml"}
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z][\w.]*)-(?P<major>\d+)\.(?P<minor>\d+)$")
# Tags H5P's editors produce in text fields; everything else is stripped from content.json.
ALLOWED_TAGS = {
    "p",
    "br",
    "div",
    "span",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "del",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "code",
    "pre",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "span": {"class"},
    "div": {"class"},
    "p": {"class"},
    "th": {"scope"},
}


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


@dataclass(frozen=True)
class LibraryRef:
    machine_name: str
    major: int
    minor: int

    @property
    def folder(self) -> str:
        return f"{self.machine_name}-{self.major}.{self.minor}"

    def __str__(self) -> str:
        return f"{self.machine_name} {self.major}.{self.minor}"

    @classmethod
    def from_json(cls, value) -> "LibraryRef":
        try:
            return cls(
                str(value["machineName"]), int(value["majorVersion"]), int(value["minorVersion"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValidationError(_("A library reference in the package is incomplete.")) from error


@dataclass
class BundledLibrary:
    ref: LibraryRef
    patch: int
    title: str
    runnable: bool
    dependencies: list[LibraryRef]


@dataclass
class Package:
    """What a valid package holds, read from its index and its JSON files."""

    h5p: dict
    content: dict
    main_library: LibraryRef
    dependencies: list[LibraryRef]
    libraries: dict[str, BundledLibrary] = field(default_factory=dict)  # by folder name
    members: list[zipfile.ZipInfo] = field(default_factory=list)


def _check_size(upload) -> None:
    maximum = _limit("H5P_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
    if upload.size > maximum:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(maximum)}
        )


def _check_member(info: zipfile.ZipInfo, library_folders: set[str]) -> None:
    name = info.filename
    path = PurePosixPath(name)
    parts = path.parts
    if name.startswith("/") or "\\" in name or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        raise ValidationError(
            _("The package contains a path that leaves its folder: %(path)s") % {"path": name}
        )
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        raise ValidationError(
            _("The package contains a link (%(path)s); links are not allowed.") % {"path": name}
        )
    if any(part.startswith((".", "_")) for part in parts):
        raise ValidationError(
            _("The package contains a hidden or system file: %(path)s") % {"path": name}
        )
    if info.is_dir():
        return
    extension = path.suffix.lower().lstrip(".")
    if name == "h5p.json":
        return
    if parts[0] == "content":
        allowed = CONTENT_EXTENSIONS
    elif parts[0] in library_folders and len(parts) > 1:
        allowed = LIBRARY_EXTENSIONS
    else:
        raise ValidationError(
            _("The package contains a file in an unexpected place: %(path)s") % {"path": name}
        )
    if extension not in allowed:
        raise ValidationError(
            _("The package contains a file of a type that is not allowed: %(path)s")
            % {"path": name}
        )


def _check_index(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Zip-bomb and path checks, from the index only."""
    members = archive.infolist()
    if len(members) > _limit("H5P_MAX_FILES", 2000):
        raise ValidationError(_("The package holds too many files (%(n)d).") % {"n": len(members)})
    max_file = _limit("H5P_MAX_FILE_BYTES", 30 * 1024 * 1024)
    max_total = _limit("H5P_MAX_TOTAL_BYTES", 150 * 1024 * 1024)
    max_ratio = _limit("H5P_MAX_COMPRESSION_RATIO", 100)
    total = 0
    names = set()
    for info in members:
        if info.filename in names:
            raise ValidationError(
                _("The package lists the file %(path)s twice.") % {"path": info.filename}
            )
        names.add(info.filename)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > max_file or total > max_total or ratio > max_ratio:
            raise ValidationError(
                _(
                    "The package expands to more than is safe to open (%(path)s). "
                    "Export it again, or split large videos out of it."
                )
                % {"path": info.filename}
            )
    library_folders = {
        PurePosixPath(info.filename).parts[0]
        for info in members
        if LIBRARY_FOLDER.match(PurePosixPath(info.filename).parts[0])
    }
    for info in members:
        _check_member(info, library_folders)
    return members


def _read_json(archive: zipfile.ZipFile, name: str, missing: str) -> dict:
    try:
        raw = archive.read(name)
    except KeyError as error:
        raise ValidationError(missing) from error
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(
            _("%(file)s in the package is not valid JSON.") % {"file": name}
        ) from error
    if not isinstance(value, dict):
        raise ValidationError(_("%(file)s in the package is not valid JSON.") % {"file": name})
    return value


def _main_library(h5p: dict) -> LibraryRef:
    main = h5p.get("mainLibrary")
    if not isinstance(main, str) or not main:
        raise ValidationError(
            _("h5p.json does not say which content type the package is (mainLibrary is missing).")
        )
    deps = [LibraryRef.from_json(d) for d in h5p.get("preloadedDependencies") or []]
    for dep in deps:
        if dep.machine_name == main:
            return dep
    raise ValidationError(
        _("h5p.json names %(library)s as its content type but does not list its version.")
        % {"library": main}
    )


def _bundled_libraries(archive, members) -> dict[str, BundledLibrary]:
    libraries = {}
    for info in members:
        parts = PurePosixPath(info.filename).parts
        if len(parts) == 2 and parts[1] == "library.json" and LIBRARY_FOLDER.match(parts[0]):
            data = _read_json(archive, info.filename, "")
            ref = LibraryRef.from_json(data)
            if ref.folder != parts[0]:
                raise ValidationError(
                    _("The library folder %(folder)s holds another library.") % {"folder": parts[0]}
                )
            libraries[parts[0]] = BundledLibrary(
                ref=ref,
                patch=int(data.get("patchVersion") or 0),
                title=str(data.get("title") or ref.machine_name),
                runnable=bool(data.get("runnable")),
                dependencies=[
                    LibraryRef.from_json(d) for d in data.get("preloadedDependencies") or []
                ],
            )
    return libraries


def sanitise(value):
    """Strip markup beyond what H5P editors produce from every text in content.json."""
    if isinstance(value, str):
        if "<" not in value and ">" not in value:
            return value
        return nh3.clean(
            value,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
        )
    if isinstance(value, list):
        return [sanitise(item) for item in value]
    if isinstance(value, dict):
        return {key: sanitise(item) for key, item in value.items()}
    return value


def read(upload) -> Package:
    """Validate ``upload`` (a Django UploadedFile) and return what it holds."""
    _check_size(upload)
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError) as error:
        raise ValidationError(
            _(
                "This file is not an H5P package (it is not a zip file). "
                "Export the content again as .h5p."
            )
        ) from error
    with archive:
        members = _check_index(archive)
        h5p = _read_json(
            archive,
            "h5p.json",
            _("The package has no h5p.json file. Export the content again as .h5p."),
        )
        main = _main_library(h5p)
        content = _read_json(
            archive, "content/content.json", _("The package has no content/content.json file.")
        )
        package = Package(
            h5p=h5p,
            content=sanitise(content),
            main_library=main,
            dependencies=[LibraryRef.from_json(d) for d in h5p.get("preloadedDependencies")],
            libraries=_bundled_libraries(archive, members),
            members=members,
        )
    return package


def needed_libraries(package: Package) -> set[LibraryRef]:
    """Every library the content needs: its dependencies and theirs, as far as known."""
    needed, queue = set(), list(package.dependencies)
    while queue:
        ref = queue.pop()
        if ref in needed:
            continue
        needed.add(ref)
        bundled = package.libraries.get(ref.folder)
        if bundled:
            queue.extend(bundled.dependencies)
    return needed
