"""People: a college administrator adds teachers and students (each gets an e-mail with a
link to set their password), deactivates and reactivates them; a platform admin manages
everyone."""

import logging
from collections.abc import Iterable
from typing import Any

import django_filters
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .adapters import PhoneField
from .errors import Conflict, Invalid
from .models import Role, User
from .pagekit import Action, Column, Section, Tool, badge
from .policies import UserPolicy
from .services import user_create

logger = logging.getLogger(__name__)


def set_password_link(user: User, base_url: str) -> str:
    """A one-time link where the person chooses their password (allauth's reset key)."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return base_url.rstrip("/") + path


def welcome_emails(user_ids: Iterable[int], *, base_url: str) -> int:
    """Each new person's welcome, in their language, with the link to set their password."""
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""):
        with translation.override(user.language or settings.LANGUAGE_CODE):
            body = _(
                "Hello %(name)s,\n\nAn account on Chanjiao, the industry college portal, is ready for you "
                "(user name: %(username)s). Choose your password here:\n\n%(link)s\n\n"
                "The link works once. If it has expired, ask your college's administrator for a new one."
            ) % {
                "name": user.get_full_name() or user.username,
                "username": user.username,
                "link": set_password_link(user, base_url),
            }
            send_mail(_("Your Chanjiao account"), body, None, [user.email])
        sent += 1
    return sent


def send_welcome_later(user_ids: list[int]) -> None:
    """After the commit that created them, from a task."""
    from .tasks import send_welcome_emails

    def queue() -> None:
        try:
            send_welcome_emails.delay(user_ids)
        except Exception:
            logger.exception("Could not queue welcome e-mails for %s users", len(user_ids))

    transaction.on_commit(queue)


@transaction.atomic
def person_add(
    *,
    actor: User,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    phone: str = "",
    **scope: Any,
) -> User:
    """A new teacher or student of the actor's college (any person, for a platform admin),
    without a password until they set one from their welcome e-mail; with their mobile number
    (E.164, one account's, not verified until they verify it) when given."""
    if phone and User.objects.filter(phone=phone).exists():
        raise Invalid("phone", _("This mobile number belongs to another account."))
    college = scope.get("college") or (actor.college if not actor.is_platform_admin else None)
    user = user_create(
        username=username,
        password=None,
        email=email,
        role=role,
        college=college if role in (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT) else None,
        enterprise=scope.get("enterprise"),
        first_name=first_name,
        last_name=last_name,
    )
    if phone:
        user.phone, user.phone_verified = phone, False
        user.save(update_fields=["phone", "phone_verified"])
    send_welcome_later([user.pk])
    return user


@transaction.atomic
def person_set_active(*, person: User, actor: User, active: bool) -> User:
    if person.pk == actor.pk:
        raise Conflict(_("You cannot deactivate yourself."))
    if person.is_active == active:
        raise Conflict(
            _("The account is already active.") if active else _("The account is already deactivated.")
        )
    # A deactivated person's session and API tokens stop working at their next request: the
    # authentication backends refuse inactive users.
    person.is_active = active
    person.save(update_fields=["is_active"])
    return person


class PersonForm(forms.Form):
    username = forms.RegexField(label=gettext_lazy("User name"), regex=r"^[\w.@+-]+\Z", max_length=150)
    first_name = forms.CharField(label=gettext_lazy("Given name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Family name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail (the welcome e-mail goes there)"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(Role.TEACHER, Role.TEACHER.label), (Role.STUDENT, Role.STUDENT.label)],
    )
    phone = PhoneField(
        label=gettext_lazy("Mobile number (optional)"),
        required=False,
        help_text=gettext_lazy("They verify it before logging in with a code by SMS."),
    )


class PeopleFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        label=gettext_lazy("Role"), choices=Role.choices, empty_label=gettext_lazy("Any role")
    )
    is_active = django_filters.BooleanFilter(label=gettext_lazy("Active"))

    class Meta:
        model = User
        fields = ["role", "is_active"]


def phone_visible(viewer: User, person: User) -> bool:
    """A person's mobile number is contact data: they see it, and so do those who manage
    their account (their college's administrators, the platform's)."""
    return (
        viewer.pk == person.pk
        or viewer.is_platform_admin
        or (
            viewer.role == Role.COLLEGE_ADMIN
            and person.college_id is not None
            and person.college_id == viewer.college_id
        )
    )


def _people_context(request: Any, person: User) -> dict[str, Any]:
    return {
        "profile": getattr(person, "learner_profile", None),
        "show_phone": phone_visible(request.user, person),
    }


PEOPLE = Section(
    name="people",
    title=gettext_lazy("People"),
    policy=UserPolicy(),
    queryset=lambda: User.objects.select_related("college", "enterprise", "learner_profile"),
    columns=[
        Column(gettext_lazy("Name"), lambda u: u.get_full_name() or u.username, sort="last_name"),
        Column(gettext_lazy("User name"), "username", sort="username"),
        Column(gettext_lazy("Role"), "get_role_display", sort="role"),
        Column(gettext_lazy("E-mail"), "email"),
        Column(
            gettext_lazy("Account"),
            lambda u: badge("active", _("active")) if u.is_active else badge("warning", _("deactivated")),
            sort="is_active",
        ),
    ],
    detail_template="accounts/person_detail.html",
    search_fields=("username", "first_name", "last_name", "email"),
    filterset=PeopleFilter,
    default_ordering=("role", "last_name", "first_name", "username"),
    create_form=PersonForm,
    create=lambda actor, data: person_add(actor=actor, **data),
    create_label=gettext_lazy("Add a person"),
    create_permission=lambda u: u.role == Role.COLLEGE_ADMIN,
    context=_people_context,
    actions=[
        Action(
            "deactivate",
            gettext_lazy("Deactivate"),
            "deactivate",
            lambda p, u, d: person_set_active(person=p, actor=u, active=False),
            gettext_lazy("The account is deactivated: it can no longer log in."),
            available=lambda p, u: p.is_active,
            confirm=gettext_lazy(
                "Deactivate this account? The person can no longer log in; their records stay."
            ),
            style="danger",
        ),
        Action(
            "reactivate",
            gettext_lazy("Reactivate"),
            "reactivate",
            lambda p, u, d: person_set_active(person=p, actor=u, active=True),
            gettext_lazy("The account is active again."),
            available=lambda p, u: not p.is_active,
        ),
        Action(
            "invite",
            gettext_lazy("Send a new set-password link"),
            "invite",
            lambda p, u, d: send_welcome_later([p.pk]),
            gettext_lazy("A new link to set a password is on its way."),
            available=lambda p, u: p.is_active and bool(p.email),
            style="secondary",
        ),
    ],
    tools=[Tool(gettext_lazy("Import"), "people-import", allowed=lambda u: u.role == Role.COLLEGE_ADMIN)],
)
