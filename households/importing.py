"""Import a commune's household list from CSV or Excel, in two steps.

``preview_import`` checks every row and says what would change (new households and people,
changed heads, villages and members); nothing is written. ``confirm_import`` then writes
exactly that preview, all or nothing, or refuses if the data changed in between. Households
are matched on their code, so the same file imported twice changes nothing.
"""

import csv
import datetime
import functools
import hashlib
import io
import json
import secrets
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.phone import normalize_phone
from base import safezip
from base.audit import audit
from base.tasks import enqueue_on_commit
from places.models import Commune, Village

from .models import Consent, Household, Member, Relation
from .search import normalise, search_text

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
# The relations as officials write them (the template's list); any other word is "Other".
RELATION_WORDS = {
    "Chủ hộ": Relation.HEAD,
    "Vợ": Relation.SPOUSE,
    "Chồng": Relation.SPOUSE,
    "Con": Relation.CHILD,
    "Bố": Relation.PARENT,
    "Mẹ": Relation.PARENT,
    "Cha": Relation.PARENT,
    "Cháu": Relation.GRANDCHILD,
    "Anh": Relation.SIBLING,
    "Chị": Relation.SIBLING,
    "Em": Relation.SIBLING,
    "Khác": Relation.OTHER,
}
CONSENT_PURPOSE = gettext_lazy(
    "Tracking which household members can use online public services, so trainers know whom to help"
)


# Headers, villages, relations and names are compared as search compares them.
_key = normalise
RELATIONS = {_key(word): relation for word, relation in RELATION_WORDS.items()}


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


class ImportExpired(Exception):
    """The preview to confirm is gone (confirmed already, or too old): check the file again."""


class ImportChanged(Exception):
    """The households changed since the preview; nothing was written. ``preview`` is what
    the same file would change now, to confirm instead."""

    def __init__(self, preview: "ImportPreview"):
        super().__init__("the data changed since the preview")
        self.preview = preview


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
    """The households in the file, keyed by code, as plain data (it waits in the cache
    between preview and confirmation), and the errors by row."""
    columns = _columns(rows[0])
    # Villages, relations, heads and dates repeat from row to row: each is read once.
    key = functools.cache(_key)
    dates = functools.cache(_date)
    villages = {key(v.name): v for v in commune.villages.all()}
    households, seen, errors = {}, {}, []
    refused_codes = set()  # a household with a refused row is not judged on its head
    this_year = datetime.date.today().year
    for number, row in enumerate(rows[1:], start=2):
        errors_before = len(errors)
        if not any(str(cell or "").strip() for cell in row):
            continue
        cell = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        text = {
            name: str(value).strip() if value is not None else "" for name, value in cell.items()
        }

        code = text.get("code")

        def error(column, message, number=number, code=code):
            errors.append(RowError(number, COLUMNS[column][0], str(message)))
            refused_codes.add(code)

        for name, (_label, required) in COLUMNS.items():
            if required and not text.get(name):
                error(name, _("This cell is empty."))
        if len(errors) > errors_before:
            continue
        village = villages.get(key(text["village"]))
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
        phone = ""
        if text.get("phone"):
            try:
                phone = normalize_phone(text["phone"])
            except ValidationError as exc:
                error("phone", exc.messages[0])
        try:
            consent_on = dates(cell["consent_on"])
        except ValidationError as exc:
            error("consent_on", exc.messages[0])
            consent_on = None
        if len(errors) > errors_before:
            continue
        household = households.setdefault(
            text["code"],
            {
                "row": number,
                "village_id": village.pk,
                "village": village.name,
                "head": text["head"],
                "members": [],
                "consents": [],
            },
        )
        if household["village_id"] != village.pk or key(household["head"]) != key(text["head"]):
            error(
                "code",
                _("Household %(code)s appears with another village or head in row %(row)d.")
                % {"code": text["code"], "row": household["row"]},
            )
            continue
        member_key = (text["code"], key(text["name"]), birth_year)
        if member_key in seen:
            error(
                "name",
                _("This person is already listed for household %(code)s.") % {"code": text["code"]},
            )
            continue
        seen[member_key] = number
        household["members"].append(
            {
                "row": number,
                "full_name": text["name"],
                "birth_year": birth_year,
                "phone": phone,
                "relation": RELATIONS.get(key(text["relation"]), Relation.OTHER).value,
            }
        )
        consent = [text["consent_by"], consent_on.isoformat()]
        if consent not in household["consents"]:
            household["consents"].append(consent)
    for code, household in households.items():
        if code not in refused_codes:
            errors.extend(_head_errors(code, household))
    if not households and not errors:
        _refuse(_("The file has a header but no households."))
    errors.sort(key=lambda e: e.row)
    return households, errors


