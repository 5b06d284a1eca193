"""Province-sized household data: coverage time and import rate.

    .venv/bin/python tests/bench/households.py [--households 150000]

Fresh SQLite database in a temporary directory (set DATABASE_URL to try PostgreSQL; the
first line says which database the figures are for).
Generates households over every commune of one province (4 members each, evidence for
about a third of the members), rebuilds the coverage roll-up, then times commune-level
coverage for the whole province, the province and commune dashboards from a cold cache
(time and memory, with 30,000 learners in one course), and the import of a CSV of 10,000
people.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=150_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nhaso-bench-") as var_dir:
        sys.path.insert(0, str(ROOT))
        os.environ.update(
            NHASO_VAR_DIR=var_dir, DJANGO_SETTINGS_MODULE="cms.settings.dev", DEBUG="false"
        )
        django_setup()
        run(args.households)


def django_setup():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_admin_units", stdout=open(os.devnull, "w"))


def run(count: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from households.importing import import_households
    from households.models import Evidence, Household, Level, Member
    from households.selectors import coverage_totals
    from places.models import Commune, Village

    rng = random.Random(7)
    communes = list(Commune.objects.filter(province__code="11"))  # Điện Biên
    villages = {c.pk: [Village(commune=c, name=f"Bản {n}") for n in range(1, 11)] for c in communes}
    Village.objects.bulk_create([v for vs in villages.values() for v in vs])
    villages = {c.pk: list(c.villages.all()) for c in communes}

    start = time.perf_counter()
    with transaction.atomic():
        households = []
        for n in range(count):
            commune = communes[n % len(communes)]
            households.append(
                Household(
                    commune=commune,
                    village=rng.choice(villages[commune.pk]),
                    code=f"B{n:07d}",
                    head_name=f"Chủ hộ {n}",
                )
            )
        Household.objects.bulk_create(households, batch_size=5000)
        ids = list(Household.objects.values_list("pk", flat=True))
        members = [
            Member(
                household_id=h,
                full_name=f"Người {h}-{k}",
                birth_year=1950 + k * 15,
                relation="child",
            )
            for h in ids
            for k in range(4)
        ]
        Member.objects.bulk_create(members, batch_size=5000)
        kinds = [
            ("ambassador", Level.SELF_REPORTED),
            ("quiz", Level.QUIZ_VERIFIED),
            ("witnessed", Level.WITNESSED),
        ]
        day = datetime.date(2026, 11, 1)
        evidence = []
        for member_id in Member.objects.values_list("pk", flat=True).iterator():
            if rng.random() < 0.33:
                kind, level = rng.choice(kinds)
                evidence.append(
                    Evidence(member_id=member_id, kind=kind, level=level, observed_on=day)
                )
        Evidence.objects.bulk_create(evidence, batch_size=5000)
    built = time.perf_counter() - start

    print(
        f"Data set: {count} households, {len(members)} members, {len(evidence)} evidence "
        f"records in {len(communes)} communes (built in {built:.0f} s, {database()})"
    )
    rebuild_roll_up()
    # Coverage by commune at every level, read from the roll-up's village rows.
    start = time.perf_counter()
    rows = list(coverage_totals("commune__code", commune__province__code="11"))
    elapsed = time.perf_counter() - start
    covered = ", ".join(
        f"{level.label}: {sum(r[f'covered_{level}'] for r in rows)}" for level in Level
    )
    print(f"Province coverage by commune: {elapsed:.3f} s ({len(rows)} communes; {covered})")

    learners(communes, rng)
    dashboards(communes)

    commune = communes[0]
    header = (
        "Mã hộ,Thôn/bản,Chủ hộ,Họ và tên,Năm sinh,Quan hệ với chủ hộ,Số điện thoại,"
        "Người đồng ý,Ngày đồng ý"
    )
    # Four people a household, the first of them its head.
    lines = [header] + [
        f"N{n // 4:06d},Bản 1,Chủ hộ {n // 4},"
        f"{f'Chủ hộ {n // 4}' if n % 4 == 0 else f'Người {n}'},{1950 + n % 4 * 15},"
        f"{'Chủ hộ' if n % 4 == 0 else 'Con'},,Chủ hộ {n // 4},01/11/2026"
        for n in range(10_000)
    ]
    upload = SimpleUploadedFile("import.csv", ("\n".join(lines) + "\n").encode())
    start = time.perf_counter()
    result = import_households(upload=upload, commune=commune, user=None)
    elapsed = time.perf_counter() - start
    print(
        f"Import: {result.rows} rows ({result.households_created} households) in "
        f"{elapsed:.1f} s = {result.rows / elapsed:.0f} rows/s"
    )


def database() -> str:
    """The database the figures are for, as "PostgreSQL 15" or "SQLite 3.40.1"."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"PostgreSQL {connection.pg_version // 10000}"
    return f"{connection.display_name} {connection.Database.sqlite_version}"


def rebuild_roll_up() -> None:
    """The data above was written in bulk, past the signals: count the coverage roll-up the
    dashboards read from scratch (timed: a national database pays it once)."""
    from households import coverage

    start = time.perf_counter()
    counted = coverage.rebuild()
    print(
        f"Coverage roll-up rebuilt for {counted} households in {time.perf_counter() - start:.1f} s"
    )


def learners(communes, rng, count: int = 30_000) -> None:
    """Learners spread over the communes, enrolled in one 5-lesson course, most partway."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User
    from courses.models import Enrollment
    from lessons.models import LessonProgress
    from tests.factories import course_with_lessons, lessons_of

    course = course_with_lessons(title="VNeID", slug="vneid", lessons=5)
    lessons = lessons_of(course)
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(username=f"hv{n}", password=password, home_commune=rng.choice(communes))
            for n in range(count)
        ],
        batch_size=5000,
    )
    Enrollment.objects.bulk_create(
        [Enrollment(user=u, course=course) for u in users], batch_size=5000
    )
    progress = [
        LessonProgress(
            client_id=uuid.uuid4(), user=u, lesson=lesson, lesson_key=lesson.translation_key
        )
        for u in users
        for lesson in lessons[: rng.randint(0, len(lessons))]
    ]
    LessonProgress.objects.bulk_create(progress, batch_size=5000)
    print(f"Learning: {count} learners, {len(progress)} lessons finished")


def measured(label: str, build) -> None:
    import resource

    tracemalloc.start()
    start = time.perf_counter()
    report = build()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = sum(len(t.frame) for t in report.tables)
    print(
        f"{label} from a cold cache: {elapsed:.2f} s, peak Python memory "
        f"{peak / 2**20:.1f} MiB (process max RSS {rss:.0f} MiB), {rows} table rows"
    )


def dashboards(communes) -> None:
    from django.core.cache import cache
    from django.db.models import Count

    from analytics import reports
    from places.models import Province

    cache.clear()
    province = Province.objects.get(code="11")
    measured(
        "Province dashboard (all communes)",
        lambda: reports.province_report(province, reports.Filters()),
    )
    biggest = max(communes, key=lambda c: c.households.aggregate(n=Count("id"))["n"])
    measured(f"Commune dashboard ({biggest.name})", lambda: reports.commune_report(biggest))


if __name__ == "__main__":
    main()
