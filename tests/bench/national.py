"""National-size households on PostgreSQL: dashboards, import and database size at 0.3 M, 1 M
and 3 M households, with the slope of each figure and its extrapolation to 27 M.

    .venv/bin/python tests/bench/national.py                      # 0.3 M, 1 M, 3 M
    .venv/bin/python tests/bench/national.py --sizes 300000 --profile
    .venv/bin/python tests/bench/national.py --keep /tmp/national  # leave the database running

One throwaway PostgreSQL (scripts/local-services.sh on port 5447, fsync on, like the other
benchmarks), grown incrementally: the 1 M database is the 0.3 M one plus 0.7 M households, and
so on. Settings as a production server of this size would have them: shared_buffers 1 GB,
work_mem 32 MB, effective_cache_size 4 GB, max_wal_size 4 GB.

Data, written with COPY (psycopg 3's ``cursor.copy``): ten villages in each commune of the 34
provinces (``manage.py load_admin_units``), households spread over the communes (cities'
wards larger, so Hồ Chí Minh City holds about 16 %), 4 members each, one consent each,
evidence for about a third of the members at a random level on a random day of the last two
years, and learners (one per 20 households, at most 100,000) enrolled in a 5-lesson course
with some lessons done, each the account of one household member. The roll-up the dashboards
read is then built with ``manage.py coverage_summary --rebuild`` (timed: a national database
pays it once) and checked with ``--verify``.

Measured at each size: the province dashboard of the largest province from a cold cache
(cache cleared) and warm (built again, the database's buffers warm) and read from the cache;
the national overview; the households overview of a superuser; the commune dashboard of the
largest commune; the import of 20,000 rows (5,000 new households) into that commune; the
database's size. ``--profile`` adds, for each dashboard, its slowest queries and the tables
they read.
"""

import argparse
import collections
import datetime
import json
import os
import random
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

import local_services

