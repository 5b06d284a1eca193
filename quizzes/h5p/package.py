"""Checks an uploaded .h5p package before anything is extracted or stored: its zip index,
every member's real size (through base.safezip, the one capped zip reader), and the JSON files
that say what it holds.

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

from base import safezip

# H5P's own allow-lists, so that what H5P exports installs here as it is: h5p-php-library,
# h5p.classes.php, H5PCore::$defaultContentWhitelist for content/ ...
CONTENT_EXTENSIONS = frozenset(
    "json png jpg jpeg gif bmp tif tiff eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf "
    "rtf doc docx xls xlsx ppt pptx odt ods odp csv diff patch swf md textile vtt webvtt gltf "
    "glb".split()
)
# ... and H5PCore::$defaultLibraryWhitelistExtras, only inside library folders. svg and xml are
# library files only (as in H5P core since it took them off the content list): h5p_file serves
# them as downloads under a sandbox policy, never as documents.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml"}
LIBRARY_FOLDER = re.compile(r"^(?P<name>[A-Za-z][\w.]*)-(?P<major>\d+)\.(?P<minor>\d+)$")
MACHINE_NAME = re.compile(r"^[A-Za-z][\w.]*$")
MACHINE_NAME_MAX_LENGTH = 127  # as H5PLibrary.machine_name
MAX_VERSION = 32767  # versions are stored in PositiveSmallIntegerFields
# H5P content nests a few dozen levels at most; deeper JSON only serves to exhaust the stack
# of whatever walks it next (sanitise, pyh5p, the JSON fields).
MAX_JSON_DEPTH = 100
# Characters a browser reads as a path separator, an escape, a query, a fragment or a scheme.
UNSAFE_PATH_CHARACTERS = frozenset("\\%?#:")
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


def _policy() -> safezip.Policy:
    return safezip.Policy(
        max_entries=_limit("H5P_MAX_FILES", 2000),
        max_member_bytes=_limit("H5P_MAX_FILE_BYTES", 30 * 1024 * 1024),
        max_total_bytes=_limit("H5P_MAX_TOTAL_BYTES", 150 * 1024 * 1024),
        max_ratio=_limit("H5P_MAX_COMPRESSION_RATIO", 100),
        not_a_zip=_(
            "This file is not an H5P package (it is not a zip file). "
            "Export the content again as .h5p."
        ),
        too_many=_("The package holds too many files (%(n)d)."),
        too_large=_(
            "The package expands to more than is safe to open (%(path)s). "
            "Export it again, or split large videos out of it."
        ),
        damaged=_(
            "The package is damaged: %(path)s cannot be read. Export the content again as .h5p."
        ),
    )


def open_archive(upload) -> safezip.Archive:
    """``upload`` (an uploaded file or bytes) opened under the H5P limits: its index is checked,
    and every member read from it goes through the capped reader."""
    return safezip.open_archive(upload, _policy())


def _wrong_type(file: str, name: str) -> ValidationError:
    return ValidationError(
        _("In %(file)s, %(field)s is not what H5P writes there. Export the content again as .h5p.")
        % {"file": file, "field": name}
    )


def _version(value) -> int:
    number = int(value)
    if not 0 <= number <= MAX_VERSION:
        raise ValueError(value)
    return number


def _list(data: dict, key: str, file: str) -> list:
    """``data[key]`` as a list, empty when absent; refuses any other type."""
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong_type(file, key)
    return value


def _depth(value) -> int:
    """How deeply ``value`` nests, counted without recursion, stopping past MAX_JSON_DEPTH."""
    deepest, stack = 0, [(value, 1)]
    while stack and deepest <= MAX_JSON_DEPTH:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in item)
    return deepest


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
        incomplete = _("A library reference in the package is incomplete.")
        try:
            name = value["machineName"]
            major, minor = _version(value["majorVersion"]), _version(value["minorVersion"])
        except (KeyError, TypeError, ValueError, OverflowError) as error:
            raise ValidationError(incomplete) from error
        if (
            not isinstance(name, str)
            or len(name) > MACHINE_NAME_MAX_LENGTH
            or not MACHINE_NAME.match(name)
        ):
            raise ValidationError(incomplete)
        return cls(name, major, minor)


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
    if not parts:  # "" or "." names nothing that could be placed anywhere
        raise ValidationError(
            _("The package contains a file in an unexpected place: %(path)s") % {"path": name}
        )
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
    if info.is_dir() or name == "h5p.json":
        return
    if len(parts) == 1:
        # Files beside h5p.json (notes such as H5P_CONTENT_HERE.txt) are neither checked nor
        # unpacked by H5P's own validator; store.py extracts only content/ and library folders.
        return
    extension = path.suffix.lower().lstrip(".")
    if parts[0] == "content":
        allowed = CONTENT_EXTENSIONS
    elif parts[0] in library_folders:
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


def _check_index(archive: safezip.Archive) -> list[zipfile.ZipInfo]:
    """Names, paths and file types, from the index only (sizes were checked on opening)."""
    members = archive.members
    names = set()
    for info in members:
        if info.filename in names:
            raise ValidationError(
                _("The package lists the file %(path)s twice.") % {"path": info.filename}
            )
        names.add(info.filename)
    library_folders = {
        parts[0]
        for info in members
        if (parts := PurePosixPath(info.filename).parts) and LIBRARY_FOLDER.match(parts[0])
    }
    for info in members:
        _check_member(info, library_folders)
    return members


def _read_json(archive: safezip.Archive, name: str, missing: str) -> dict:
    try:
        raw = archive.read(name)
    except KeyError as error:
        raise ValidationError(missing) from error
    invalid = _("%(file)s in the package is not valid JSON.") % {"file": name}
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise ValidationError(invalid) from error
    if not isinstance(value, dict) or _depth(value) > MAX_JSON_DEPTH:
        raise ValidationError(invalid)
    return value


def _dependencies(data: dict, file: str) -> list[LibraryRef]:
    return [LibraryRef.from_json(d) for d in _list(data, "preloadedDependencies", file)]


def _main_library(h5p: dict, deps: list[LibraryRef]) -> LibraryRef:
    main = h5p.get("mainLibrary")
    if not isinstance(main, str) or not main:
        raise ValidationError(
            _("h5p.json does not say which content type the package is (mainLibrary is missing).")
        )
    for dep in deps:
        if dep.machine_name == main:
            return dep
    raise ValidationError(
        _("h5p.json names %(library)s as its content type but does not list its version.")
        % {"library": main}
    )


def _is_own_file(path: str, folder: str, files: set[str]) -> bool:
    """Whether the player, loading ``path`` relative to ``folder``, gets that folder's file."""
    return (
        not UNSAFE_PATH_CHARACTERS.intersection(path)
        and all(part not in ("", ".", "..") for part in path.split("/"))
        and f"{folder}/{path}" in files
    )


