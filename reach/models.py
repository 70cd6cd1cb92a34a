"""Group robots: a college's or an enterprise's custom bot in a WeCom, DingTalk or Feishu
group, and each message the portal posted (or tried to post) to one.

A robot's webhook address and signing secret are the organisation's secrets: whoever holds
them can post into its group. They are written once and never shown back, in a page, an
answer of the API or an export; a robot is recognised by its name and a masked address.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Platform(models.TextChoices):
    WECOM = "wecom", _("WeCom")
    DINGTALK = "dingtalk", _("DingTalk")
    FEISHU = "feishu", _("Feishu")


class Robot(models.Model):
    """A custom bot in a group chat of a college's or an enterprise's staff."""

    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    name = models.CharField(_("name"), max_length=100)
    webhook_url = models.CharField(_("webhook address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    kinds = models.JSONField(_("notifications it receives"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        constraints = [
            models.CheckConstraint(
                condition=Q(college__isnull=False, enterprise__isnull=True)
                | Q(college__isnull=True, enterprise__isnull=False),
                name="robot_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_name(self) -> str:
        owner = self.college or self.enterprise
        return owner.name if owner is not None else ""


class Delivery(models.Model):
    """One message of one event to one robot: however many of the organisation's people the
    notification reached, its group hears it once. The text is not kept: it is the inbox
    notice's (``notification``), which erasure scrubs, read again when the message is sent."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery", "Waiting")
        SENT = "sent", pgettext_lazy("delivery", "Sent")
        FAILED = "failed", pgettext_lazy("delivery", "Failed")

    robot = models.ForeignKey(
        Robot, verbose_name=_("robot"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.UUIDField(_("event"))
    kind = models.CharField(_("kind"), max_length=40, blank=True)  # "" : a test message
    notification = models.ForeignKey(
        "accounts.Notification", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["robot", "event"], name="delivery_once_per_event")]

    def __str__(self) -> str:
        return f"{self.robot_id}/{self.event} ({self.state})"