def _head_errors(code: str, household: dict) -> list[RowError]:
    """Each household has exactly one row for its head, the person named as its head: the
    head is never guessed nor left out."""
    heads = [m for m in household["members"] if m["relation"] == Relation.HEAD]
    relation = COLUMNS["relation"][0]
    if not heads:
        return [
            RowError(
                household["row"],
                relation,
                _(
                    "Household %(code)s has no row for its head, %(head)s. Add one with "
                    "“Chủ hộ” as the relation."
                )
                % {"code": code, "head": household["head"]},
            )
        ]
    errors = [
        RowError(
            member["row"],
            relation,
            _("Household %(code)s already has its head in row %(row)d.")
            % {"code": code, "row": heads[0]["row"]},
        )
        for member in heads[1:]
    ]
    if _key(heads[0]["full_name"]) != _key(household["head"]):
        errors.append(
            RowError(
                heads[0]["row"],
                COLUMNS["name"][0],
                _(
                    "This row is the head (“Chủ hộ”), but the head of household %(code)s is "
                    "%(head)s."
                )
                % {"code": code, "head": household["head"]},
            )
        )
    return errors


@dataclass
class Plan:
    """What an import writes, computed from the file and the households as they are now.
    Applying it writes exactly this; its digest tells whether two plans are the same."""

    new_households: list[dict] = field(default_factory=list)
    household_changes: list[dict] = field(default_factory=list)
    new_members: list[dict] = field(default_factory=list)
    member_changes: list[dict] = field(default_factory=list)
    new_consents: list[dict] = field(default_factory=list)
    rows: int = 0

    @property
    def digest(self) -> str:
        parts = [
            self.new_households,
            self.household_changes,
            self.new_members,
            self.member_changes,
            self.new_consents,
        ]
        text = json.dumps(parts, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_households
            or self.household_changes
            or self.new_members
            or self.member_changes
            or self.new_consents
        )

    def result(self) -> "ImportResult":
        return ImportResult(
            households_created=len(self.new_households),
            households_updated=len({c["household_id"] for c in self.household_changes}),
            members_created=len(self.new_members)
            + sum(len(h["members"]) for h in self.new_households),
            members_updated=len({c["member_id"] for c in self.member_changes}),
            rows=self.rows,
        )


def _plan(households: dict, commune: Commune) -> Plan:
    """Compare the file with the commune's households. Raises ImportRefused when the result
    would be wrong whatever the importer confirms."""
    plan = Plan(rows=sum(len(h["members"]) for h in households.values()))
    villages = Village.objects.filter(commune=commune).in_bulk()
    existing = {
        h.code: h
        for h in Household.objects.filter(commune=commune, code__in=list(households))
        .select_related("village")
        .prefetch_related("members", "consents")
    }
    errors = []
    for code, data in households.items():
        if data["village_id"] not in villages:  # removed since the file was read
            errors.append(
                RowError(
                    data["row"],
                    COLUMNS["village"][0],
                    _("No village “%(name)s” in this commune. Add it first.")
                    % {"name": data["village"]},
                )
            )
            continue
        village = villages[data["village_id"]]
        household = existing.get(code)
        if household is None:
            plan.new_households.append(
                {
                    "code": code,
                    "row": data["row"],
                    "village_id": village.pk,
                    "village": village.name,
                    "head": data["head"],
                    "members": [_member_fields(m) for m in data["members"]],
                    "consents": data["consents"],
                }
            )
            continue
        errors.extend(_plan_household(plan, household, data, village))
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: e.row))
    return plan


