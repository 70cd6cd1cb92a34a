"""Telling people what they must act on or hear about: an inbox row each, and an e-mail for
those who chose it, in the recipient's language.

Services call ``notify`` inside their transaction, so a notification exists only if the
change it announces committed; e-mails leave after the commit, from a task.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from .models import Notification, Role, User

logger = logging.getLogger(__name__)
Kind = Notification.Kind

# What each kind says; %(…)s are filled from the notification's parameters.
TEXTS = {
    Kind.APPLICATION_RECEIVED: gettext_lazy("%(student)s applied to your project %(project)s."),
    Kind.APPLICATION_DECIDED: gettext_lazy("Your application to %(project)s was %(decision)s."),
    Kind.PROJECT_STATE: gettext_lazy("The project %(project)s is now %(state)s."),
    Kind.HOURS_WAITING: gettext_lazy(
        "%(teacher)s logged %(hours)s hours of practice on %(date)s: please confirm them."
    ),
    Kind.EVIDENCE_WAITING: gettext_lazy(
        "%(college)s submitted evidence for %(indicator)s: please verify it."
    ),
    Kind.EVIDENCE_REJECTED: gettext_lazy("Your evidence for %(indicator)s was rejected. Reason: %(reason)s"),
    Kind.SCORECARD_PUBLISHED: gettext_lazy("The scorecard of %(subject)s for %(period)s is published."),
    Kind.CREDENTIAL_ISSUED: gettext_lazy("You hold a new credential: %(name)s."),
    Kind.CREDENTIAL_REVOKED: gettext_lazy("Your credential %(name)s was revoked. Reason: %(reason)s"),
    Kind.PARTNERSHIP_PROPOSED: gettext_lazy(
        "%(college)s invites your enterprise into its industry college %(industry_college)s: please answer."
    ),
    Kind.PARTNERSHIP_DECIDED: gettext_lazy(
        "%(enterprise)s answered the invitation into %(industry_college)s: %(decision)s."
    ),
    Kind.INTERNSHIP_AGREEMENT: gettext_lazy(
        "An internship of %(student)s at %(enterprise)s: please read and accept the agreement."
    ),
    Kind.INTERNSHIP_ALERT: gettext_lazy("Internship of %(student)s at %(enterprise)s: %(alert)s."),
    Kind.MATCH_REQUESTED: gettext_lazy(
        "%(sender)s proposes the module %(module)s for the project %(project)s: please answer."
    ),
    Kind.MATCH_ANSWERED: gettext_lazy("Your match of %(module)s with %(project)s was %(decision)s."),
    Kind.PROJECT_CHANGES_REQUESTED: gettext_lazy(
        "%(enterprise)s asks for changes to the delivery of %(project)s; it is under way again. "
        "Reason: %(reason)s"
    ),
    Kind.PROJECT_REJECTED: gettext_lazy(
        "%(enterprise)s rejected the delivery of %(project)s; the project is closed. Reason: %(reason)s"
    ),
    Kind.POSTING_WITHDRAWN: gettext_lazy(
        "Your posting %(project)s was withdrawn after a platform admin checked it. Reason: %(reason)s"
    ),
    Kind.ENTERPRISE_TO_VET: gettext_lazy(
        "%(enterprise)s changed its name, credit code or industry after approval: it waits for "
        "approval again."
    ),
    Kind.HOURS_REJECTED: gettext_lazy(
        "The %(hours)s hours you logged on %(project)s for %(date)s were rejected. Reason: %(reason)s"
    ),
    Kind.DESTINATION_REMINDER: gettext_lazy(
        "%(college)s asks where you are as of %(date)s (work, study or still looking): please answer; "
        "it takes a minute."
    ),
    Kind.COMPETENCY_ACHIEVED: gettext_lazy(
        "%(teacher)s marked the competency %(competency)s of your learning plan achieved."
    ),
    Kind.REPORT_TO_REVIEW: gettext_lazy(
        "A report of %(subject)s for %(year)s waits for review: another person than its author approves it."
    ),
    Kind.CREDIT_REQUEST_WAITING: gettext_lazy(
        "%(student)s asks for credit for the module %(module)s for %(source)s: please approve or decline."
    ),
    Kind.CREDIT_REQUEST_APPROVED: gettext_lazy(
        "Your request for credit for %(module)s was approved: %(credits)s credits are in your credit bank."
    ),
    Kind.CREDIT_REQUEST_DECLINED: gettext_lazy(
        "Your request for credit for %(module)s was declined. Reason: %(reason)s"
    ),
    Kind.FEEDBACK_WAITING: gettext_lazy(
        "%(project)s is accepted: please give your feedback on %(other)s by %(date)s. Neither side reads "
        "the other's until both have written."
    ),
    Kind.FEEDBACK_VISIBLE: gettext_lazy("The feedback on %(project)s about %(student)s can be read now."),
    Kind.REVIEW_DUE: gettext_lazy(
        "The progress review of %(apprentice)s at %(enterprise)s is %(state)s (due %(date)s)."
    ),
    Kind.REVIEW_TO_SIGN: gettext_lazy(
        "The progress review of %(apprentice)s (due %(date)s) waits for your signature."
    ),
    Kind.PORTFOLIO_WAITING: gettext_lazy("%(apprentice)s added %(title)s to their portfolio: please decide."),
    Kind.PORTFOLIO_DECIDED: gettext_lazy("Your portfolio item %(title)s: %(decision)s. %(reason)s"),
    Kind.CALL_RESPONSE_RECEIVED: gettext_lazy(
        "%(responder)s of %(college)s responded to your call %(call)s."
    ),
    Kind.CALL_RESPONSE_DECIDED: gettext_lazy(
        "Your response to the call %(call)s of %(enterprise)s was %(decision)s. Reason: %(reason)s"
    ),
    Kind.TRANSFER_SHARE: gettext_lazy(
        "A transfer of %(summary)s was recorded (%(deal)s): your share of its income is %(amount)s yuan."
    ),
}
# Kinds that ask the person to act are e-mailed unless they turn it off.
ACT_ON = [
    Kind.APPLICATION_RECEIVED,
    Kind.HOURS_WAITING,
    Kind.EVIDENCE_WAITING,
    Kind.EVIDENCE_REJECTED,
    Kind.PARTNERSHIP_PROPOSED,
    Kind.INTERNSHIP_AGREEMENT,
    Kind.INTERNSHIP_ALERT,
    Kind.MATCH_REQUESTED,
    Kind.PROJECT_CHANGES_REQUESTED,
    Kind.PROJECT_REJECTED,
    Kind.POSTING_WITHDRAWN,
    Kind.ENTERPRISE_TO_VET,
    Kind.HOURS_REJECTED,
    Kind.DESTINATION_REMINDER,
    Kind.REPORT_TO_REVIEW,
    Kind.CREDIT_REQUEST_WAITING,
    Kind.CREDIT_REQUEST_APPROVED,
    Kind.CREDIT_REQUEST_DECLINED,
    Kind.FEEDBACK_WAITING,
    Kind.REVIEW_DUE,
    Kind.REVIEW_TO_SIGN,
    Kind.PORTFOLIO_WAITING,
    Kind.PORTFOLIO_DECIDED,
    Kind.CALL_RESPONSE_RECEIVED,
    Kind.CALL_RESPONSE_DECIDED,
]


# Parameters that are words of the portal (a state, a decision), stored untranslated and
# translated when read; every other parameter (a name, a reason) is shown as written.
TERMS = {"decision", "state", "indicator", "alert", "deal"}


def term(label: Any, context: str = "") -> str:
    """A choice's label or a translatable word as stored: its English original (with the
    translation context it was marked with, if any)."""
    with translation.override(None):
        word = str(label)
    return f"{context}\x04{word}" if context else word


def text(notification: Notification) -> str:
    """The notification in the active language."""
    template = TEXTS.get(Kind(notification.kind))
    if template is None:
        return str(notification.kind)
    params = {name: _param(name, value) for name, value in notification.params.items()}
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(Kind(notification.kind).label)


def _param(name: str, value: Any) -> str:
    if name in TERMS:
        context, _sep, word = str(value).rpartition("\x04")
        return pgettext(context, word) if context else _(word)
    if name == "date":
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "DATE_FORMAT")
        except ValueError:
            return str(value)
    return str(value)


# Channels beyond the inbox and e-mail (a college's or an enterprise's group robot), filled
# in by the apps above in their ``AppConfig.ready()``. Each is called with the inbox rows of
# one event just created, in the caller's transaction: what it records commits with them,
# and it sends after the commit (a failed send never touches the inbox).
CHANNELS: list[Callable[[list[Notification]], None]] = []


def notify(
    recipients: Iterable[User], kind: str, *, link: str = "", actor: User | None = None, **params: Any
) -> list[Notification]:
    """An inbox row for each recipient (duplicates, inactive people and the actor who caused
    it left out), in the caller's transaction; after the commit, e-mails to those who want
    this kind by e-mail. The extra ``CHANNELS`` hear of the rows as one event."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, kind=kind, params=params, link=link))
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    to_email = [
        n.pk for n, user in zip(created, [r.recipient for r in rows], strict=True) if wants_email(user, kind)
    ]
    if to_email and getattr(settings, "NOTIFICATION_EMAILS", True):
        transaction.on_commit(lambda: _send_later(to_email))
    for channel in CHANNELS:
        channel(created)
    return created


