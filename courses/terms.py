"""Terms as people read them: "2026-autumn" is "Autumn 2026" / "2026年秋季学期"."""

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

SEASONS = {
    "spring": lambda year: _("Spring %(year)s") % {"year": year},
    "summer": lambda year: _("Summer %(year)s") % {"year": year},
    "autumn": lambda year: _("Autumn %(year)s") % {"year": year},
    "fall": lambda year: _("Autumn %(year)s") % {"year": year},
    "winter": lambda year: _("Winter %(year)s") % {"year": year},
}
PATTERN = re.compile(r"^(\d{4})-(spring|summer|autumn|fall|winter)$", re.IGNORECASE)


def term_label(term: str) -> str:
    """The term in the reader's language; a term in another form is shown as written."""
    match = PATTERN.match(term.strip())
    if not match:
        return term
    return SEASONS[match.group(2).lower()](match.group(1))


def upcoming_terms(today: datetime.date | None = None, years: int = 2) -> list[tuple[str, str]]:
    """Terms an offering can be planned for, as (value, label): from this year's spring to
    ``years`` years ahead."""
    year = (today or timezone.localdate()).year
    return [
        (f"{y}-{season}", term_label(f"{y}-{season}"))
        for y in range(year, year + years + 1)
        for season in ("spring", "autumn")
    ]