def _plan_household(plan: Plan, household: Household, data: dict, village) -> list[RowError]:
    changes = []
    if household.village_id != village.pk:
        changes.append(("village", household.village.name, village.name))
    if household.head_name != data["head"]:
        changes.append(("head", household.head_name, data["head"]))
    for name, before, after in changes:
        plan.household_changes.append(
            {
                "household_id": household.pk,
                "code": household.code,
                "row": data["row"],
                "field": name,
                "before": before,
                "after": after,
                "village_id": village.pk,
            }
        )
    members = {(_key(m.full_name), m.birth_year): m for m in household.members.all()}
    listed = set()
    for values in data["members"]:
        key = (_key(values["full_name"]), values["birth_year"])
        listed.add(key)
        member = members.get(key)
        if member is None:
            plan.new_members.append(
                {"household_id": household.pk, "code": household.code, **_member_fields(values)}
            )
            continue
        for name in ("relation", "phone"):
            before = str(getattr(member, name) or "")
            if before != values[name]:
                plan.member_changes.append(
                    {
                        "member_id": member.pk,
                        "household_id": household.pk,
                        "code": household.code,
                        "row": values["row"],
                        "name": f"{member.full_name} ({member.birth_year})",
                        "field": name,
                        "before": before,
                        "after": values[name],
                    }
                )
    consents = {(c.given_by, c.given_on.isoformat()) for c in household.consents.all()}
    for given_by, given_on in data["consents"]:
        if (given_by, given_on) not in consents:
            plan.new_consents.append(
                {"household_id": household.pk, "given_by": given_by, "given_on": given_on}
            )
    # A head not in the file would stay head beside the new one: the household would have two.
    return [
        RowError(
            data["row"],
            COLUMNS["head"][0],
            _(
                "%(name)s is the head of household %(code)s now and is not in the file. Add a "
                "row for them with their relation from now on, or remove them from the "
                "household first."
            )
            % {"name": member.full_name, "code": household.code},
        )
        for key, member in members.items()
        if member.relation == Relation.HEAD and key not in listed
    ]


def _member_fields(values: dict) -> dict:
    return {name: values[name] for name in ("row", "full_name", "birth_year", "relation", "phone")}


# Rows a statement writes at once: large enough that a 20,000-row file is a few dozen
# statements, small enough to stay well under the databases' parameter limits.
BATCH = 2000


def _apply(plan: Plan, commune: Commune, user) -> None:
    """Write the plan in a few batched statements (a 20,000-row file is a few dozen, not one
    per household), then bring the households' search text and the coverage roll-up up to
    date: the bulk writes bypass save() and the signals."""
    from .coverage import refresh_households

    purpose = str(CONSENT_PURPOSE)
    recorded_by_id = user.pk if user is not None and user.is_authenticated else None
    now = timezone.now()
    # New households: everything they are found by is in the file, so their search text is
    # computed here, names in the order their members are written (as refresh_search_text).
    households = Household.objects.bulk_create(
        [
            Household(
                commune=commune,
                code=new["code"],
                village_id=new["village_id"],
                head_name=new["head"],
                search_text=search_text(
                    new["code"], new["head"], [m["full_name"] for m in new["members"]]
                ),
            )
            for new in plan.new_households
        ],
        batch_size=BATCH,
    )
    # Members and consents as rows of column values, written by COPY on PostgreSQL.
    members = [(m["household_id"], *_member_row(m)) for m in plan.new_members]
    consents = [
        (c["household_id"], c["given_by"], c["given_on"], purpose, recorded_by_id, now)
        for c in plan.new_consents
    ]
    for household, new in zip(households, plan.new_households, strict=True):
        members += [(household.pk, *_member_row(m)) for m in new["members"]]
        consents += [
            (household.pk, given_by, given_on, purpose, recorded_by_id, now)
            for given_by, given_on in new["consents"]
        ]
    changed: dict[int, dict] = {}
    for change in plan.household_changes:
        fields = changed.setdefault(change["household_id"], {})
        if change["field"] == "head":
            fields["head_name"] = change["after"]
        else:
            fields["village_id"] = change["village_id"]
    _bulk_update(Household, changed, updated_at=now)
    member_changes: dict[int, dict] = {}
    for change in plan.member_changes:
        value = change["after"]
        if change["field"] == "phone":
            value = value or None  # an empty cell clears the number
        member_changes.setdefault(change["member_id"], {})[change["field"]] = value
    _bulk_update(Member, member_changes)
    _insert(Member, MEMBER_COLUMNS, members)
    _insert(Consent, CONSENT_COLUMNS, consents)
    # Households already recorded: their other members' names are only in the database.
    Household.refresh_search_text({m["household_id"] for m in plan.new_members} | set(changed))
    refresh_households(
        {h.pk for h in households}
        | {m["household_id"] for m in plan.new_members}
        | set(changed)
        | {c["household_id"] for c in plan.member_changes}
    )


