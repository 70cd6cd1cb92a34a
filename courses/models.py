"""The skills taxonomy, modular courses, offerings, enrollments and the credit bank."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# An ESCO concept's URI (skills and occupations), and a code of the national occupational
# classification (《中华人民共和国职业分类大典》, 2022: category-group-class-occupation, e.g. 6-31-01-03).
ESCO_URI = RegexValidator(
    r"^http://data\.europa\.eu/esco/(skill|occupation)/[0-9a-f-]{36}$",
    _("An ESCO URI, like http://data.europa.eu/esco/skill/ followed by the concept's UUID."),
)
OCCUPATION_CODE = RegexValidator(
    r"^\d-\d{2}-\d{2}-\d{2}$", _("A code of the national occupational classification, like 6-31-01-03.")
)


class Skill(models.Model):
    """A skill of the portal's shared taxonomy, with its stable identifiers elsewhere: the
    ESCO concept and the national occupation it corresponds to (``SkillCrosswalk`` holds
    further correspondences)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    # Each skill is named in both of the portal's languages and shown in the reader's
    # (``local_name``); a skill recorded with one name only falls back to its English name.
    name = models.CharField(_("English name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True, default="")
    description = models.TextField(_("description"), blank=True)
    esco_uri = models.CharField(
        _("ESCO URI"), max_length=120, blank=True, db_index=True, validators=[ESCO_URI]
    )
    occupation_code = models.CharField(
        _("national occupation code"), max_length=12, blank=True, db_index=True, validators=[OCCUPATION_CODE]
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_name(self) -> str:
        """The name in the active language: the Chinese name for a Chinese reader when one is
        recorded, else the English name."""
        if self.name_zh and (get_language() or "").startswith("zh"):
            return self.name_zh
        return self.name


class SkillCrosswalk(models.Model):
    """A correspondence between a skill of the portal and an ESCO concept or a national
    occupation, as a crosswalk table says (imported from CSV)."""

    class Match(models.TextChoices):
        EXACT = "exact", _("exact")
        CLOSE = "close", _("close")
        BROAD = "broad", _("broader")
        NARROW = "narrow", _("narrower")

    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.CASCADE, related_name="crosswalks"
    )
    esco_uri = models.CharField(
        _("ESCO URI"), max_length=120, blank=True, db_index=True, validators=[ESCO_URI]
    )
    occupation_code = models.CharField(
        _("national occupation code"), max_length=12, blank=True, db_index=True, validators=[OCCUPATION_CODE]
    )
    match = models.CharField(_("match"), max_length=10, choices=Match.choices, default=Match.EXACT)

    class Meta:
        ordering = ["skill_id", "id"]
        verbose_name = _("skill crosswalk")
        verbose_name_plural = _("skill crosswalks")
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "esco_uri", "occupation_code"], name="crosswalk_row_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(esco_uri="", occupation_code=""), name="crosswalk_names_a_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} → {self.esco_uri or self.occupation_code}"


def with_identifier(skills: "models.QuerySet[Skill]", name: str, value: str) -> "models.QuerySet[Skill]":
    """The skills carrying ``value`` as their ``name`` (esco_uri or occupation_code), on
    themselves or through a crosswalk row."""
    value = value.strip()
    found = SkillCrosswalk.objects.filter(**{name: value}).values("skill_id")
    return skills.filter(Q(**{name: value}) | Q(pk__in=found))


