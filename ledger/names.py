"""Indicators by name, in the reader's language.

The default scheme's indicators are known here, so their names and units are translated;
an indicator an evaluator added shows the name it was given. Pages never show bare codes.
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .defaults import DEFAULT_2026
from .models import Indicator

NAMES = {code: name for _dimension, code, name, *_rest in DEFAULT_2026}
UNITS = {row[1]: row[8] for row in DEFAULT_2026}

# The default names and units, marked for the translation catalogue (makemessages reads
# literal strings only). They are translated where they are shown.
CATALOGUE = [
    gettext_noop("Project delivery rate"),
    gettext_noop("Enterprise projects accepted"),
    gettext_noop("Enterprise rating of delivered projects"),
    gettext_noop("Patents transferred"),
    gettext_noop("Standards contributed"),
    gettext_noop("Employment in field"),
    gettext_noop("Employer rating of graduates"),
    gettext_noop("Graduates with an industry certificate"),
    gettext_noop("Days to independent work"),
    gettext_noop("Training hours for people outside the college"),
    gettext_noop("SMEs served"),
    gettext_noop("Technology transfer income"),
    gettext_noop("Micro-credentials for external learners"),
    gettext_noop("Dual-position practice hours"),
    gettext_noop("1–5"),
    gettext_noop("CNY"),
    gettext_noop("SMEs"),
    gettext_noop("credentials"),
    gettext_noop("days"),
    gettext_noop("hours"),
    gettext_noop("patents"),
    gettext_noop("projects"),
    gettext_noop("ratio"),
    gettext_noop("standards"),
]


def indicator_name(indicator: Any) -> str:
    """The name of an indicator (a row of Indicator, or a code)."""
    code = getattr(indicator, "code", indicator)
    given = getattr(indicator, "name", None)
    if code in NAMES and given in (None, NAMES[code]):
        return _(NAMES[code])
    return str(given or code)


def indicator_unit(indicator: Any) -> str:
    code = getattr(indicator, "code", indicator)
    unit = getattr(indicator, "unit", None) or UNITS.get(code, "")
    return _(unit) if unit else ""


def indicator_term(code: str) -> str:
    """An indicator's name as stored for later reading (untranslated; see notifications)."""
    if code in NAMES:
        return NAMES[code]
    name = Indicator.objects.filter(code=code, scheme__is_active=True).values_list("name", flat=True).first()
    return name or code