def _check_preloaded(data: dict, ref: LibraryRef, file: str, files: set[str]) -> None:
    for key in ("preloadedJs", "preloadedCss"):
        for entry in _list(data, key, file):
            path = entry.get("path") if isinstance(entry, dict) else None
            if not isinstance(path, str):
                raise _wrong_type(file, key)
            if not _is_own_file(path, ref.folder, files):
                raise ValidationError(
                    _(
                        "The library %(library)s loads %(path)s, which is not a file in its own "
                        "folder."
                    )
                    % {"library": ref, "path": path}
                )


def _bundled_libraries(archive, members) -> dict[str, BundledLibrary]:
    files = {info.filename for info in members if not info.is_dir()}
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
            title = data.get("title") or ref.machine_name
            if not isinstance(title, str):
                raise _wrong_type(info.filename, "title")
            try:
                patch = _version(data.get("patchVersion") or 0)
            except (TypeError, ValueError, OverflowError) as error:
                raise _wrong_type(info.filename, "patchVersion") from error
            _check_preloaded(data, ref, info.filename, files)
            libraries[parts[0]] = BundledLibrary(
                ref=ref,
                patch=patch,
                title=title,
                runnable=bool(data.get("runnable")),
                dependencies=_dependencies(data, info.filename),
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
    """Validate ``upload`` (a Django UploadedFile) and return what it holds. Every member is
    streamed once through the capped reader, so afterwards the index is known to tell the
    truth; any problem with the package is a ValidationError."""
    _check_size(upload)
    with open_archive(upload) as archive:
        members = _check_index(archive)
        archive.verify()
        h5p = _read_json(
            archive,
            "h5p.json",
            _("The package has no h5p.json file. Export the content again as .h5p."),
        )
        dependencies = _dependencies(h5p, "h5p.json")
        main = _main_library(h5p, dependencies)
        if not isinstance(h5p.get("title") or "", str):
            raise _wrong_type("h5p.json", "title")
        content = _read_json(
            archive, "content/content.json", _("The package has no content/content.json file.")
        )
        package = Package(
            h5p=h5p,
            content=sanitise(content),
            main_library=main,
            dependencies=dependencies,
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
