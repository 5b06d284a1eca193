"""Import a commune's household list from CSV or Excel: every row checked, all or nothing,
and the same file imported twice changes nothing (households matched on their code)."""

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.phone import normalize_phone
from base import safezip
from places.models import Commune

from .models import Consent, Household, Member, Relation

# Column headers as officials write them; matched without case or diacritics.
COLUMNS = {
    "code": ("Mã hộ", True),
    "village": ("Thôn/bản", True),
    "head": ("Chủ hộ", True),
    "name": ("Họ và tên", True),
    "birth_year": ("Năm sinh", True),
    "relation": ("Quan hệ với chủ hộ", True),
    "phone": ("Số điện thoại", False),
    "consent_by": ("Người đồng ý", True),
    "consent_on": ("Ngày đồng ý", True),
}
RELATIONS = {
    "chu ho": Relation.HEAD,
    "vo": Relation.SPOUSE,
    "chong": Relation.SPOUSE,
    "con": Relation.CHILD,
    "bo": Relation.PARENT,
    "me": Relation.PARENT,
    "cha": Relation.PARENT,
    "chau": Relation.GRANDCHILD,
    "anh": Relation.SIBLING,
    "chi": Relation.SIBLING,
    "em": Relation.SIBLING,
}
CONSENT_PURPOSE = gettext_lazy(
    "Tracking which household members can use online public services, so trainers know whom to help"
)


def _key(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    households_created: int = 0
    households_updated: int = 0
    members_created: int = 0
    members_updated: int = 0
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)


