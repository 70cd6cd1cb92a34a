"""Group robots: set up, changed, tested and removed by their college's administrators or
their enterprise's engineers (pages and API call these), and the notifications channel that
records a delivery per robot per event and posts it after the commit, from a task."""

import datetime
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, Role, User
from colleges.models import College
from enterprises.models import Enterprise

from . import platforms
from .models import Delivery, Platform, Robot

logger = logging.getLogger(__name__)
Kind = Notification.Kind

# What a new robot receives unless told otherwise: a college's group hears of its interns'
# alerts; an enterprise's of applications, invitations and internship agreements.
DEFAULT_KINDS = {
    "college": [Kind.INTERNSHIP_ALERT.value],
    "enterprise": [
        Kind.APPLICATION_RECEIVED.value,
        Kind.PARTNERSHIP_PROPOSED.value,
        Kind.INTERNSHIP_AGREEMENT.value,
    ],
}
# Whose notices reach their organisation's group: its staff, never a student's own.
COLLEGE_STAFF = (Role.COLLEGE_ADMIN, Role.TEACHER)

FIELDS = ("platform", "name", "webhook_url", "secret", "kinds", "language", "active")


def default_kinds(owner: College | Enterprise) -> list[str]:
    return list(DEFAULT_KINDS["college" if isinstance(owner, College) else "enterprise"])