MEMBER_COLUMNS = ("household_id", "full_name", "birth_year", "relation", "phone")
CONSENT_COLUMNS = (
    "household_id",
    "given_by",
    "given_on",
    "purpose",
    "recorded_by_id",
    "recorded_at",
)


def _member_row(values: dict) -> tuple:
    # An empty phone is NULL, as the field stores "no number".
    return (values["full_name"], values["birth_year"], values["relation"], values["phone"] or None)


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert ``rows`` (values of ``columns``, ready for the database: phone numbers already
    in E.164) in the caller's transaction: COPY on PostgreSQL, several times faster than
    INSERT for thousands of rows and with no model instance made; batched INSERTs elsewhere."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=BATCH
        )
        return
    from psycopg import sql

    opts = model._meta
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(opts.db_table),
        sql.SQL(", ").join(sql.Identifier(opts.get_field(c).column) for c in columns),
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _bulk_update(model, changes: dict[int, dict], **same) -> None:
    """Write ``{pk: {field: value}}``, one batched statement per set of fields changed, with
    the values ``same`` for every row."""
    by_fields = defaultdict(list)
    for pk, fields in changes.items():
        by_fields[tuple(sorted(fields))].append(model(pk=pk, **fields, **same))
    for names, rows in by_fields.items():
        model.objects.bulk_update(rows, [*names, *same], batch_size=BATCH)


# How long a preview waits for its confirmation; then the file is checked again.
PREVIEW_SECONDS = 60 * 60


@dataclass
class Change:
    """One line of the preview, for people: which row, which household, what becomes what."""

    row: int
    code: str
    what: str
    before: str
    after: str


@dataclass
class ImportPreview:
    """What confirming would write. ``token`` and ``digest`` go back with the confirmation."""

    token: str
    plan: Plan

    @property
    def digest(self) -> str:
        return self.plan.digest

    @property
    def result(self) -> ImportResult:
        return self.plan.result()

    @property
    def new_households(self) -> list[dict]:
        return self.plan.new_households

    @property
    def changes(self) -> list[Change]:
        """Changes to households already recorded, by row: heads and villages first."""
        # Named by the file's own column headers, as the importer wrote them.
        labels = {name: COLUMNS[name][0] for name in ("head", "village", "relation", "phone")}
        changes = [
            Change(c["row"], c["code"], labels[c["field"]], c["before"], c["after"])
            for c in self.plan.household_changes
        ]
        for c in self.plan.member_changes:
            before, after = c["before"], c["after"]
            if c["field"] == "relation":
                before, after = str(Relation(before).label), str(Relation(after).label)
            changes.append(
                Change(c["row"], c["code"], f"{labels[c['field']]}: {c['name']}", before, after)
            )
        return sorted(changes, key=lambda c: c.row)

    @property
    def new_members(self) -> list[Change]:
        """People added to households already recorded."""
        return [
            Change(
                m["row"],
                m["code"],
                f"{m['full_name']} ({m['birth_year']})",
                "",
                str(Relation(m["relation"]).label),
            )
            for m in self.plan.new_members
        ]

    @property
    def new_consents(self) -> int:
        return len(self.plan.new_consents)


def _cache_key(token: str) -> str:
    return f"households:import:{token}"


def preview_import(*, upload, commune: Commune, user) -> ImportPreview:
    """Check every row and compute what importing would change; write nothing. Raises
    ImportRefused with the errors by row and column. The checked file waits for
    ``confirm_import`` (by the same person, for the same commune) for PREVIEW_SECONDS."""
    rows = _read_rows(upload)
    if len(rows) > settings.HOUSEHOLD_IMPORT_MAX_ROWS + 1:
        _refuse(
            _("The file has more than %(n)d rows. Split it by village.")
            % {"n": settings.HOUSEHOLD_IMPORT_MAX_ROWS}
        )
    households, errors = _parse(rows, commune)
    if errors:
        raise ImportRefused(errors)
    plan = _plan(households, commune)
    token = secrets.token_urlsafe(24)
    cache.set(
        _cache_key(token),
        {"user": getattr(user, "pk", None), "commune": commune.pk, "households": households},
        PREVIEW_SECONDS,
    )
    return ImportPreview(token=token, plan=plan)