class ImportRefused(Exception):
    """The file was not imported; ``errors`` says why, by row and column."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _refuse(message: str):
    raise ImportRefused([RowError(0, "", message)])


def _xlsx_policy() -> safezip.Policy:
    # No ratio limit: sheet XML legitimately compresses very well; the sizes bound it.
    limit = settings.HOUSEHOLD_IMPORT_MAX_XLSX_BYTES
    unreadable = _("This Excel file could not be opened. Save it again as .xlsx.")
    too_big = _(
        "This Excel file holds far more than a household list, so it was not opened. In Excel, "
        "keep only the sheet with the list and save it again as .xlsx, or choose “Save as” → "
        "“CSV UTF-8”."
    )
    return safezip.Policy(
        max_entries=settings.HOUSEHOLD_IMPORT_MAX_XLSX_ENTRIES,
        max_member_bytes=limit,
        max_total_bytes=limit,
        max_ratio=None,
        not_a_zip=unreadable,
        too_many=too_big,
        too_large=too_big,
        damaged=unreadable,
    )


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    # openpyxl inflates parts its own way: first check, in bounded memory, that every part
    # is as large as the index says and all of them within the limits.
    try:
        safezip.check(data, _xlsx_policy())
    except ValidationError as error:
        _refuse(error.messages[0])
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        # Read-only sheets parse their XML lazily, while the rows are read.
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, ParseError):
        _refuse(_("This Excel file could not be opened. Save it again as .xlsx."))


def _read_rows(upload) -> list[list]:
    if upload.size > settings.HOUSEHOLD_IMPORT_MAX_BYTES:
        _refuse(
            _("The file is too large. Split it into files under %(mb)d MB.")
            % {"mb": settings.HOUSEHOLD_IMPORT_MAX_BYTES // 1024 // 1024}
        )
    data = upload.read()
    if not data.strip():
        _refuse(_("The file is empty."))
    if upload.name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(
            _(
                "The file is not in UTF-8, so Vietnamese letters would be lost. In Excel "
                "choose “Save as” → “CSV UTF-8”."
            )
        )
    try:  # Excel in Vietnamese locales often writes ";" between columns
        dialect = csv.Sniffer().sniff(text[:2000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _columns(header: list) -> dict[str, int]:
    wanted = {_key(label): name for name, (label, _required) in COLUMNS.items()}
    found = {wanted[_key(cell)]: i for i, cell in enumerate(header) if _key(cell) in wanted}
    missing = [
        label for name, (label, required) in COLUMNS.items() if required and name not in found
    ]
    if missing:
        _refuse(
            _("Columns missing from the first row: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return found


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("Write the date as day/month/year, for example 15/03/2026."))


def _parse(rows, commune) -> tuple[dict, list[RowError]]:
    columns = _columns(rows[0])
    villages = {_key(v.name): v for v in commune.villages.all()}
    households, errors = {}, []
    this_year = datetime.date.today().year
    for number, row in enumerate(rows[1:], start=2):
        if not any(str(cell or "").strip() for cell in row):
            continue
        cell = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        text = {
            name: str(value).strip() if value is not None else "" for name, value in cell.items()
        }

        def error(column, message, number=number):
            errors.append(RowError(number, COLUMNS[column][0], str(message)))

        for name, (_label, required) in COLUMNS.items():
            if required and not text.get(name):
                error(name, _("This cell is empty."))
        if any(e.row == number for e in errors):
            continue
        village = villages.get(_key(text["village"]))
        if village is None:
            error(
                "village",
                _("No village “%(name)s” in this commune. Add it first.")
                % {"name": text["village"]},
            )
        try:
            birth_year = int(float(text["birth_year"]))
            if not 1900 <= birth_year <= this_year:
                raise ValueError
        except ValueError:
            error("birth_year", _("Write the birth year as four digits, for example 1968."))
            birth_year = None
        phone = None
        if text.get("phone"):
            try:
                phone = normalize_phone(text["phone"])
            except ValidationError as exc:
                error("phone", exc.messages[0])
        try:
            consent_on = _date(cell["consent_on"])
        except ValidationError as exc:
            error("consent_on", exc.messages[0])
            consent_on = None
        if any(e.row == number for e in errors):
            continue
        household = households.setdefault(
            text["code"],
            {
                "village": village,
                "head": text["head"],
                "members": {},
                "consents": set(),
                "row": number,
            },
        )
        if household["village"] != village or _key(household["head"]) != _key(text["head"]):
            error(
                "code",
                _("Household %(code)s appears with another village or head in row %(row)d.")
                % {"code": text["code"], "row": household["row"]},
            )
            continue
        member_key = (_key(text["name"]), birth_year)
        if member_key in household["members"]:
            error(
                "name",
                _("This person is already listed for household %(code)s.") % {"code": text["code"]},
            )
            continue
        household["members"][member_key] = {
            "full_name": text["name"],
            "birth_year": birth_year,
            "phone": phone,
            "relation": RELATIONS.get(_key(text["relation"]), Relation.OTHER),
        }
        household["consents"].add((text["consent_by"], consent_on))
    if not households and not errors:
        _refuse(_("The file has a header but no households."))
    return households, errors


def import_households(*, upload, commune: Commune, user) -> ImportResult:
    """Check every row, then write all of them or none. Raises ImportRefused with the
    errors by row and column."""
    rows = _read_rows(upload)
    if len(rows) > settings.HOUSEHOLD_IMPORT_MAX_ROWS + 1:
        _refuse(
            _("The file has more than %(n)d rows. Split it by village.")
            % {"n": settings.HOUSEHOLD_IMPORT_MAX_ROWS}
        )
    households, errors = _parse(rows, commune)
    if errors:
        raise ImportRefused(errors)
    result = ImportResult(rows=sum(len(h["members"]) for h in households.values()))
    with transaction.atomic():
        existing = {
            h.code: h for h in Household.objects.filter(commune=commune, code__in=list(households))
        }
        for code, data in households.items():
            household = existing.get(code)
            if household is None:
                household = Household.objects.create(
                    commune=commune, code=code, village=data["village"], head_name=data["head"]
                )
                result.households_created += 1
            elif (household.village_id, household.head_name) != (data["village"].pk, data["head"]):
                household.village, household.head_name = data["village"], data["head"]
                household.save(update_fields=["village", "head_name", "updated_at"])
                result.households_updated += 1
            _import_members(household, data, result)
            for given_by, given_on in data["consents"]:
                Consent.objects.get_or_create(
                    household=household,
                    given_by=given_by,
                    given_on=given_on,
                    defaults={"purpose": str(CONSENT_PURPOSE), "recorded_by": user},
                )
    return result


def _import_members(household, data, result) -> None:
    members = {(_key(m.full_name), m.birth_year): m for m in household.members.all()}
    for key, values in data["members"].items():
        member = members.get(key)
        if member is None:
            Member.objects.create(household=household, **values)
            result.members_created += 1
            continue
        changed = [
            name
            for name in ("relation", "phone")
            if str(getattr(member, name) or "") != str(values[name] or "")
        ]
        if changed:
            for name in changed:
                setattr(member, name, values[name])
            member.save(update_fields=changed)
            result.members_updated += 1
