"""A college's roster from CSV: thousands of teachers and students at once, every row checked
against the file and the database, all of them written or none.

Checks are set-based (one query for the usernames already taken, one for the college's
majors), so a file of fifty thousand rows is checked in seconds; the people, their learner
profiles and their audit entries are written as sets (``accounts.bulk``: COPY on PostgreSQL).
Each new person gets a welcome e-mail with a link to set their password.
"""

import re
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from accounts import audit, bulk, csvfiles, sms
from accounts.models import LearnerProfile, Role, User
from accounts.people import send_welcome_later

from .models import College, Major

COLUMNS = ("username", "first_name", "last_name", "email", "role")
OPTIONAL = ("major", "entry_year", "phone")
ROLES = {"teacher": Role.TEACHER, "student": Role.STUDENT, "教师": Role.TEACHER, "学生": Role.STUDENT}
USERNAME = re.compile(r"^[\w.@+-]{1,150}\Z")
BATCH = 2000


def check(rows: list[csvfiles.Row], college: College, progress: Any = None) -> list[dict[str, Any]]:
    """Every error of every row; nothing is written."""
    errors: list[dict[str, Any]] = []
    majors = dict(Major.objects.filter(college=college).values_list("code", "pk"))
    # Usernames are unique whatever their case (accounts.services): one query for all of them.
    lowered = [row.data["username"].lower() for row in rows]
    taken = set(
        User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in=lowered)
        .values_list("lowered", flat=True)
    )
    seen: dict[str, int] = {}
    emails_seen: dict[str, int] = {}
    phones = _phones(rows, errors)
    phones_taken = set(User.objects.filter(phone__in=list(phones.values())).values_list("phone", flat=True))
    phones_seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=1):
        if progress is not None and number % 5000 == 0:
            progress("checking", number, len(rows))
        data, line = row.data, row.line
        username = data["username"]
        if not USERNAME.match(username):
            errors.append(
                csvfiles.error(line, "username", _("Letters, digits and @ . + - _ only, up to 150."))
            )
        elif username.lower() in taken:
            errors.append(csvfiles.error(line, "username", _("Already taken by someone on the portal.")))
        elif username.lower() in seen:
            errors.append(
                csvfiles.error(
                    line,
                    "username",
                    _("Also on line %(line)s of this file.") % {"line": seen[username.lower()]},
                )
            )
        seen.setdefault(username.lower(), line)
        for field in ("first_name", "last_name"):
            if not data[field]:
                errors.append(csvfiles.error(line, field, _("Required.")))
            elif len(data[field]) > 150:
                errors.append(csvfiles.error(line, field, _("At most 150 characters.")))
        try:
            validate_email(data["email"])
        except ValidationError:
            errors.append(csvfiles.error(line, "email", _("Not an e-mail address.")))
        else:
            email = data["email"].lower()
            if email in emails_seen:
                errors.append(
                    csvfiles.error(
                        line, "email", _("Also on line %(line)s of this file.") % {"line": emails_seen[email]}
                    )
                )
            emails_seen.setdefault(email, line)
        role = ROLES.get(data["role"].lower())
        if role is None:
            errors.append(csvfiles.error(line, "role", _("teacher or student.")))
        major = data.get("major", "")
        if major and major not in majors:
            errors.append(
                csvfiles.error(
                    line, "major", _("No major of this college has the code “%(code)s”.") % {"code": major}
                )
            )
        phone = phones.get(line)
        if phone in phones_taken:
            errors.append(csvfiles.error(line, "phone", _("This mobile number belongs to another account.")))
        elif phone and phone in phones_seen:
            errors.append(
                csvfiles.error(
                    line, "phone", _("Also on line %(line)s of this file.") % {"line": phones_seen[phone]}
                )
            )
        if phone:
            phones_seen.setdefault(phone, line)
        year = data.get("entry_year", "")
        if year and not (year.isdigit() and 1990 <= int(year) <= 2100):
            errors.append(csvfiles.error(line, "entry_year", _("A year between 1990 and 2100.")))
    return errors


def _phones(rows: list[csvfiles.Row], errors: list[dict[str, Any]]) -> dict[int, str]:
    """Each line's mobile number in E.164 (``accounts.sms.normalise``); a number that is not
    one is an error of its line."""
    phones: dict[int, str] = {}
    for row in rows:
        typed = row.data.get("phone", "")
        if not typed:
            continue
        try:
            phones[row.line] = sms.normalise(typed)
        except ValidationError as error:
            errors.append(csvfiles.error(row.line, "phone", error.messages[0]))
    return phones


@transaction.atomic
def roster_import(*, college: College, actor: User, raw: bytes, progress: Any = None) -> dict[str, Any]:
    """Import a roster file: ``{"created", "errors"}`` with every error by line, or every row
    written (in one transaction: all of them or none)."""
    rows, errors = csvfiles.read(raw, required=COLUMNS, optional=OPTIONAL)
    if not errors:
        errors = check(rows, college, progress)
    if errors:
        return {"created": 0, "errors": errors}
    majors = dict(Major.objects.filter(college=college).values_list("code", "pk"))
    unusable = make_password(None)  # no password until they set one from their e-mail
    created_ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        users = bulk.instances(
            User,
            [
                {
                    "username": row.data["username"],
                    "first_name": row.data["first_name"],
                    "last_name": row.data["last_name"],
                    "email": row.data["email"],
                    "role": ROLES[row.data["role"].lower()],
                    "college_id": college.pk,
                    "password": unusable,
                    # Not verified: the person verifies it from their profile before it logs in.
                    "phone": sms.normalise(row.data["phone"]) if row.data.get("phone") else None,
                }
                for row in chunk
            ],
        )
        bulk.insert(users)
        bulk.insert_values(
            LearnerProfile,
            [
                {
                    "user_id": user.pk,
                    "college_id": college.pk,
                    "major_id": majors.get(row.data.get("major", "")),
                    "entry_year": int(row.data["entry_year"]) if row.data.get("entry_year") else None,
                }
                for user, row in zip(users, chunk, strict=True)
                if user.role == Role.STUDENT
            ],
        )
        audit.created_in_bulk(User, users)
        created_ids += [user.pk for user in users]
        if progress is not None:
            progress("writing", len(created_ids), len(rows))
    send_welcome_later(created_ids)
    return {"created": len(created_ids), "errors": []}


def run_import(user: User, raw: bytes, progress: Any) -> dict[str, Any]:
    """A roster upload, imported in the background (``accounts.imports``) for the college of
    the administrator who uploaded it."""
    if user.college is None:
        return {
            "created": 0,
            "errors": [csvfiles.error(1, "file", _("Only a college's administrators import its roster."))],
        }
    return roster_import(college=user.college, actor=user, raw=raw, progress=progress)