ROOT = Path(__file__).resolve().parents[2]
SIZES = [300_000, 1_000_000, 3_000_000]
VILLAGES = 10  # per commune
MEMBERS = 4  # per household
EVIDENCE_SHARE = 1 / 3
LEARNER_EVERY = 20  # households
LEARNERS_MAX = 100_000
CHUNK = 100_000  # households per COPY round
IMPORT_ROWS = 20_000
TARGET_HOUSEHOLDS = 27_000_000  # Vietnam, roughly
# Households per commune relative to a rural one: wards of the big cities are larger.
CITY_WEIGHT = {"79": 4.0, "01": 3.0, "31": 1.5, "48": 1.5, "92": 1.5, "46": 1.5}
SETTINGS = {
    "shared_buffers": "1GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "effective_cache_size": "4GB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Quàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh"]
# Given names by place in the household: never the same name twice in one household.
GIVEN = [
    ["An", "Bình", "Cường", "Dũng", "Hùng", "Khánh", "Long", "Nam", "Pâng", "Quân"],
    ["Hoa", "Lan", "Mai", "Nga", "Oanh", "Phương", "Thảo", "Xuân", "Yến", "Ún"],
    ["Bảo", "Châu", "Duy", "Giang", "Hải", "Huy", "Khoa", "Linh", "My", "Tiến"],
    ["Đạt", "Hạnh", "Kiên", "Lộc", "Nhung", "Phúc", "Sơn", "Tâm", "Trang", "Vy"],
]
RELATIONS = ["head", "spouse", "child", "child"]
BIRTH = [(1950, 1985), (1952, 1990), (1980, 2015), (1985, 2020)]
KINDS = {1: "ambassador", 2: "quiz", 3: "practice", 4: "witnessed"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="households, comma-separated, increasing (default: %(default)s)",
    )
    parser.add_argument("--profile", action="store_true", help="the dashboards' slowest queries")
    parser.add_argument("--no-verify", action="store_true", help="skip coverage_summary --verify")
    parser.add_argument("--pg-port", type=int, default=5447)
    parser.add_argument("--redis-port", type=int, default=6447)
    parser.add_argument("--keep", metavar="DIR", help="keep the database running in DIR")
    parser.add_argument(
        "--again",
        metavar="DIR",
        help="measure the database kept in DIR again, as it is (after changing the code)",
    )
    parser.add_argument("--no-rebuild", action="store_true", help="with --again: keep the roll-up")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    folder = Path(args.again or args.keep or tempfile.mkdtemp(prefix="nhaso-national-"))
    args.keep = args.keep or args.again
    if not (folder / "pg" / "postmaster.pid").exists():
        local_services.start(folder, args.pg_port, args.redis_port)
    try:
        if not args.again:
            tune(folder, args)
            local_services.fresh_database(args.pg_port)
        os.environ.update(
            DJANGO_SETTINGS_MODULE="cms.settings.dev",
            DEBUG="false",
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{args.pg_port}/nhaso",
            NHASO_VAR_DIR=str(folder / "var"),
            ANALYTICS_CACHE_SECONDS="3600",
        )
        sys.path.insert(0, str(ROOT))
        options = {"profile": args.profile, "verify": not args.no_verify, "saved": folder}
        if args.again:
            again(rebuild=not args.no_rebuild, **options)
        else:
            run(sizes, **options)
    finally:
        if args.keep:
            print(f"\nPostgreSQL left running: postgres://postgres@127.0.0.1:{args.pg_port}/nhaso")
            print(f"stop it with: scripts/local-services.sh stop {folder}")
        else:
            local_services.stop(folder)


def tune(folder: Path, args) -> None:
    """The settings above, written with ALTER SYSTEM; shared_buffers needs a restart."""
    import subprocess

    psql = ["psql", "-q", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres"]
    for name, value in SETTINGS.items():
        subprocess.run([*psql, "-c", f"ALTER SYSTEM SET {name} = '{value}'"], check=True)
    local_services.stop(folder)
    local_services.start(folder, args.pg_port, args.redis_port)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the data ---------------------------------------------------------------------------------


class Nation:
    """What has been generated so far, to grow it with the next ids."""

    def __init__(self, course, lessons):
        from places.models import Commune, Village

        self.course, self.lessons = course, lessons
        self.rng = random.Random(27)
        communes = list(Commune.objects.select_related("province").order_by("pk"))
        Village.objects.bulk_create(
            [
                Village(commune=c, name=f"Thôn {n}")
                for c in communes
                for n in range(1, VILLAGES + 1)
            ],
            batch_size=5000,
        )
        self.villages = collections.defaultdict(list)
        for pk, commune_id in Village.objects.order_by("pk").values_list("pk", "commune_id"):
            self.villages[commune_id].append(pk)
        self.communes = [c.pk for c in communes]
        self.weights = [
            CITY_WEIGHT.get(c.province.code, 1.0) * self.rng.lognormvariate(0, 0.5)
            for c in communes
        ]
        self.households = self.learners = 0  # generated so far
        self.last = {}  # the last id of each table, as in the database
        self.today = datetime.date.today()
        self.now = datetime.datetime.now(datetime.UTC).isoformat()
        self.norm = {}  # name part -> normalised, as households/search.py writes it

    def key(self, part: str) -> str:
        if part not in self.norm:
            from households.search import normalise

            self.norm[part] = normalise(part)
        return self.norm[part]

    def grow(self, target: int) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            # Ids follow what is there already (the imports added some).
            for name, table in [
                ("household", "households_household"),
                ("member", "households_member"),
                ("evidence", "households_evidence"),
                ("consent", "households_consent"),
                ("user", "accounts_user"),
                ("enrollment", "courses_enrollment"),
                ("progress", "lessons_lessonprogress"),
            ]:
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
                self.last[name] = cursor.fetchone()[0]
            # Rows are consistent by construction: no trigger per row for foreign keys.
            cursor.execute("SET session_replication_role = replica")
            try:
                while self.households < target:
                    self._chunk(cursor.cursor, min(CHUNK, target - self.households))
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            for table in ("household", "member", "evidence", "consent"):
                _set_sequence(cursor, f"households_{table}")
            for table in ("accounts_user", "courses_enrollment", "lessons_lessonprogress"):
                _set_sequence(cursor, table)
            cursor.execute("ANALYZE")

    def _chunk(self, cursor, count: int) -> None:
        rng = self.rng
        last = self.last
        communes = rng.choices(self.communes, self.weights, k=count)
        households, consents, members, evidence = [], [], [], []
        users, enrollments, progress = [], [], []
        for number, commune in enumerate(communes, start=self.households + 1):
            last["household"] += 1
            last["consent"] += 1
            pk = last["household"]
            village = rng.choice(self.villages[commune])
            surname = rng.choice(SURNAMES)
            names = [(rng.choice(MIDDLE), rng.choice(GIVEN[slot])) for slot in range(MEMBERS)]
            full = [f"{surname} {middle} {given}" for middle, given in names]
            code = f"H{pk:08d}"
            keys = [code.lower()] + [
                f"{self.key(surname)} {self.key(m)} {self.key(g)}" for m, g in names
            ]
            search = " | ".join(dict.fromkeys(keys))
            households.append(
                f"{pk}\t{commune}\t{village}\t{code}\t{full[0]}\t{search}\t{self.now}\t{self.now}\n"
            )
            day = self.today - datetime.timedelta(days=rng.randrange(730))
            consents.append(f"{last['consent']}\t{pk}\t{full[0]}\t{day}\t{self.now}\n")
            learner = None
            if number % LEARNER_EVERY == 0 and self.learners < LEARNERS_MAX:
                self.learners += 1
                last["user"] += 1
                last["enrollment"] += 1
                learner = last["user"]
                users.append(f"{learner}\thv{learner}\t{commune}\t{self.now}\n")
                enrollments.append(
                    f"{last['enrollment']}\t{learner}\t{self.course.pk}\t{self.now}\n"
                )
                for lesson in self.lessons[: rng.randint(0, len(self.lessons))]:
                    last["progress"] += 1
                    progress.append(
                        f"{last['progress']}\t{uuid.uuid4()}\t{learner}\t{lesson.pk}\t"
                        f"{lesson.translation_key}\t{self.now}\n"
                    )
            for slot in range(MEMBERS):
                last["member"] += 1
                member_id = last["member"]
                low, high = BIRTH[slot]
                user = learner if learner and slot == 1 else "\\N"
                members.append(
                    f"{member_id}\t{pk}\t{full[slot]}\t{rng.randint(low, high)}\t"
                    f"{RELATIONS[slot]}\t{user}\n"
                )
                if rng.random() < EVIDENCE_SHARE:
                    last["evidence"] += 1
                    level = rng.randint(1, 4)
                    kind = KINDS[level]
                    if level == 2 and rng.random() < 0.2:
                        kind = "assisted_quiz"
                    seen = self.today - datetime.timedelta(days=rng.randrange(730))
                    evidence.append(
                        f"{last['evidence']}\t{member_id}\t{kind}\t{level}\t{seen}\t{self.now}\n"
                    )
        from accounts.models import User
        from courses.models import Enrollment
        from households.models import Consent, Evidence, Household, Member
        from lessons.models import LessonProgress

        columns = {
            Household: ["id", "commune_id", "village_id", "code", "head_name", "search_text"]
            + ["created_at", "updated_at"],
            Consent: ["id", "household_id", "given_by", "given_on", "recorded_at"],
            User: ["id", "username", "home_commune_id", "date_joined"],
            Member: ["id", "household_id", "full_name", "birth_year", "relation", "user_id"],
            Evidence: ["id", "member_id", "kind", "level", "observed_on", "created_at"],
            Enrollment: ["id", "user_id", "course_id", "created_at"],
            LessonProgress: ["id", "client_id", "user_id", "lesson_id", "lesson_key"]
            + ["created_at"],
        }
        rows = {
            Household: households,
            Consent: consents,
            User: users,
            Member: members,
            Evidence: evidence,
            Enrollment: enrollments,
            LessonProgress: progress,
        }
        for model, lines in rows.items():
            copy(cursor, model, columns[model], lines)
        self.households += count


def copy(cursor, model, columns: list[str], lines: list[str]) -> None:
    """COPY ``lines`` (tab-separated values of ``columns``) into the model's table, every
    other column at its field's default (the same for all rows)."""
    if not lines:
        return
    others, values = _defaults(model, columns)
    tail = "".join(f"\t{v}" for v in values)
    names = ", ".join(f'"{c}"' for c in [*columns, *others])
    with cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as stream:
        for start in range(0, len(lines), 20_000):
            block = lines[start : start + 20_000]
            stream.write(
                "".join(line[:-1] + tail + "\n" for line in block) if tail else "".join(block)
            )


def _defaults(model, given: list[str]) -> tuple[list[str], list[str]]:
    """The model's other columns and their defaults as COPY text."""
    from django.db import connection

    columns, values = [], []
    now = datetime.datetime.now(datetime.UTC)
    for field in model._meta.concrete_fields:
        if field.column in given:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_db_prep_save(field.get_default(), connection)
        if value is None and not field.null:
            if field.primary_key:
                continue
            raise RuntimeError(f"{model.__name__}.{field.name} needs a value in the benchmark")
        columns.append(field.column)
        values.append(_text(value))
    return columns, values


def _text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(getattr(value, "obj", value))  # Jsonb wraps its value
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _set_sequence(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
    )


# --- the measurements ---------------------------------------------------------------------


class Queries:
    """Every query's time, for --profile."""

    def __init__(self):
        self.times = collections.defaultdict(float)
        self.counts = collections.Counter()

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.times[sql] += time.perf_counter() - start
            self.counts[sql] += 1

    def report(self, label: str, total: float, top: int = 6) -> None:
        spent = sum(self.times.values())
        print(
            f"  {label}: {total:.2f} s, of which {spent:.2f} s in {sum(self.counts.values())} "
            f"queries ({total - spent:.2f} s in Python)"
        )
        for sql, seconds in sorted(self.times.items(), key=lambda kv: -kv[1])[:top]:
            tables = sorted(set(re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)))
            shown = " ".join(sql.split())[:230]
            print(f"    {seconds:6.2f} s  ×{self.counts[sql]:<4} {', '.join(tables)}")
            print(f"           {shown}")


def timed(label: str, build, profile: bool) -> float:
    from django.db import connection

    queries = Queries()
    start = time.perf_counter()
    if profile:
        with connection.execute_wrapper(queries):
            build()
    else:
        build()
    elapsed = time.perf_counter() - start
    if profile:
        queries.report(label, elapsed)
    return elapsed


def dashboards(profile: bool) -> dict:
    from django.core.cache import cache
    from django.db.models import Count

    from accounts.models import User
    from analytics import reports
    from households.models import Household, Level
    from households.selectors import coverage_of_communes
    from places.models import Commune, Province

    biggest = (
        Household.objects.values("commune__province").annotate(n=Count("pk")).order_by("-n").first()
    )
    province = Province.objects.get(pk=biggest["commune__province"])
    commune = Commune.objects.get(
        pk=Household.objects.values("commune").annotate(n=Count("pk")).order_by("-n")[0]["commune"]
    )
    superuser = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "national-admin", password=None
    )
    filters = reports.Filters()
    figures = {"province_households": biggest["n"], "commune": commune}
    # A running server has its code loaded: the first report of the process is not measured.
    smallest = Province.objects.exclude(pk=province.pk).first()
    reports.province_report(smallest, filters)
    reports.commune_report(smallest.communes.first())
    if profile:
        print(f"\nProfile ({province.name}: {biggest['n']:,} households; {commune.name})")
    cache.clear()
    figures["province_cold"] = timed(
        "province, cold", lambda: reports.province_report(province, filters), profile
    )
    figures["province_warm"] = timed(
        "province, warm", lambda: reports.province_report(province, filters), profile
    )
    reports.store_province_report(province, filters.as_json())
    figures["province_cached"] = timed(
        "province, cached",
        lambda: reports.province_report_or_queue(province, filters),
        False,
    )
    national = getattr(reports, "national_report", None)
    cache.clear()
    if national:
        figures["national"] = timed("national overview", national, profile)
    figures["overview"] = timed(
        "households overview, superuser",
        lambda: coverage_of_communes(user=superuser, level=Level.QUIZ_VERIFIED),
        profile,
    )
    cache.clear()
    figures["commune_cold"] = timed(
        f"commune ({commune.name})", lambda: reports.commune_report(commune), profile
    )
    figures["commune_warm"] = timed("commune, warm", lambda: reports.commune_report(commune), False)
    return figures


