"""Endorsements in an apprentice's progress and promotions. A ladder level may ask for a
number of endorsements of its skills (of any skill when it names none) by engineers of the
ladder's enterprise; the apprentice's progress shows them, each a row, and a promotion waits
for them (``enterprises.careers.PROMOTION_CHECKS``)."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from accounts.models import User
from apprenticeship.models import Apprenticeship
from apprenticeship.progress import Figure
from enterprises.models import LadderLevel

from .models import Endorsement
from .permissions import visible_endorsements


def level_endorsements(learner: User, level: LadderLevel) -> list[Endorsement]:
    """The endorsements that count toward ``level``: those that are endorsements yet (from
    feedback: once it can be read; hidden ones too, hiding is from the public)."""
    rows = Endorsement.objects.filter(
        visible_endorsements(), learner=learner, enterprise_id=level.ladder.enterprise_id
    )
    skills = [skill.pk for skill in level.skills.all()]
    if skills:
        rows = rows.filter(skill_id__in=skills)
    return list(rows.select_related("skill", "endorsed_by").order_by("created_at", "pk"))


def endorsement_figure(apprenticeship: Apprenticeship, on: datetime.date) -> Figure | None:
    level = apprenticeship.level
    found = level_endorsements(apprenticeship.learner, level)
    if not level.min_endorsements and not found:
        return None
    return Figure(
        "endorsements",
        _("Endorsements of the level's skills"),
        Decimal(level.min_endorsements),
        Decimal(len(found)),
        False,
        rows=[
            {
                "date": endorsement.created_at.date(),
                "text": _("%(skill)s, endorsed by %(engineer)s")
                % {
                    "skill": endorsement.skill.local_name,
                    "engineer": (
                        endorsement.endorsed_by.get_full_name() or endorsement.endorsed_by.username
                        if endorsement.endorsed_by
                        else "—"
                    ),
                },
                "amount": 1,
            }
            for endorsement in found
        ],
    )


def endorsements_missing(learner: User, level: LadderLevel) -> str:
    if not level.min_endorsements:
        return ""
    has = len(level_endorsements(learner, level))
    if has >= level.min_endorsements:
        return ""
    return _(
        "Missing requirement: %(count)s endorsements of the level's skills by the enterprise's "
        "engineers (the learner has %(has)s)."
    ) % {"count": level.min_endorsements, "has": has}
