"""Checking the stored scorecards against a fresh full recompute, changing nothing.

Anyone who doubts a published figure can run ``manage.py audit_scorecards``: every scorecard
of the scheme is recomputed from the ledger inside a transaction that is then rolled back,
and each stored figure is compared with the fresh one to the last stored decimal.
"""

from typing import Any

from django.db import transaction

from .models import Scorecard, ScorecardIndicator
from .pending import active_scheme_id
from .recompute import periods_to_recompute, recompute_period

Key = tuple[str, int, int]


def _snapshot(scheme_id: int) -> dict[Key, dict[str, Any]]:
    cards: dict[Key, dict[str, Any]] = {}
    for row in Scorecard.objects.filter(scheme_id=scheme_id).values(
        "id", "subject_type", "subject_id", "period", "overall", "technology", "competence", "service", "rank"
    ):
        cards[(row["subject_type"], row["subject_id"], row["period"])] = {**row, "indicators": {}}
    by_id = {card["id"]: card for card in cards.values()}
    for item in ScorecardIndicator.objects.filter(scorecard__scheme_id=scheme_id).values(
        "scorecard_id", "code", "value", "score", "evidence_count", "value_sum", "base_sum"
    ):
        by_id[item["scorecard_id"]]["indicators"][item["code"]] = (
            item["value"],
            item["score"],
            item["evidence_count"],
            item["value_sum"],
            item["base_sum"],
        )
    for card in cards.values():
        del card["id"]
    return cards


def audit(scheme_id: int | None = None) -> list[str]:
    """The differences between the stored scorecards and a fresh recompute (none: exact)."""
    scheme_id = scheme_id or active_scheme_id()
    if scheme_id is None:
        return []
    stored = _snapshot(scheme_id)
    with transaction.atomic():
        for period in periods_to_recompute(scheme_id):
            recompute_period(scheme_id=scheme_id, period=period)
        fresh = _snapshot(scheme_id)
        transaction.set_rollback(True)
    problems = []
    for key in sorted(stored.keys() | fresh.keys()):
        if key not in stored:
            problems.append(f"{key}: missing (a fresh recompute makes it)")
        elif key not in fresh:
            problems.append(f"{key}: stored but not made by a fresh recompute")
        elif stored[key] != fresh[key]:
            fields = [name for name in fresh[key] if stored[key][name] != fresh[key][name]]
            problems.append(
                f"{key}: {', '.join(fields)} differ: stored {_pick(stored[key], fields)}, fresh {_pick(fresh[key], fields)}"
            )
    return problems


def _pick(card: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    return {name: card[name] for name in fields}