def import_rate(commune, size: int) -> float:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from households.importing import import_households

    header = (
        "Mã hộ,Thôn/bản,Chủ hộ,Họ và tên,Năm sinh,Quan hệ với chủ hộ,Số điện thoại,"
        "Người đồng ý,Ngày đồng ý"
    )
    lines = [header]
    for n in range(IMPORT_ROWS):
        household, slot = divmod(n, MEMBERS)
        head = f"Chủ hộ {household}"
        name = head if slot == 0 else f"Người {n}"
        phone = f"09{n:08d}" if slot == 0 else ""
        lines.append(
            f"I{size}-{household:05d},Thôn {1 + household % VILLAGES},{head},{name},"
            f"{1950 + slot * 15},{'Chủ hộ' if slot == 0 else 'Con'},{phone},{head},01/11/2025"
        )
    upload = SimpleUploadedFile("import.csv", ("\n".join(lines) + "\n").encode())
    start = time.perf_counter()
    result = import_households(upload=upload, commune=commune, user=None)
    elapsed = time.perf_counter() - start
    assert result.rows == IMPORT_ROWS and result.households_created == IMPORT_ROWS // MEMBERS
    return result.rows / elapsed


def sizes() -> tuple[int, list[tuple[str, int]]]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 2 DESC LIMIT 6"
        )
        return total, cursor.fetchall()


