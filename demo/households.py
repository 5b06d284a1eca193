"""Demo households for Xã Mường Phăng: about 200 households in six villages, with evidence at
every level. The names and villages are in ``demo/households.yaml``; the households are drawn
from them with a fixed seed, so the demo is the same on every machine."""

import datetime
import random
from dataclasses import dataclass
from pathlib import Path

from demo.data_files import REQUIRED, fields, items, read_yaml
from households.models import Consent, Evidence, Household, Member, Relation
from households.services import approve_link, record_evidence, record_visit, request_link
from places.models import Commune, Village

POPULATION_FILE = Path(__file__).with_name("households.yaml")
POPULATION = {
    "households": (int, REQUIRED),
    "villages": (list, REQUIRED),
    "family_names": (list, REQUIRED),
    "men": (list, REQUIRED),
    "women": (list, REQUIRED),
}


@dataclass(frozen=True)
class Population:
    """What the demo households are drawn from: given names are a middle and a first name."""

    households: int
    villages: list[str]
    family_names: list[str]
    men: list[str]
    women: list[str]


def population(path: Path = POPULATION_FILE) -> Population:
    """The demo commune's population as written in ``path``; DemoDataError names the file
    if it is not valid YAML or a key is unknown, missing or of the wrong kind."""
    data = fields(read_yaml(path), POPULATION, path=path, where="households")
    for name in ("villages", "family_names", "men", "women"):
        items(data[name], str, path=path, where=name)
    return Population(**data)


def load(commune: Commune, *, population: Population, recorded_by) -> int:
    """Create the demo households once; returns how many were created."""
    if Household.objects.filter(commune=commune, code__startswith="MP-").exists():
        return 0
    rng = random.Random(2026)
    villages = [
        Village.objects.get_or_create(commune=commune, name=name)[0] for name in population.villages
    ]
    today = datetime.date(2026, 11, 20)
    # Most people have no evidence yet: coverage in the demo is partial, as in real communes.
    kinds = [None] * 10 + [
        Evidence.Kind.AMBASSADOR_SAYS,
        Evidence.Kind.QUIZ,
        Evidence.Kind.ASSISTED_QUIZ,
        Evidence.Kind.WITNESSED,
    ]
    for number in range(1, population.households + 1):
        family = rng.choice(population.family_names)
        head = f"{family} {rng.choice(population.men)}"
        household = Household.objects.create(
            commune=commune,
            village=villages[number % len(villages)],
            code=f"MP-{number:04d}",
            head_name=head,
        )
        Consent.objects.create(
            household=household,
            given_by=head,
            purpose="Demo",
            given_on=today - datetime.timedelta(days=rng.randint(5, 120)),
            recorded_by=recorded_by,
        )
        people = [
            (head, rng.randint(1950, 1985), Relation.HEAD),
            (
                f"{rng.choice(population.family_names)} {rng.choice(population.women)}",
                rng.randint(1955, 1990),
                Relation.SPOUSE,
            ),
        ]
        people += [
            (
                f"{family} {rng.choice(population.men + population.women)}",
                rng.randint(1995, 2015),
                Relation.CHILD,
            )
            for _ in range(rng.randint(0, 3))
        ]
        seen = set()
        for name, year, relation in people:
            if (name, year) in seen:
                continue
            seen.add((name, year))
            member = Member.objects.create(
                household=household, full_name=name, birth_year=year, relation=relation
            )
            kind = rng.choice(kinds) if year > 1960 else None
            if kind:
                record_evidence(
                    member=member,
                    kind=kind,
                    user=recorded_by,
                    procedure="Khai báo tạm trú" if kind == "witnessed" else "",
                    observed_on=today - datetime.timedelta(days=rng.randint(0, 90)),
                )
    return population.households


def load_ambassador(commune: Commune, *, ambassador, approver) -> None:
    """The demo student helps their own household (approved, two teaching visits) and asks
    to help an aunt's (waiting for the official), so both halves of the flow can be seen."""
    households = Household.objects.filter(commune=commune).order_by("code")
    own, aunt = households.get(code="MP-0007"), households.get(code="MP-0012")
    link = request_link(ambassador=ambassador, household=own, relation="Con trai")
    approve_link(link=link, user=approver)
    request_link(ambassador=ambassador, household=aunt, relation="Cháu")
    today = datetime.date(2026, 11, 20)
    for member, skill, days_ago in [
        (own.members.order_by("birth_year").first(), "Cài đặt và kích hoạt VNeID", 12),
        (own.members.order_by("birth_year").last(), "Nhận diện tin nhắn lừa đảo", 3),
    ]:
        record_visit(
            ambassador=ambassador,
            member=member,
            skill=skill,
            visited_on=today - datetime.timedelta(days=days_ago),
        )
