"""Load the 34 provinces and 3,321 communes of the July 2025 structure, by official code.

Source: the vietnamadminunits package (MIT). Running it again updates names and adds what is
new; nothing is deleted (households point at communes).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from vietnamadminunits.database import get_data

from places.models import Commune, Province


class Command(BaseCommand):
    help = "Load Vietnam's provinces and communes (post-July-2025) by official code."

    @transaction.atomic
    def handle(self, *args, **options):
        rows = get_data(["province", "provinceCode", "ward", "wardCode"])
        provinces = {}
        for row in rows:
            provinces.setdefault(row["provinceCode"], row["province"])
        existing = {p.code: p for p in Province.objects.all()}
        for code, name in provinces.items():
            if code in existing:
                if existing[code].name != name:
                    existing[code].name = name
                    existing[code].save(update_fields=["name"])
            else:
                existing[code] = Province.objects.create(code=code, name=name)
        known = {c.code: c for c in Commune.objects.all()}
        new, renamed = [], []
        for row in rows:
            commune = known.get(row["wardCode"])
            province = existing[row["provinceCode"]]
            if commune is None:
                new.append(Commune(code=row["wardCode"], name=row["ward"], province=province))
            elif (commune.name, commune.province_id) != (row["ward"], province.pk):
                commune.name, commune.province = row["ward"], province
                renamed.append(commune)
        Commune.objects.bulk_create(new, batch_size=1000)
        Commune.objects.bulk_update(renamed, ["name", "province"], batch_size=1000)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(provinces)} provinces, {len(rows)} communes "
                f"({len(new)} added, {len(renamed)} updated)."
            )
        )
