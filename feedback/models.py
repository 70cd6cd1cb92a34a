"""Two-way feedback on accepted projects, and endorsements of a learner's skills.

When a project is accepted, each of its students and the enterprise's engineer owe each
other a word (``Feedback``, one row per student): the engineer rates the student (overall,
optionally per skill of the project, a comment the student reads, a note only the college
reads) and the student rates the project and the mentor. Neither side reads the other's
until both have written or ``WINDOW`` has passed; each may change their own until then.

An ``Endorsement`` is a skill an engineer vouches for in a learner they mentored: made from
the feedback's per-skill ratings, or on its own for an intern. The learner may hide any of
them from public view and, when they agree, have one issued as an Open Badges 3.0
``EndorsementCredential`` signed in the enterprise's name (``feedback.badges``).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(models.Model):
    """What a project's engineer and one of its students say of each other once it is accepted."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting for both")
        ENGINEER_SUBMITTED = "engineer_submitted", _("The engineer has written")
        STUDENT_SUBMITTED = "student_submitted", _("The student has written")
        VISIBLE = "visible", _("Both have written")
        EXPIRED = "expired", pgettext_lazy("feedback", "Closed incomplete")

    project = models.ForeignKey(
        "enterprises.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="two_way_feedback",
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"))
    # The engineer's side.
    engineer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("engineer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    student_rating = models.PositiveSmallIntegerField(
        _("rating of the student"), null=True, blank=True, validators=RATING
    )
    engineer_comment = models.TextField(_("comment to the student"), max_length=2000, blank=True)
    private_note = models.TextField(_("note for the college"), max_length=2000, blank=True)
    engineer_submitted_at = models.DateTimeField(_("engineer wrote at"), null=True, blank=True)
    # The student's side.
    project_rating = models.PositiveSmallIntegerField(
        _("rating of the project"), null=True, blank=True, validators=RATING
    )
    mentor_rating = models.PositiveSmallIntegerField(
        _("rating of the mentor"), null=True, blank=True, validators=RATING
    )
    student_comment = models.TextField(_("comment to the enterprise"), max_length=2000, blank=True)
    student_submitted_at = models.DateTimeField(_("student wrote at"), null=True, blank=True)
    # When both sides were told they can read each other's (once).
    visible_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["project", "student"], name="feedback_once_per_student"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} · {self.student_id}"

    def is_open(self, now: object = None) -> bool:
        """Can either side still write or change theirs?"""
        return (now or timezone.now()) < self.closes_at  # type: ignore[operator]

    @property
    def both_submitted(self) -> bool:
        return self.engineer_submitted_at is not None and self.student_submitted_at is not None

    @property
    def visible(self) -> bool:
        """Each side reads the other's once both have written or the window has closed."""
        return self.both_submitted or not self.is_open()

    @property
    def state(self) -> str:
        if self.both_submitted:
            return self.State.VISIBLE
        if not self.is_open():
            return self.State.EXPIRED
        if self.engineer_submitted_at:
            return self.State.ENGINEER_SUBMITTED
        if self.student_submitted_at:
            return self.State.STUDENT_SUBMITTED
        return self.State.WAITING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)


class SkillRating(models.Model):
    """The engineer's 1–5 for one skill of the project in a student's work."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="skill_ratings")
    skill = models.ForeignKey(
        "courses.Skill", verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), validators=RATING)

    class Meta:
        ordering = ["skill__name"]
        constraints = [models.UniqueConstraint(fields=["feedback", "skill"], name="skill_rating_once")]

    def __str__(self) -> str:
        return f"{self.feedback_id} · {self.skill_id}: {self.rating}"


class Endorsement(models.Model):
    """A skill an engineer vouches for in a learner they mentored."""

    class Source(models.TextChoices):
        FEEDBACK = "feedback", _("Project feedback")
        INTERNSHIP = "internship", _("Internship")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="+"
    )
    skill = models.ForeignKey(
        "courses.Skill", verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="+"
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, null=True, blank=True, related_name="endorsements"
    )
    internship = models.ForeignKey(
        "internships.Internship", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    apprenticeship = models.ForeignKey(
        "apprenticeship.Apprenticeship", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True, validators=RATING)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("endorsed at"), default=timezone.now)
    hidden = models.BooleanField(_("hidden from public view"), default=False)
    # The learner's consent, and the credential it led to (its address carries ``public_id``).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_at = models.DateTimeField(_("issued as a credential at"), null=True, blank=True)
    # Its bit in the enterprise's revocation list, shared with the enterprise's other credentials.
    status_index = models.PositiveIntegerField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("credential withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "skill"],
                condition=Q(feedback__isnull=False),
                name="endorsement_once_per_feedback",
            ),
            models.UniqueConstraint(
                fields=["internship", "skill"],
                condition=Q(internship__isnull=False),
                name="endorsement_once_per_internship",
            ),
            models.UniqueConstraint(
                fields=["apprenticeship", "skill"],
                condition=Q(apprenticeship__isnull=False),
                name="endorsement_once_per_apprenticeship",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "status_index"], name="endorsement_status_index_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    source="feedback",
                    feedback__isnull=False,
                    internship__isnull=True,
                    apprenticeship__isnull=True,
                )
                | Q(
                    source="internship",
                    internship__isnull=False,
                    feedback__isnull=True,
                    apprenticeship__isnull=True,
                )
                | Q(
                    source="apprenticeship",
                    apprenticeship__isnull=False,
                    feedback__isnull=True,
                    internship__isnull=True,
                ),
                name="endorsement_has_its_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.skill_id}"