# --- the run --------------------------------------------------------------------------------


def run(targets: list[int], *, profile: bool, verify: bool, saved: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import User
    from courses.models import Enrollment
    from households.models import Evidence, Member
    from tests.factories import course_with_lessons, lessons_of

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_admin_units", stdout=open(os.devnull, "w"))
    course = course_with_lessons(title="VNeID", slug="vneid", lessons=5)
    nation = Nation(course, lessons_of(course))
    log(f"schema, {len(nation.communes)} communes and {len(nation.communes) * VILLAGES} villages")
    results = []
    for target in targets:
        row = {"size": target}
        start = time.perf_counter()
        nation.grow(target)
        row["copy"] = time.perf_counter() - start
        log(
            f"{target:,} households: {Member.objects.count():,} members, "
            f"{Evidence.objects.count():,} evidence, {User.objects.count():,} accounts, "
            f"{Enrollment.objects.count():,} enrolments (COPY {row['copy']:.0f} s)"
        )
        results.append(measure(row, profile=profile, verify=verify, rebuild=True))
        save(saved, results)
    print_table(results)
    log(f"whole run: {(time.perf_counter() - started) / 60:.1f} min")


def again(*, rebuild: bool, profile: bool, verify: bool, saved: Path) -> None:
    """The kept database measured again; its row replaces the one of its size in the table."""
    import django

    django.setup()
    from households.models import Household

    # The size it was generated at: the imports added IMPORT_ROWS / MEMBERS households each.
    found = Household.objects.exclude(code__startswith="I").count()
    results = [r for r in load(saved) if r["size"] != found]
    row = measure({"size": found}, profile=profile, verify=verify, rebuild=rebuild)
    results = sorted([*results, row], key=lambda r: r["size"])
    save(saved, results)
    print_table(results)


def measure(row: dict, *, profile: bool, verify: bool, rebuild: bool) -> dict:
    """Roll-up, dashboards, import and size of the database as it is now."""
    from django.core.management import call_command

    if rebuild:
        start = time.perf_counter()
        call_command("coverage_summary", "--rebuild", stdout=open(os.devnull, "w"))
        row["rebuild"] = time.perf_counter() - start
        log(f"coverage_summary --rebuild: {row['rebuild']:.1f} s")
    if verify:
        start = time.perf_counter()
        call_command("coverage_summary", "--verify", stdout=open(os.devnull, "w"))
        row["verify"] = time.perf_counter() - start
        log(f"coverage_summary --verify: equal ({row['verify']:.1f} s)")
    row.update(dashboards(profile))
    log(
        f"dashboards: province {row['province_cold']:.2f} s cold, "
        f"commune {row['commune_cold']:.2f} s, national {row.get('national', 0):.2f} s"
    )
    row["import"] = import_rate(row.pop("commune"), row["size"])
    log(f"import: {row['import']:,.0f} rows/s")
    row["bytes"], row["tables"] = sizes()
    return row


def save(folder: Path, results: list[dict]) -> None:
    """The figures so far, beside the database (for --again)."""
    (folder / "national.json").write_text(json.dumps(results, indent=1))


def load(folder: Path) -> list[dict]:
    path = folder / "national.json"
    return json.loads(path.read_text()) if path.exists() else []


COLUMNS = [
    # key, heading, format, unit for the slope
    ("copy", "COPY s", "{:.0f}", "s"),
    ("rebuild", "rebuild s", "{:.1f}", "s"),
    ("verify", "verify s", "{:.1f}", "s"),
    ("province_cold", "prov. cold s", "{:.2f}", "s"),
    ("province_warm", "prov. warm s", "{:.2f}", "s"),
    ("province_cached", "prov. cache ms", "{:.1f}", "ms"),
    ("national", "national s", "{:.3f}", "s"),
    ("overview", "overview s", "{:.3f}", "s"),
    ("commune_cold", "commune ms", "{:.0f}", "ms"),
    ("commune_warm", "commune warm ms", "{:.0f}", "ms"),
    ("import", "import rows/s", "{:,.0f}", "rows/s"),
    ("gb", "DB GB", "{:.2f}", "GB"),
]


def print_table(results: list[dict]) -> None:
    results = [dict(row) for row in results]  # shown in other units; the saved rows stay
    for row in results:
        row["gb"] = row["bytes"] / 2**30
        for key in ("province_cached", "commune_cold", "commune_warm"):
            row[key] *= 1000
    columns = [c for c in COLUMNS if all(c[0] in row for row in results)]
    print("\nhouseholds  " + "  ".join(f"{h:>{max(len(h), 9)}}" for _, h, _, _ in columns))
    for row in results:
        cells = [f"{fmt.format(row[k]):>{max(len(h), 9)}}" for k, h, fmt, _ in columns]
        print(f"{row['size']:>10,}  " + "  ".join(cells))
    last = results[-1]
    millions = [r["size"] / 1e6 for r in results]
    print(f"\nProvince shown: the largest, {last['province_households']:,} households at the end.")
    print(f"Database per million households: {last['gb'] / millions[-1]:.2f} GB; largest tables:")
    for name, size in last["tables"]:
        print(f"  {name:32} {size / 2**30:6.2f} GB  ({size / 2**30 / millions[-1]:.2f} GB per M)")

    targets = [
        ("province dashboard < 1 s cold", "province_cold", lambda v: v < 1),
        ("commune dashboard < 200 ms", "commune_cold", lambda v: v < 200),
        ("import ≥ 2,000 rows/s", "import", lambda v: v >= 2000),
        ("national overview < 2 s at 3 M", "national", lambda v: v < 2),
    ]
    print("\nTargets (at every size measured):")
    for label, key, holds in targets:
        if key in last:
            held = all(holds(r[key]) for r in results)
            print(f"  {label:34} {'held' if held else 'NOT held'}")

    if len(results) < 2:
        return
    print(
        "\nSlope (least squares over the sizes; the import as seconds per 20,000 rows) and "
        "extrapolation to 27 M households (from the largest size, never below it):"
    )
    scale = millions[-1] / millions[0]
    for key, heading, fmt, unit in columns:
        values = [r[key] for r in results]
        if key == "import":  # a rate: its cost is the time per file
            values = [IMPORT_ROWS / v for v in values]
        slope, _ = _fit(millions, values)
        at_target = values[-1] + max(slope, 0) * (TARGET_HOUSEHOLDS / 1e6 - millions[-1])
        growth = values[-1] / values[0] if values[0] else float("nan")
        per = "s" if key == "import" else unit
        shown = fmt.format(IMPORT_ROWS / at_target if key == "import" else at_target)
        print(
            f"  {heading:16} {slope:+9.3f} {per} per M households; at 27 M ≈ {shown} {unit}"
            f"  (cost ×{growth:.1f} for ×{scale:.0f} the households)"
        )


def _fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return slope, mean_y - slope * mean_x


if __name__ == "__main__":
    main()