def _stored_preview(*, token: str, commune: Commune, user) -> dict:
    """The checked file waiting under ``token``, if it is this person's for this commune;
    ImportExpired otherwise."""
    stored = cache.get(_cache_key(token))
    if not stored or (stored["user"], stored["commune"]) != (getattr(user, "pk", None), commune.pk):
        raise ImportExpired
    return stored


def confirm_import(*, token: str, digest: str, commune: Commune, user) -> ImportResult:
    """Write what the preview ``digest`` showed, all or nothing, and log it. Raises
    ImportExpired when that preview is gone or is not this person's for this commune, and
    ImportChanged (nothing written) when the households changed since: the same file would
    now do something else, to preview again."""
    key = _cache_key(token)
    stored = _stored_preview(token=token, commune=commune, user=user)
    # Taken from the cache before writing, so a double tap on "confirm" writes once.
    if not cache.delete(key):
        raise ImportExpired
    try:
        plan = _write(stored["households"], digest=digest, token=token, commune=commune, user=user)
    except (ImportChanged, ImportRefused):
        cache.set(key, stored, PREVIEW_SECONDS)  # to confirm as the households now stand
        raise
    result = plan.result()
    audit(
        user=user,
        action="households.import",
        target=f"commune:{commune.code}",
        rows=result.rows,
        households_created=result.households_created,
        households_updated=result.households_updated,
        members_created=result.members_created,
        members_updated=result.members_updated,
    )
    return result


def _write(households: dict, *, digest: str, token: str, commune: Commune, user) -> Plan:
    try:
        with transaction.atomic():
            plan = _plan(households, commune)
            if plan.digest != digest:
                raise ImportChanged(ImportPreview(token=token, plan=plan))
            _apply(plan, commune, user)
    except IntegrityError:
        # Someone else wrote the same households at the same moment: nothing of ours stayed.
        raise ImportChanged(ImportPreview(token=token, plan=_plan(households, commune))) from None
    return plan


# --- large files: written by the task worker, the page following along ----------------------

# Rows (people) from which a confirmed import is written in the background: a few thousand
# rows take longer than a phone, a proxy or a worker's timeout wait for one answer.
BACKGROUND_ROWS = 2_000


class ImportJob:
    """Where a background import stands, kept in the cache under its preview's token."""

    WAITING, WORKING, DONE, REFUSED, CHANGED, EXPIRED, FAILED = (
        "waiting",
        "working",
        "done",
        "refused",
        "changed",
        "expired",
        "failed",
    )
    FINISHED = {DONE, REFUSED, CHANGED, EXPIRED, FAILED}


def _job_key(token: str) -> str:
    return f"households:import-job:{token}"


def confirm_or_start_import(
    *, token: str, digest: str, commune: Commune, user
) -> ImportResult | None:
    """``confirm_import`` at once for up to BACKGROUND_ROWS rows. A larger file is written
    by the task worker, all or nothing as well: None, and ``import_job(token=…)`` says how
    it stands. Confirming the same preview twice queues it once. ImportExpired as
    ``confirm_import``."""
    stored = _stored_preview(token=token, commune=commune, user=user)
    rows = sum(len(h["members"]) for h in stored["households"].values())
    if rows <= BACKGROUND_ROWS:
        return confirm_import(token=token, digest=digest, commune=commune, user=user)
    job = {"state": ImportJob.WAITING, "user": stored["user"], "commune": commune.pk, "rows": rows}
    key = _job_key(token)
    queued = cache.add(key, job, PREVIEW_SECONDS)
    if not queued and (cache.get(key) or {}).get("state") in ImportJob.FINISHED:
        # Finished, and its preview waits again (the households had changed): confirmed anew.
        cache.set(key, job, PREVIEW_SECONDS)
        queued = True
    if queued:
        from .tasks import write_household_import

        enqueue_on_commit(
            write_household_import,
            token=token,
            digest=digest,
            commune_id=commune.pk,
            user_id=stored["user"],
        )
    return None


