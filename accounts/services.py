"""Creating users."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .errors import Invalid
from .models import COLLEGE_ROLES, ENTERPRISE_ROLES, LearnerProfile, Role, User


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    role: str,
    college: Any = None,
    enterprise: Any = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A new user of a role, scoped to a college or an enterprise (the rows, or None); without
    a password, they cannot log in until they set one."""
    if role in COLLEGE_ROLES and college is None:
        raise Invalid("college", _("This role needs a college."))
    if role in ENTERPRISE_ROLES and enterprise is None:
        raise Invalid("enterprise", _("This role needs an enterprise."))
    if role not in (*COLLEGE_ROLES, Role.STUDENT) and college is not None:
        raise Invalid("college", _("This role is not scoped to a college."))
    if role not in ENTERPRISE_ROLES and enterprise is not None:
        raise Invalid("enterprise", _("This role is not scoped to an enterprise."))
    if User.objects.filter(username__iexact=username).exists():
        raise Invalid("username", _("A user with that username already exists."))
    user = User(
        username=username,
        email=email,
        role=role,
        college=college,
        enterprise=enterprise,
        first_name=first_name,
        last_name=last_name,
        # A platform admin manages everything, the admin site included.
        is_staff=role == Role.PLATFORM_ADMIN,
        is_superuser=role == Role.PLATFORM_ADMIN,
    )
    if password is None:
        user.set_unusable_password()  # they choose one from the link in their welcome e-mail
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise Invalid("password", " ".join(exc.messages)) from exc
        user.set_password(password)
    user.save()
    if role == Role.STUDENT:
        LearnerProfile.objects.create(user=user, college=college)
    return user
