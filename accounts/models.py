"""Users, their role, and the college or enterprise their role is scoped to; a learner's
place in a college."""

import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    COLLEGE_ADMIN = "college_admin", _("College administrator")
    TEACHER = "teacher", _("Teacher")
    ENGINEER = "engineer", _("Enterprise engineer")
    STUDENT = "student", _("Student / learner")
    EVALUATOR = "evaluator", _("Evaluator")


COLLEGE_ROLES = (Role.COLLEGE_ADMIN, Role.TEACHER)
ENTERPRISE_ROLES = (Role.ENGINEER,)
ROLE_LABELS = dict(Role.choices)  # value → label, read in the language of the moment


class User(AbstractUser):
    """A person using the portal.

    A role is scoped: college administrators and teachers to one college, engineers to one
    enterprise. A student may belong to a college (an enrolled student) or to none (an
    external learner). A Django superuser is a platform admin whatever its role field says.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        # Found by the people list's index (``user_college_people_order`` begins with it): a
        # second index would only slow every insert, a roster's 50,000 among them.
        db_index=False,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    # The language the person reads the portal and its e-mails in ("" until they choose).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, blank=True)
    # The kinds of notification that also reach them by e-mail (see accounts.notifications).
    email_events = models.JSONField(_("events also sent by e-mail"), default=list, blank=True)
    # A mobile number in E.164 form (+8613812345678): a way to log in with a code sent by SMS
    # once verified, and how a first login through WeChat, WeCom, DingTalk or Feishu finds the
    # person the college or enterprise added. One number belongs to one account.
    phone = models.CharField(_("mobile number"), max_length=16, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=COLLEGE_ROLES) | Q(college__isnull=False),
                name="user_college_role_has_college",
                violation_error_message=_("College administrators and teachers need a college."),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=ENTERPRISE_ROLES) | Q(enterprise__isnull=False),
                name="user_engineer_has_enterprise",
                violation_error_message=_("Engineers need an enterprise."),
            ),
        ]
        indexes = [
            # The people list's order, everyone's (platform admins) and a college's: a page
            # read in index order instead of sorting hundreds of thousands of people. Their
            # first columns find a role's people and a college's: no index of their own.
            models.Index(fields=["role", "last_name", "first_name", "username"], name="user_people_order"),
            models.Index(
                fields=["college", "role", "last_name", "first_name", "username"],
                name="user_college_people_order",
            ),
        ]

    def __str__(self) -> str:
        # get_role_display() without its rebuilding of the choices on every call: the audit
        # log names every person of an imported roster so.
        return f"{self.username} ({ROLE_LABELS.get(self.role, self.role)})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new password (changed, reset, or set by an admin) revokes every API token: whoever
        # held one with the old password no longer gets in.
        password_changed = getattr(self, "_password", None) is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            from knox.models import AuthToken

            AuthToken.objects.filter(user=self).delete()

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.PLATFORM_ADMIN

    @property
    def is_college_admin(self) -> bool:
        return self.role == Role.COLLEGE_ADMIN


class LearnerProfile(models.Model):
    """A student's place in a college: which major, since when, and whether graduated."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="learners",
        null=True,
        blank=True,
    )
    major = models.ForeignKey(
        "colleges.Major",
        verbose_name=_("major"),
        on_delete=models.PROTECT,
        related_name="learners",
        null=True,
        blank=True,
    )
    entry_year = models.PositiveSmallIntegerField(
        _("entry year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)], null=True, blank=True
    )
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    # The learner's public address (the subject of their credentials): not their row's id,
    # so nobody can enumerate learners.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.college_id or _('external')}"


class Notification(models.Model):
    """Something a person must act on or hears about, shown in their inbox (and e-mailed when
    they chose so). The words are made when it is read, in the reader's language, from its
    kind and parameters."""

    class Kind(models.TextChoices):
        APPLICATION_RECEIVED = "application_received", _("An application to one of your projects")
        APPLICATION_DECIDED = "application_decided", _("A decision on your application")
        PROJECT_STATE = "project_state", _("A project you take part in changed state")
        HOURS_WAITING = "hours_waiting", _("Practice hours waiting for your confirmation")
        EVIDENCE_WAITING = "evidence_waiting", _("Evidence waiting for verification")
        EVIDENCE_REJECTED = "evidence_rejected", _("Evidence of yours rejected")
        SCORECARD_PUBLISHED = "scorecard_published", _("A scorecard of your college published")
        CREDENTIAL_ISSUED = "credential_issued", _("A credential issued to you")
        CREDENTIAL_REVOKED = "credential_revoked", _("A credential of yours revoked")
        PARTNERSHIP_PROPOSED = "partnership_proposed", _("An invitation to an industry college")
        PARTNERSHIP_DECIDED = "partnership_decided", _("An answer to your industry college's invitation")
        INTERNSHIP_AGREEMENT = (
            "internship_agreement",
            _("An internship agreement waiting for your acceptance"),
        )
        INTERNSHIP_ALERT = "internship_alert", _("An internship alert: a rule broken or a concern raised")
        MATCH_REQUESTED = "match_requested", _("A module and a project proposed to each other")
        MATCH_ANSWERED = "match_answered", _("An answer to your match request")
        PROJECT_CHANGES_REQUESTED = "project_changes_requested", _("Changes asked for on a delivered project")
        PROJECT_REJECTED = "project_rejected", _("A delivered project rejected")
        POSTING_WITHDRAWN = "posting_withdrawn", _("A posting of your enterprise withdrawn after a check")
        ENTERPRISE_TO_VET = "enterprise_to_vet", _("An enterprise waiting for approval again")
        HOURS_REJECTED = "hours_rejected", _("Hours you logged on a project rejected")
        DESTINATION_REMINDER = "destination_reminder", _("Your college asks where you are after graduating")
        COMPETENCY_ACHIEVED = "competency_achieved", _("A competency of your learning plan marked achieved")
        REPORT_TO_REVIEW = "report_to_review", _("A report waiting for your review")
        CREDIT_REQUEST_WAITING = "credit_request_waiting", _("A request for credit waiting for your decision")
        CREDIT_REQUEST_APPROVED = "credit_request_approved", _("Your request for credit approved")
        CREDIT_REQUEST_DECLINED = "credit_request_declined", _("Your request for credit declined")
        FEEDBACK_WAITING = "feedback_waiting", _("Feedback on an accepted project waiting for you")
        FEEDBACK_VISIBLE = "feedback_visible", _("Feedback on a project you can read now")
        REVIEW_DUE = "review_due", _("An apprentice's progress review due or overdue")
        REVIEW_TO_SIGN = "review_to_sign", _("A progress review waiting for your signature")
        PORTFOLIO_WAITING = "portfolio_waiting", _("An apprentice's evidence waiting for your decision")
        PORTFOLIO_DECIDED = "portfolio_decided", _("A decision on your portfolio evidence")
        CALL_RESPONSE_RECEIVED = "call_response_received", _("A response to one of your industry calls")
        CALL_RESPONSE_DECIDED = "call_response_decided", _("A decision on your response to an industry call")
        TRANSFER_SHARE = "transfer_share", _("Your share of a technology transfer's income")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.kind}"