class Course(models.Model):
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    major = models.ForeignKey(
        "colleges.Major",
        verbose_name=_("major"),
        on_delete=models.PROTECT,
        related_name="courses",
        null=True,
        blank=True,
    )
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["college_id", "code"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(fields=["college", "code"], name="course_code_unique_in_college")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Module(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("title"), max_length=200)
    credits = models.DecimalField(
        _("credits"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("30"))],
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="modules", blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["course_id", "id"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [models.CheckConstraint(condition=Q(credits__gt=0), name="module_credits_positive")]

    def __str__(self) -> str:
        return self.title


class Offering(models.Model):
    """A module taught in one term, with a seat limit.

    ``enrolled`` counts the seats taken (active and completed enrollments). It is changed only by a conditional UPDATE
    in ``courses.services`` and checked by a constraint, so the seat limit holds under any
    concurrency without locking the table.
    """

    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="offerings"
    )
    term = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2026-autumn"))
    capacity = models.PositiveIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0, editable=False)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="offerings_taught",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-term", "module_id"]
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolled__lte=F("capacity")), name="offering_not_over_capacity"
            ),
            models.UniqueConstraint(fields=["module", "term"], name="offering_unique_per_term"),
        ]

    def __str__(self) -> str:
        return f"{self.module.title} — {self.term}"

    @property
    def free_seats(self) -> int:
        return max(0, self.capacity - self.enrolled)


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), on_delete=models.PROTECT, related_name="enrollments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    grade = models.DecimalField(
        _("grade"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at", "-id"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            # A learner holds at most one seat in an offering; a withdrawn one may re-enroll.
            models.UniqueConstraint(
                fields=["offering", "learner"],
                condition=Q(status="active"),
                name="enrollment_one_active_per_learner",
            ),
            models.CheckConstraint(
                condition=Q(grade__isnull=True) | Q(grade__gte=0, grade__lte=100),
                name="enrollment_grade_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} in {self.offering_id} ({self.status})"


class CreditTransaction(models.Model):
    """One row of a learner's credit bank. Append-only: rows are never edited or deleted.

    A mistake is cancelled by a ``reversal`` row pointing at the row it cancels.
    """

    class Kind(models.TextChoices):
        MODULE = "module", _("Module")
        CERTIFICATE = "certificate", _("Certificate")
        TRANSFER = "transfer", _("Transfer")
        REVERSAL = "reversal", _("Reversal")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="credit_transactions",
    )
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("source"), max_length=300)
    module = models.ForeignKey(
        Module,
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        related_name="credit_transactions",
        null=True,
        blank=True,
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        related_name="credit_transactions",
        null=True,
        blank=True,
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, related_name="reversed_by", null=True, blank=True
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["posted_at", "id"]
        verbose_name = _("credit transaction")
        verbose_name_plural = _("credit transactions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="reversal") & Q(credits__lt=0) & Q(reverses__isnull=False))
                | (~Q(kind="reversal") & Q(credits__gt=0) & Q(reverses__isnull=True)),
                name="credit_sign_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["learner", "module"])]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.credits:+} ({self.kind})"


# --- Lifelong learning: certificates, credentials, training, teaching materials ---------


class CertificateType(models.Model):
    """A kind of industry certificate (the "X" of "1+X"), e.g. a vendor's associate level."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate_types",
        verbose_name=_("issuing enterprise"),
    )
    # A kind no enterprise stands behind belongs to the college that defined it: only its
    # administrators change it.
    college = models.ForeignKey(
        "colleges.College",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificate_types",
        verbose_name=_("defined by the college"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("certificate type")
        verbose_name_plural = _("certificate types")

    def __str__(self) -> str:
        return self.name


class ConversionRule(models.Model):
    """A verified certificate of this type is worth these credits for this module."""

    certificate_type = models.ForeignKey(CertificateType, on_delete=models.CASCADE, related_name="rules")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="conversion_rules")
    credits = models.DecimalField(
        _("credits"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(30))],
    )

    class Meta:
        ordering = ["certificate_type_id", "module_id"]
        constraints = [
            models.UniqueConstraint(fields=["certificate_type", "module"], name="conversion_rule_unique"),
            models.CheckConstraint(condition=Q(credits__gt=0), name="conversion_rule_credits_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_type_id} → {self.module_id}: {self.credits}"


class Certificate(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    certificate_type = models.ForeignKey(
        CertificateType, on_delete=models.PROTECT, related_name="certificates"
    )
    issued_on = models.DateField(_("issued on"))
    number = models.CharField(_("certificate number"), max_length=100)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["certificate_type", "number"], name="certificate_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_type_id} #{self.number} ({self.status})"


class Credential(models.Model):
    """An Open Badges 3.0 credential the portal issued to a learner (rendered on request).

    Its public address carries ``public_id``, not the row's id, so nobody can walk through
    every credential by counting. The holder decides what its public page shows: nothing
    about them until they share it (``shared``), their grade only if they also choose so.
    """

    class Kind(models.TextChoices):
        COURSE = "Course", _("Passed module")
        CERTIFICATION = "Certification", _("Verified certificate")
        APPRENTICESHIP = "ApprenticeshipCertificate", _("Apprenticeship promotion")
        MICRO = "MicroCredential", _("Micro-credential")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credentials"
    )
    kind = models.CharField(max_length=40, choices=Kind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField()
    criteria = models.TextField()
    # The achievement this is an instance of (e.g. "module-12"): every learner who passes
    # module 12 holds the same achievement, published at /achievements/<key>/.
    achievement_key = models.CharField(max_length=80, blank=True, db_index=True)
    grade = models.DecimalField(_("grade"), max_digits=5, decimal_places=2, null=True, blank=True)
    term = models.CharField(_("term"), max_length=20, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=5, decimal_places=1, null=True, blank=True)
    issuer_college = models.ForeignKey(
        "colleges.College", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issuer_enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    # What it was issued for, so that one achievement gives one credential.
    source_key = models.CharField(max_length=120, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)
    # Its bit in the issuer's revocation list (W3C Bitstring Status List).
    status_index = models.PositiveIntegerField(null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=500, blank=True)
    shared = models.BooleanField(_("shared publicly"), default=False)
    show_grade = models.BooleanField(_("grade shown publicly"), default=False)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        constraints = [
            models.CheckConstraint(
                condition=Q(issuer_college__isnull=False) | Q(issuer_enterprise__isnull=False),
                name="credential_has_an_issuer",
            ),
            # One bit per credential in each issuer's list.
            models.UniqueConstraint(
                fields=["issuer_college", "status_index"],
                condition=Q(issuer_college__isnull=False),
                name="credential_status_index_unique_per_college",
            ),
            models.UniqueConstraint(
                fields=["issuer_enterprise", "status_index"],
                condition=Q(issuer_enterprise__isnull=False),
                name="credential_status_index_unique_per_enterprise",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.learner_id}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class TrainingSession(models.Model):
    """Training a college gives to people outside it (social service)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    college = models.ForeignKey(
        "colleges.College", on_delete=models.PROTECT, related_name="training_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.5"))]
    )
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="training_sessions")
    skills = models.ManyToManyField(Skill, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="training_hours_positive")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class Material(models.Model):
    """A textbook or teaching material and its revision cadence (minor yearly, major every 3 years)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    last_minor_revision = models.DateField(_("last minor revision"))
    last_major_revision = models.DateField(_("last major revision"))
    skills = models.ManyToManyField(Skill, blank=True, related_name="materials")
    flagged_for_review = models.BooleanField(_("flagged for review"), default=False)
    flag_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["course_id", "title"]

    def __str__(self) -> str:
        return self.title


class TranscriptShare(models.Model):
    """A learner's transcript, shared at an unguessable address an employer can open (the PDF
    prints it with a QR code). The learner revokes a share at any time."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcript_shares"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("transcript share")
        verbose_name_plural = _("transcript shares")

    def __str__(self) -> str:
        return f"{self.learner_id}: {'revoked' if self.revoked_at else 'active'}"
