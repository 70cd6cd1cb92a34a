"""Creating users; their API tokens and logins."""

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken
from knox.settings import knox_settings

from .errors import Invalid
from .models import COLLEGE_ROLES, ENTERPRISE_ROLES, LearnerProfile, LoginRecord, Role, User
from .throttles import client_ip


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


# --- API tokens and logins ------------------------------------------------------------------


def login_recorded(user: User, request: Any, method: str) -> None:
    LoginRecord.objects.create(
        user=user,
        method=method,
        address=client_ip(request) if request is not None else "",
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:300],
    )


@transaction.atomic
def token_issue(user: User, *, request: Any = None) -> tuple[Any, str]:
    """A new API token for the person (hashed in the database; the secret is returned once).
    Past the per-person limit the oldest tokens go."""
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit:
        keep = (
            AuthToken.objects.filter(user=user)
            .order_by("-created")
            .values_list("digest", flat=True)[: limit - 1]
        )
        AuthToken.objects.filter(user=user).exclude(digest__in=list(keep)).delete()
    instance, token = AuthToken.objects.create(user=user)
    login_recorded(user, request, LoginRecord.Method.TOKEN)
    return instance, token


def tokens_of(user: Any) -> Any:
    return AuthToken.objects.filter(user=user).exclude(expiry__lt=timezone.now()).order_by("-created")


def token_revoke(user: Any, key: str) -> bool:
    deleted, _ = AuthToken.objects.filter(user=user, token_key=key).delete()
    return deleted > 0
