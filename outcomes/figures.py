"""Graduates supplied, for the radar (radar.md): beside what enterprises say they need and the
cohorts colleges expect, how many graduates of the year actually went to work in a region
with each skill their major teaches. The radar's own figures stay as radar.md fixes them; this
one is added beside them, read from the destinations when asked."""

from django.db.models import Q

from courses.models import Skill

from .models import EMPLOYED, Destination


def graduates_supplied(year: int, region: str = "") -> dict[int, int]:
    """Per skill (by id): the graduates of ``year`` whose latest destination of that year is
    employment (contract, flexible, self-employment, a grassroots programme) in ``region``
    ("" for any region) and whose major teaches the skill (a module of a course of the major
    lists it). Each graduate counts once per skill."""
    return {skill: len(ids) for skill, ids in graduates_supplied_rows(year, region).items()}


def graduates_supplied_rows(year: int, region: str = "") -> dict[int, set[int]]:
    """The graduates (user ids) behind ``graduates_supplied``, per skill."""
    if not 1 <= year <= 9999:
        return {}
    latest: dict[int, tuple[str, str, int | None]] = {}
    for row in (
        Destination.objects.filter(cohort=year)
        .order_by("census_date")
        .values_list("graduate_id", "category", "region", "major_id")
    ):
        latest[row[0]] = (row[1], row[2].strip(), row[3])
    wanted = region.strip()
    placed: dict[int, list[int]] = {}  # major id → graduates
    for graduate, (category, where, major_id) in latest.items():
        if category in EMPLOYED and major_id is not None and (not wanted or where == wanted):
            placed.setdefault(major_id, []).append(graduate)
    if not placed:
        return {}
    result: dict[int, set[int]] = {}
    for major_id, skill_id in (
        Skill.objects.filter(Q(modules__course__major_id__in=list(placed)))
        .values_list("modules__course__major_id", "pk")
        .distinct()
    ):
        result.setdefault(skill_id, set()).update(placed[major_id])
    return result
