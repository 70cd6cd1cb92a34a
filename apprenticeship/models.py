"""Apprenticeships on an enterprise's ladder: who the apprentice's mentor and teacher are,
their three-party progress reviews (a form the college configures, agreed actions, each
party's signature) and the portfolio of evidence the apprentice keeps."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Requirement(models.TextChoices):
    """The kinds of requirement a ladder level sets (``enterprises.LadderLevel``)."""

    CREDITS = "credits", _("Credits in the level's skills")
    HOURS = "hours", _("Confirmed practice hours")
    MONTHS = "months", _("Months at the previous level")


class Apprenticeship(models.Model):
    """A learner working up an enterprise's ladder toward a level, guided by an engineer of
    the enterprise (the mentor) and a teacher of their college."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("apprentice"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
    )
    ladder = models.ForeignKey(
        "enterprises.Ladder",
        verbose_name=_("ladder"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
    )
    level = models.ForeignKey(
        "enterprises.LadderLevel",
        verbose_name=_("level worked toward"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
    )
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="apprenticeships",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enterprise mentor"),
        on_delete=models.PROTECT,
        related_name="mentored_apprenticeships",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="taught_apprenticeships",
    )
    started_on = models.DateField(_("started on"))
    active = models.BooleanField(_("under way"), default=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("apprenticeship")
        verbose_name_plural = _("apprenticeships")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "ladder"],
                condition=Q(active=True),
                name="apprenticeship_one_active_per_ladder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} on {self.ladder_id} → {self.level_id}"

    @property
    def enterprise_id(self) -> int:
        return self.ladder.enterprise_id

    def party_of(self, user_id: int | None) -> str:
        """Which of the three parties the user is ("" for none)."""
        if user_id == self.learner_id:
            return Party.APPRENTICE
        if user_id == self.mentor_id:
            return Party.MENTOR
        if user_id == self.teacher_id:
            return Party.TEACHER
        return ""


class Party(models.TextChoices):
    APPRENTICE = "apprentice", _("Apprentice")
    MENTOR = "mentor", _("Enterprise mentor")
    TEACHER = "teacher", _("Teacher")


class ReviewForm(models.Model):
    """The form a college gives its progress reviews: questions answered on a scale or in
    words. ``questions`` is a list of ``{"key", "label", "kind": "scale" | "text",
    "scale_max"?}``; reviews keep the questions they were held with."""

    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.CASCADE, related_name="review_forms"
    )
    name = models.CharField(_("name"), max_length=200)
    questions = models.JSONField(_("questions"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college_id", "name"]
        verbose_name = _("progress review form")
        verbose_name_plural = _("progress review forms")

    def __str__(self) -> str:
        return self.name


class ProgressReview(models.Model):
    """One review of an apprentice's progress with their mentor and teacher. Complete when
    all three have signed; any change after a signature clears the signatures."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SIGNED = "signed", _("Signed by all three")

    apprenticeship = models.ForeignKey(
        Apprenticeship, verbose_name=_("apprenticeship"), on_delete=models.PROTECT, related_name="reviews"
    )
    due_on = models.DateField(_("due on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    questions = models.JSONField(_("questions"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    status = models.CharField(_("state"), max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(_("signed by all at"), null=True, blank=True)
    # When the parties were told the review is due and when that it is overdue (once each).
    due_notified_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("progress review")
        verbose_name_plural = _("progress reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["apprenticeship"], condition=Q(status="open"), name="progress_review_one_open"
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.apprenticeship_id} due {self.due_on} ({self.status})"


class ReviewAction(models.Model):
    """An action the three agreed in a review: what, who owns it, by when."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("action"), max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")

    def __str__(self) -> str:
        return f"{self.review_id}: {self.owner_id} by {self.due_on}"


class ReviewSignature(models.Model):
    """A party's signature: their typed name and when. A change to the review clears the
    signatures (``cleared_at``), kept as the record of what was signed and undone."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("party"), max_length=12, choices=Party.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    typed_name = models.CharField(_("typed name"), max_length=200)
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "party"],
                condition=Q(cleared_at=None),
                name="review_signature_once_per_party",
            )
        ]

    def __str__(self) -> str:
        return f"{self.review_id} {self.party} by {self.signer_id}"


def portfolio_path(instance: "PortfolioItem", filename: str) -> str:
    # Never the uploaded name: a stored name the apprentice chose could collide or mislead.
    import uuid

    return f"portfolio/{instance.apprenticeship_id}/{uuid.uuid4().hex}"


class PortfolioItem(models.Model):
    """Evidence the apprentice keeps: a file or a link, mapped to the level's requirements it
    shows; the mentor or the teacher accepts it or asks for more."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for a decision")
        ACCEPTED = "accepted", _("Accepted")
        MORE_REQUESTED = "more_requested", _("More asked for")

    apprenticeship = models.ForeignKey(
        Apprenticeship, verbose_name=_("apprenticeship"), on_delete=models.PROTECT, related_name="portfolio"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    file = models.FileField(_("file"), upload_to=portfolio_path, blank=True, max_length=200)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    link = models.URLField(_("link"), max_length=500, blank=True)
    requirements = models.JSONField(_("requirements shown"), default=list)
    status = models.CharField(_("state"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("what more is needed"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("portfolio item")
        verbose_name_plural = _("portfolio items")
        constraints = [
            # A file or a link, never both and never neither.
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="portfolio_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return f"{self.apprenticeship_id}: {self.title} ({self.status})"