def run_import_job(*, token: str, digest: str, commune: Commune, user) -> dict:
    """The task worker's part: ``confirm_import``, with how it went recorded for the page."""
    key = _job_key(token)
    job = cache.get(key) or {"user": getattr(user, "pk", None), "commune": commune.pk, "rows": 0}
    if job.get("state") in ImportJob.FINISHED:  # a queue that delivered twice
        return job
    cache.set(key, {**job, "state": ImportJob.WORKING}, PREVIEW_SECONDS)
    try:
        result = confirm_import(token=token, digest=digest, commune=commune, user=user)
        job.update(state=ImportJob.DONE, result=result)
    except ImportRefused as refusal:
        job.update(state=ImportJob.REFUSED, errors=refusal.errors)
    except ImportChanged as changed:
        job.update(state=ImportJob.CHANGED, preview=changed.preview)
    except ImportExpired:
        now = cache.get(key) or {}
        if now.get("state") in ImportJob.FINISHED:  # another run wrote it meanwhile
            return now
        job.update(state=ImportJob.EXPIRED)
    except Exception:
        # Written in one transaction: nothing of it stayed. The page says so; the log has why.
        cache.set(key, {**job, "state": ImportJob.FAILED}, PREVIEW_SECONDS)
        raise
    cache.set(key, job, PREVIEW_SECONDS)
    return job


def import_job(*, token: str, commune: Commune, user) -> dict | None:
    """How the background import ``token`` stands (``state``, ``rows``, and ``result``,
    ``errors`` or ``preview`` once finished), if it is this person's for this commune."""
    job = cache.get(_job_key(token))
    if not job or (job["user"], job["commune"]) != (getattr(user, "pk", None), commune.pk):
        return None
    return job


def import_households(*, upload, commune: Commune, user) -> ImportResult:
    """Preview and confirm at once, for scripts and benchmarks; people import through the
    preview. Raises ImportRefused like ``preview_import``."""
    preview = preview_import(upload=upload, commune=commune, user=user)
    return confirm_import(token=preview.token, digest=preview.digest, commune=commune, user=user)


# --- the template officials fill in ---------------------------------------------------------

EXAMPLE_ROW = {
    "code": "H001",
    "head": "Nguyễn Văn An",
    "name": "Nguyễn Văn An",
    "birth_year": 1968,
    "relation": "Chủ hộ",
    "phone": "0912 345 678",
    "consent_by": "Nguyễn Văn An",
}


def template_workbook(*, commune: Commune, today: datetime.date | None = None) -> bytes:
    """An .xlsx to fill in: the importer's own headers, one example row, and lists to pick
    the village (the commune's villages) and the relation from. Codes and phone numbers are
    text cells, so Excel keeps their leading zeros."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    villages = list(commune.villages.order_by("name").values_list("name", flat=True))
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách hộ"
    lists = book.create_sheet("Danh mục")
    lists.sheet_state = "hidden"  # the lists the dropdowns read; nothing to fill there
    lists.append(["Thôn/bản", "Quan hệ với chủ hộ"])
    for n, word in enumerate(RELATION_WORDS, start=2):
        lists.cell(row=n, column=2, value=word)
    for n, name in enumerate(villages, start=2):
        lists.cell(row=n, column=1, value=name)

    names = list(COLUMNS)
    sheet.append([COLUMNS[name][0] for name in names])
    example = {
        **EXAMPLE_ROW,
        "village": villages[0] if villages else "",
        "consent_on": today or datetime.date.today(),
    }
    sheet.append([example[name] for name in names])
    last = settings.HOUSEHOLD_IMPORT_MAX_ROWS + 1
    for index, name in enumerate(names, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(COLUMNS[name][0]) + 4)
        if name in ("code", "phone"):
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
        if name == "consent_on":
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"

    def dropdown(name: str, source: str, count: int) -> None:
        letter = get_column_letter(names.index(name) + 1)
        rule = DataValidation(
            type="list",
            formula1=f"='Danh mục'!${source}$2:${source}${count + 1}",
            allow_blank=True,
            showErrorMessage=True,
        )
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)

    if villages:
        dropdown("village", "A", len(villages))
    dropdown("relation", "B", len(RELATION_WORDS))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