def wants_email(user: User, kind: str) -> bool:
    if not user.email:
        return False
    chosen = user.email_events if isinstance(user.email_events, list) else []
    return kind in chosen if chosen else kind in ACT_ON


def _send_later(ids: list[int]) -> None:
    from .tasks import send_notification_emails

    try:
        send_notification_emails.delay(ids)
    except Exception:  # the broker is down: the inbox has it; the mail is not worth a failure
        logger.exception("Could not queue notification e-mails %s", ids)


def send_emails(ids: list[int], *, base_url: str) -> int:
    """Send the e-mails of these notifications (once each), each in its reader's language."""
    from django.core.mail import send_mail
    from django.utils import timezone

    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, emailed_at=None).select_related("recipient"):
        user = notification.recipient
        with translation.override(user.language or settings.LANGUAGE_CODE):
            subject = str(Kind(notification.kind).label)
            body = text(notification)
            if notification.link:
                body += "\n\n" + base_url.rstrip("/") + notification.link
            body += "\n\n" + _("You can choose which notifications reach you by e-mail on your profile page.")
        send_mail(f"[Chanjiao] {subject}", body, None, [user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def staff_of_college(college_id: int | None, *, admins_only: bool = False) -> Any:
    roles = [Role.COLLEGE_ADMIN] if admins_only else [Role.COLLEGE_ADMIN, Role.TEACHER]
    return User.objects.filter(college_id=college_id, role__in=roles, is_active=True) if college_id else []


def engineers_of(enterprise_id: int | None) -> Any:
    return (
        User.objects.filter(enterprise_id=enterprise_id, role=Role.ENGINEER, is_active=True)
        if enterprise_id
        else []
    )


def platform_admins() -> Any:
    return User.objects.filter(role=Role.PLATFORM_ADMIN, is_active=True)


def evaluators() -> Any:
    return User.objects.filter(role=Role.EVALUATOR, is_active=True)
