"""Group robots in the web application: a college's administrators and an enterprise's
engineers add, edit, test, disable and delete their robots and see what each was sent; every
write goes through ``reach.services``."""

from typing import Any

import django_filters
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import notifications
from accounts.errors import Invalid
from accounts.models import Notification, Role, User
from accounts.pagekit import Action, Column, Section, badge
from colleges.models import College
from enterprises.models import Enterprise

from . import platforms, services
from .forms import RobotForm
from .models import Delivery, Platform, Robot
from .permissions import RobotPolicy, may_set_up

RECENT = 20


def _owner(user: User) -> College | Enterprise:
    owner = user.college if user.role == Role.COLLEGE_ADMIN else user.enterprise
    if not isinstance(owner, College | Enterprise):
        raise Invalid(
            "name", str(_("Only a college's administrators or an enterprise's engineers set up robots."))
        )
    return owner


def _create(user: User, data: dict[str, Any]) -> Robot:
    return services.robot_create(actor=user, owner=_owner(user), **data)


def _form_kwargs(user: User, row: Robot | None) -> dict[str, Any]:
    if row is not None:
        return {"row": row}
    try:
        return {"default_kinds": services.default_kinds(_owner(user))}
    except Invalid:
        return {}


def _state(robot: Robot) -> str:
    return badge("active", _("Active")) if robot.active else badge("closed", _("Disabled"))


def _kinds(robot: Robot) -> str:
    labels = [str(Notification.Kind(k).label) for k in robot.kinds or [] if k in Notification.Kind.values]
    return "; ".join(labels) or "—"


def _context(request: HttpRequest, robot: Robot) -> dict[str, Any]:
    deliveries = list(robot.deliveries.select_related("notification")[:RECENT])
    rows = []
    for delivery in deliveries:
        what: Any
        if not delivery.kind:
            what = _("Test message")
        elif delivery.notification is not None:
            what = notifications.text(delivery.notification)
        else:
            what = (
                Notification.Kind(delivery.kind).label if delivery.kind in Notification.Kind.values else "—"
            )
        rows.append({"delivery": delivery, "what": what})
    return {
        "masked_url": platforms.masked(robot.webhook_url),
        "kinds": [Notification.Kind(k).label for k in robot.kinds or [] if k in Notification.Kind.values],
        "deliveries": rows,
        "failed": sum(1 for d in deliveries if d.state == Delivery.State.FAILED),
    }


class RobotFilter(django_filters.FilterSet):
    platform = django_filters.ChoiceFilter(
        label=_("Platform"), choices=Platform.choices, empty_label=_("Any platform")
    )

    class Meta:
        model = Robot
        fields = ["platform", "active"]


ROBOTS = Section(
    name="robots",
    title=_("Group robots"),
    policy=RobotPolicy(),
    queryset=lambda: Robot.objects.select_related("college", "enterprise").annotate(
        failed=Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED))
    ),
    columns=[
        Column(_("Name of the robot"), "name", sort="name", link=True),
        Column(_("Platform"), "get_platform_display", sort="platform"),
        Column(_("Of"), "owner_name"),
        Column(_("Notifications it receives"), _kinds),
        Column(_("State"), _state, sort="active"),
        Column(
            _("Failed messages"), lambda r: badge("failed", str(r.failed)) if r.failed else "0", sort="failed"
        ),
    ],
    detail_template="reach/robot_detail.html",
    search_fields=("name",),
    filterset=RobotFilter,
    default_ordering=("name", "id"),
    create_form=RobotForm,
    create=_create,
    create_label=_("Add a group robot"),
    create_permission=may_set_up,
    edit_form=RobotForm,
    edit=lambda r, u, d: services.robot_update(robot=r, actor=u, data=d),
    edit_initial=lambda r: {
        "platform": r.platform,
        "name": r.name,
        "kinds": list(r.kinds or []),
        "language": r.language,
        "active": r.active,
    },
    form_kwargs=_form_kwargs,
    actions=[
        Action(
            "test",
            _("Send a test message"),
            "test",
            lambda r, u, d: services.robot_test(robot=r, actor=u),
            _("A test message is on its way: its result shows below in a moment."),
            available=lambda r, u: r.active,
        ),
        Action(
            "disable",
            _("Disable"),
            "disable",
            lambda r, u, d: services.robot_set_active(robot=r, actor=u, active=False),
            _("The robot is disabled: its group hears nothing until it is enabled again."),
            available=lambda r, u: r.active,
            style="secondary",
        ),
        Action(
            "enable",
            _("Enable"),
            "enable",
            lambda r, u, d: services.robot_set_active(robot=r, actor=u, active=True),
            _("The robot is enabled."),
            available=lambda r, u: not r.active,
        ),
        Action(
            "delete",
            _("Delete"),
            "delete",
            lambda r, u, d: services.robot_delete(robot=r, actor=u),
            _("The robot is deleted, with its deliveries."),
            confirm=_("Delete this robot? Its group hears nothing more and its deliveries are forgotten."),
            style="danger",
            redirect_to=lambda r, result: reverse("robots-list"),
        ),
    ],
    context=_context,
    row_title=lambda r: r.name,
)

SECTIONS = [ROBOTS]