class LoginThrottle(models.Model):
    """Login attempts counted per account or per client address in a time window (see
    ``accounts.throttles``): counted in the database, atomically, before a password is checked."""

    key = models.CharField(max_length=80, primary_key=True)
    window_start = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key}: {self.attempts} since {self.window_start:%Y-%m-%d %H:%M}"


class TotpStepUsed(models.Model):
    """The latest time step whose TOTP code an authenticator accepted. A code works once (RFC
    6238, 5.2): a code of this step or an earlier one is refused. allauth remembers used
    codes only in the cache, which is per process without Redis and forgets when cleared;
    this row holds in every process, and ``accounts.mfa`` moves it forward with one
    conditional update."""

    authenticator = models.OneToOneField(
        "mfa.Authenticator", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    step = models.BigIntegerField()  # Unix time // MFA_TOTP_PERIOD

    def __str__(self) -> str:
        return f"{self.authenticator_id}: step {self.step}"


class LoginRecord(models.Model):
    """A successful login: on the pages, or an API token issued. Part of what a person can
    download about themselves; kept a year."""

    class Method(models.TextChoices):
        PAGE = "page", _("Log in on the pages")
        TOKEN = "token", _("API token issued")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_records")
    at = models.DateTimeField(auto_now_add=True)
    method = models.CharField(max_length=10, choices=Method.choices)
    address = models.CharField(max_length=64, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.method} {self.at:%Y-%m-%d %H:%M}"


class AuditEntry(models.Model):
    """A state change: who (null: the platform itself, a task), when, what row, and its fields
    before and after. Written for every audited model by ``portal.audit``; never changed."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("changed")
        DELETED = "deleted", _("deleted")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("kind of record"), max_length=60)
    object_id = models.CharField(_("record"), max_length=40)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    # The college and the enterprise the row belongs to: each sees its own rows' entries.
    college_id = models.IntegerField(null=True, blank=True, db_index=True)
    enterprise_id = models.IntegerField(null=True, blank=True, db_index=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_id}"


class IdempotencyRecord(models.Model):
    """A POST made with an ``Idempotency-Key``: a retry with the same key gets the first
    answer again instead of writing twice (see ``accounts.api.idempotency``). Kept a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)  # null while the request runs
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_unique_per_user")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key}"


class PublicVersion(models.Model):
    """A public list's publication version: every write that changes the list bumps it in
    its own transaction, and the list's cached answers are keyed by it (see
    ``accounts.public_cache``), so a cached answer is never older than a committed write."""

    name = models.CharField(max_length=40, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class ImportJob(models.Model):
    """A CSV file being imported in the background: the page shows its progress and then its
    answer (``created`` or every error by line). The file is kept only until it is read."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    language = models.CharField(max_length=10, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    file = models.BinaryField(default=b"")
    created = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["user", "started_at"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"