def _check(platform: str, url: str, secret: str, kinds: list[str]) -> None:
    if platform not in Platform.values:
        raise Invalid("platform", _("Choose WeCom, DingTalk or Feishu."))
    problem = platforms.address_problem(platform, url)
    if problem:
        hosts = " / ".join(platforms.allowed_hosts(platform))
        raise Invalid(
            "webhook_url",
            _(
                "This is not a webhook address of %(platform)s: it starts with https://%(hosts)s and holds its key."
            )
            % {"platform": Platform(platform).label, "hosts": hosts},
        )
    if secret and platform not in platforms.SIGNED:
        raise Invalid("secret", _("WeCom robots have no signing secret: leave it empty."))
    unknown = [k for k in kinds if k not in Kind.values]
    if unknown:
        raise Invalid("kinds", _("Unknown kinds of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)})


@transaction.atomic
def robot_create(
    *,
    actor: User,
    owner: College | Enterprise,
    platform: str,
    name: str,
    webhook_url: str,
    secret: str = "",
    kinds: list[str] | None = None,
    language: str = "zh-hans",
    active: bool = True,
) -> Robot:
    kinds = default_kinds(owner) if kinds is None else list(dict.fromkeys(kinds))
    webhook_url, secret = webhook_url.strip(), secret.strip()
    _check(platform, webhook_url, secret, kinds)
    return Robot.objects.create(
        college=owner if isinstance(owner, College) else None,
        enterprise=owner if isinstance(owner, Enterprise) else None,
        platform=platform,
        name=name.strip(),
        webhook_url=webhook_url,
        secret=secret,
        kinds=kinds,
        language=language or "zh-hans",
        active=active,
        created_by=actor,
    )


@transaction.atomic
def robot_update(*, robot: Robot, actor: User, data: dict[str, Any]) -> Robot:
    """Change a robot; an empty webhook address or secret keeps the one saved (they are never
    shown, so a form cannot send them back). ``clear_secret`` removes the secret."""
    robot = Robot.objects.select_for_update().get(pk=robot.pk)
    for name in ("platform", "name", "language", "active"):
        if name in data and data[name] is not None:
            setattr(robot, name, data[name].strip() if isinstance(data[name], str) else data[name])
    if "kinds" in data and data["kinds"] is not None:
        robot.kinds = list(dict.fromkeys(data["kinds"]))
    if (data.get("webhook_url") or "").strip():
        robot.webhook_url = data["webhook_url"].strip()
    if data.get("clear_secret"):
        robot.secret = ""
    elif (data.get("secret") or "").strip():
        robot.secret = data["secret"].strip()
    if robot.secret and robot.platform not in platforms.SIGNED and not data.get("secret"):
        robot.secret = ""  # moved to WeCom: its secret has no use there
    _check(robot.platform, robot.webhook_url, robot.secret, robot.kinds)
    robot.save()
    return robot


@transaction.atomic
def robot_set_active(*, robot: Robot, actor: User, active: bool) -> Robot:
    Robot.objects.filter(pk=robot.pk).update(active=active, updated_at=timezone.now())
    robot.refresh_from_db()
    return robot


@transaction.atomic
def robot_delete(*, robot: Robot, actor: User) -> None:
    robot.delete()  # its deliveries go with it


@transaction.atomic
def robot_test(*, robot: Robot, actor: User) -> Delivery:
    """A test message to the robot, sent by the worker like any other (its result shows in the
    robot's deliveries)."""
    if not robot.active:
        raise Conflict(_("The robot is disabled: enable it to send a test message."))
    delivery = Delivery.objects.create(robot=robot, event=uuid.uuid4(), kind="")
    transaction.on_commit(lambda: _queue([delivery.pk]))
    return delivery


# --- the channel -----------------------------------------------------------------------------


def robots_for(rows: list[Notification]) -> list[Robot]:
    """The active robots that take this kind, of the colleges and enterprises whose staff the
    notices reach."""
    if not rows:
        return []
    kind = rows[0].kind
    colleges = {r.recipient.college_id for r in rows if r.recipient.role in COLLEGE_STAFF}
    enterprises = {r.recipient.enterprise_id for r in rows if r.recipient.role == Role.ENGINEER}
    colleges.discard(None)
    enterprises.discard(None)
    if not colleges and not enterprises:
        return []
    robots = Robot.objects.filter(active=True).filter(
        Q(college_id__in=colleges) | Q(enterprise_id__in=enterprises)
    )
    return [robot for robot in robots if kind in (robot.kinds or [])]


def record_deliveries(rows: list[Notification]) -> None:
    """The channel: one delivery per robot for this event, in the caller's transaction, sent
    after the commit. A failure here is logged and never undoes the inbox rows."""
    robots = robots_for(rows)  # no query at all when no organisation's staff is told
    if not robots:
        return
    try:
        with transaction.atomic():
            event = uuid.uuid4()
            created = Delivery.objects.bulk_create(
                [
                    Delivery(robot=robot, event=event, kind=rows[0].kind, notification=rows[0])
                    for robot in robots
                ]
            )
    except DatabaseError:
        logger.exception("Could not record the group robots' deliveries of a %s notice", rows[0].kind)
        return
    ids = [d.pk for d in created]
    transaction.on_commit(lambda: _queue(ids))


def _queue(ids: list[int]) -> None:
    from .tasks import post_delivery

    for pk in ids:
        try:
            post_delivery.delay(pk)
        except Exception:  # the broker is down: the delivery stays waiting (``resend_waiting``)
            logger.exception("Could not queue the group robot delivery %s", pk)


def message(delivery: Delivery) -> str:
    """The delivery's text in its robot's language, with the portal's link."""
    robot = delivery.robot
    with translation.override(robot.language or settings.LANGUAGE_CODE):
        if not delivery.kind:
            return _("Chanjiao: a test message to the group robot %(name)s of %(owner)s. It works.") % {
                "name": robot.name,
                "owner": robot.owner_name,
            }
        notice = delivery.notification
        if notice is None:
            return ""
        text = f"[{Kind(notice.kind).label}] {notifications.text(notice)}"
        return f"{text}\n{settings.PORTAL_URL.rstrip('/')}{notice.link or '/'}"


def deliver(delivery_id: int, *, final: bool) -> str:
    """Post the delivery once; its state after: "sent", "failed" (this was the last attempt, or
    there is nothing left to send) or "retry" (``platforms.SendFailed`` is raised for the
    worker to try again later)."""
    failure: platforms.SendFailed | None = None
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("robot", "notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != Delivery.State.PENDING:
            return delivery.state if delivery is not None else "gone"
        delivery.attempts += 1
        robot = delivery.robot
        text = message(delivery)
        if not text or not robot.active:
            why = "the notice was erased" if not text else "the robot is disabled"
            _finish(delivery, Delivery.State.FAILED, why)
            return Delivery.State.FAILED
        error = platforms.address_problem(robot.platform, robot.webhook_url)
        if error:
            _finish(delivery, Delivery.State.FAILED, f"address: {error}")
            return Delivery.State.FAILED
        try:
            platforms.post(robot.platform, robot.webhook_url, robot.secret, text)
        except platforms.SendFailed as exc:
            if final:
                _finish(delivery, Delivery.State.FAILED, str(exc))
                return Delivery.State.FAILED
            delivery.last_error = str(exc)[:500]
            delivery.save(update_fields=["attempts", "last_error"])
            failure = exc
        else:
            _finish(delivery, Delivery.State.SENT, "")
            return Delivery.State.SENT
    raise failure or platforms.SendFailed("")  # after the commit: the attempt and its error are saved


def _finish(delivery: Delivery, state: str, error: str) -> None:
    delivery.state = state
    if error:
        delivery.last_error = error[:500]
    if state == Delivery.State.SENT:
        delivery.sent_at = timezone.now()
    delivery.save(update_fields=["state", "attempts", "last_error", "sent_at"])


def prune(days: int) -> int:
    """Forget deliveries older than ``days`` (housekeeping)."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    removed, _ = Delivery.objects.filter(created_at__lt=cutoff).exclude(state=Delivery.State.PENDING).delete()
    return removed
