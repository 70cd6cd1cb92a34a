"""The course side of the web application: courses with their modules and offerings,
enrolments and grades, certificates and their conversion into credit, credentials,
training for people outside the college, teaching materials, and learners."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Count, F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role, User
from accounts.pagekit import Action, Column, Section, Tool, badge
from accounts.people import PEOPLE
from accounts.policies import college_staff_of

from . import lifelong, services
from .forms import (
    CertificateForm,
    CertificateTypeForm,
    CompleteForm,
    ConversionRuleForm,
    CourseForm,
    GraduateForm,
    MaterialForm,
    ModuleForm,
    OfferingForm,
    TrainingForm,
)
from .models import (
    Certificate,
    CertificateType,
    Course,
    Credential,
    Enrollment,
    Material,
    Offering,
    Skill,
    TrainingSession,
    with_identifier,
)
from .permissions import (
    CertificatePolicy,
    CertificateTypePolicy,
    CoursePolicy,
    CredentialPolicy,
    EnrollmentPolicy,
    MaterialPolicy,
    OfferingPolicy,
    SkillPolicy,
    TrainingSessionPolicy,
)
from .terms import term_label

# --- Courses, with their modules and offerings ---------------------------------------------


def _course_context(request: Any, course: Course) -> dict[str, Any]:
    modules = course.modules.prefetch_related("skills", "offerings__teacher").order_by("id")
    return {
        "modules": modules,
        "staff": college_staff_of(request.user, course.college_id)
        if request.user.is_authenticated
        else False,
    }


COURSES = Section(
    name="courses",
    title=_("Courses"),
    policy=CoursePolicy(),
    queryset=lambda: Course.objects.select_related("college", "major").annotate(
        module_count=Count("modules")
    ),
    columns=[
        Column(_("Code"), "code", sort="code"),
        Column(pgettext_lazy("course", "Title"), "title", sort="title"),
        Column(_("College"), "college.name", sort="college__name"),
        Column(_("Major"), "major.name"),
        Column(_("Modules"), "module_count"),
    ],
    detail_template="courses/course_detail.html",
    search_fields=("code", "title", "college__name", "major__name", "modules__title"),
    default_ordering=("college__name", "code"),
    public=True,
    create_form=CourseForm,
    create=lambda u, d: services.course_create(actor=u, college=u.college, **d),
    create_label=_("New course"),
    create_permission=lambda u: u.role in (Role.COLLEGE_ADMIN, Role.TEACHER),
    form_kwargs=lambda u, row: {"college_id": u.college_id},
    context=_course_context,
    actions=[
        Action(
            "new-module",
            _("New module"),
            "update",
            lambda c, u, d: services.module_create(actor=u, course=c, **d),
            _("The module is added."),
            form=ModuleForm,
        ),
        Action(
            "new-offering",
            _("New offering"),
            "update",
            lambda c, u, d: services.offering_create(actor=u, **d),
            _("The offering is open for enrolment."),
            available=lambda c, u: c.modules.exists(),
            form=OfferingForm,
            form_kwargs=lambda c, u: {"course": c},
        ),
    ],
)


# --- Offerings: the catalogue students enrol from --------------------------------------------


class OfferingFilter(django_filters.FilterSet):
    term = django_filters.CharFilter(label=_("Term"))
    free = django_filters.BooleanFilter(label=_("With free seats"), method="with_free_seats")

    class Meta:
        model = Offering
        fields = ["term"]

    def with_free_seats(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        return (
            queryset.filter(enrolled__lt=F("capacity"))
            if value
            else queryset.filter(enrolled__gte=F("capacity"))
        )


def _enrolled(offering: Offering, user: Any) -> bool:
    """Is the person enrolled in the offering? Their active enrolments are read once per
    request (on the request's user), so a list of offerings costs one query, not one a row."""
    ids = getattr(user, "_active_offering_ids", None)
    if ids is None:
        ids = set(
            Enrollment.objects.filter(learner_id=user.pk, status=Enrollment.Status.ACTIVE).values_list(
                "offering_id", flat=True
            )
        )
        user._active_offering_ids = ids
    return offering.pk in ids


OFFERINGS = Section(
    name="offerings",
    title=_("Course catalogue"),
    policy=OfferingPolicy(),
    queryset=lambda: Offering.objects.select_related("module__course__college", "teacher"),
    columns=[
        Column(_("Module"), "module.title", sort="module__title"),
        Column(_("Course"), lambda o: f"{o.module.course.code} {o.module.course.title}"),
        Column(_("College"), "module.course.college.name", sort="module__course__college__name"),
        Column(_("Term"), lambda o: term_label(o.term), sort="term"),
        Column(_("Credits"), "module.credits"),
        Column(_("Free seats"), lambda o: f"{o.free_seats} / {o.capacity}"),
    ],
    detail_template="courses/offering_detail.html",
    search_fields=(
        "module__title",
        "module__course__title",
        "module__course__code",
        "module__course__college__name",
    ),
    filterset=OfferingFilter,
    default_ordering=("-term", "module__title"),
    public=True,
    actions=[
        Action(
            "enroll",
            _("Enroll"),
            "enroll",
            lambda o, u, d: services.offering_enroll(offering=o, learner=u),
            _("You are enrolled."),
            available=lambda o, u: o.free_seats > 0 and not _enrolled(o, u),
        )
    ],
    row_actions=("enroll",),
    context=lambda request, o: {
        "enrollments": o.enrollments.select_related("learner").order_by("learner__last_name")
        if request.user.is_authenticated and college_staff_of(request.user, o.module.course.college_id)
        else [],
        "mine": Enrollment.objects.filter(offering=o, learner_id=request.user.pk)
        .order_by("-enrolled_at")
        .first()
        if request.user.is_authenticated
        else None,
    },
)


# --- Enrolments and grades --------------------------------------------------------------------


class EnrollmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=Enrollment.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = Enrollment
        fields = ["status"]


ENROLLMENTS = Section(
    name="enrollments",
    title=_("Enrolments"),
    policy=EnrollmentPolicy(),
    queryset=lambda: Enrollment.objects.select_related("offering__module__course", "learner"),
    # Named at read time: the row's str() (the audit summary) carries ids, not names.
    row_title=lambda e: f"{e.learner.get_full_name() or e.learner.username} — {e.offering.module.title}",
    columns=[
        Column(_("Module"), "offering.module.title", sort="offering__module__title"),
        Column(
            _("Learner"), lambda e: e.learner.get_full_name() or e.learner.username, sort="learner__last_name"
        ),
        Column(_("Term"), lambda e: term_label(e.offering.term), sort="offering__term"),
        Column(_("State"), lambda e: badge(e.status, e.get_status_display()), sort="status"),
        Column(_("Grade"), lambda e: e.grade if e.grade is not None else "—", sort="grade"),
    ],
    detail_template="courses/enrollment_detail.html",
    search_fields=(
        "offering__module__title",
        "learner__first_name",
        "learner__last_name",
        "learner__username",
    ),
    filterset=EnrollmentFilter,
    default_ordering=("-enrolled_at", "-id"),
    actions=[
        Action(
            "withdraw",
            _("Withdraw"),
            "withdraw",
            lambda e, u, d: services.enrollment_withdraw(enrollment=e, actor=u),
            _("You withdrew: your seat is free for someone else."),
            available=lambda e, u: e.status == Enrollment.Status.ACTIVE,
            confirm=_("Withdraw from this offering? Your seat goes to someone else."),
            style="danger",
        ),
        Action(
            "complete",
            _("Complete"),
            "complete",
            lambda e, u, d: services.enrollment_complete(
                enrollment=e, actor=u, grade=d["grade"], passed=d["passed"]
            ),
            _("The grade is recorded; a pass posts the module's credits."),
            available=lambda e, u: e.status == Enrollment.Status.ACTIVE,
            form=CompleteForm,
        ),
    ],
)


# --- Certificates, their kinds and conversion rules -------------------------------------------


class CertificateFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=Certificate.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = Certificate
        fields = ["status"]


CERTIFICATES = Section(
    name="certificates",
    title=_("Industry certificates"),
    policy=CertificatePolicy(),
    queryset=lambda: Certificate.objects.select_related("learner", "certificate_type"),
    columns=[
        Column(_("Certificate"), "certificate_type.name", sort="certificate_type__name"),
        Column(
            _("Learner"), lambda c: c.learner.get_full_name() or c.learner.username, sort="learner__last_name"
        ),
        Column(_("Number"), "number"),
        Column(_("Issued on"), "issued_on", sort="issued_on"),
        Column(_("State"), lambda c: badge(c.status, c.get_status_display()), sort="status"),
    ],
    detail_template="courses/certificate_detail.html",
    search_fields=("certificate_type__name", "number", "learner__first_name", "learner__last_name"),
    filterset=CertificateFilter,
    default_ordering=("-issued_on", "-id"),
    create_form=CertificateForm,
    create=lambda u, d: lifelong.certificate_submit(**d),
    create_label=_("Record a certificate"),
    create_permission=lambda u: u.role in (Role.STUDENT, Role.COLLEGE_ADMIN),
    form_kwargs=lambda u, row: {"user": u},
    actions=[
        Action(
            "verify",
            _("Verify"),
            "verify",
            lambda c, u, d: lifelong.certificate_verify(certificate=c, actor=u),
            _("The certificate is verified and its credits are posted."),
            available=lambda c, u: c.status == Certificate.Status.SUBMITTED,
        )
    ],
    row_actions=("verify",),
    tools=[
        Tool(_("Import"), "import", ("certificates",), allowed=lambda u: CertificatePolicy().can(u, "import"))
    ],
)

CERTIFICATE_TYPES = Section(
    name="certificate-types",
    title=_("Kinds of certificate"),
    policy=CertificateTypePolicy(),
    queryset=lambda: CertificateType.objects.select_related("enterprise").annotate(rule_count=Count("rules")),
    columns=[
        Column(_("Name"), "local_name", sort="name"),
        Column(_("Code"), "code", sort="code"),
        Column(_("Issued by"), "issuer"),
        Column(_("Conversion rules"), "rule_count"),
    ],
    detail_template="courses/certificate_type_detail.html",
    search_fields=("name", "code", "issuer"),
    default_ordering=("name",),
    create_form=CertificateTypeForm,
    create=lambda u, d: lifelong.certificate_type_create(
        actor=u, enterprise=u.enterprise if u.role == Role.ENGINEER else None, **d
    ),
    create_label=_("New kind of certificate"),
    create_permission=lambda u: u.role in (Role.COLLEGE_ADMIN, Role.ENGINEER),
    actions=[
        Action(
            "add-rule",
            _("Add a conversion rule"),
            "add_rule",
            lambda t, u, d: lifelong.conversion_rule_create(actor=u, certificate_type=t, **d),
            _("The rule is added: verified certificates of this kind now post these credits."),
            form=ConversionRuleForm,
            form_kwargs=lambda t, u: {"college_id": u.college_id},
        )
    ],
    context=lambda request, t: {
        "rules": t.rules.select_related("module__course__college").order_by("module__title")
    },
)


# --- Credentials: what learners hold, what issuers issued -------------------------------------


def _credentials_rows(request: Any, rows: Any) -> Any:
    """A learner's own; an issuer's staff, what their college or enterprise issued."""
    user = request.user
    if not user.is_authenticated:
        return rows.none()
    if user.is_platform_admin:
        return rows
    if user.role == Role.COLLEGE_ADMIN:
        return rows.filter(issuer_college_id=user.college_id) | rows.filter(
            learner__college_id=user.college_id
        )
    if user.role == Role.ENGINEER:
        return rows.filter(issuer_enterprise_id=user.enterprise_id)
    return rows.filter(learner_id=user.pk)


CREDENTIALS = Section(
    name="my-credentials",
    title=_("Credentials"),
    policy=CredentialPolicy(),
    queryset=lambda: Credential.objects.select_related("learner", "issuer_college", "issuer_enterprise"),
    columns=[
        Column(_("Credential"), "name", sort="name"),
        Column(_("Kind"), "get_kind_display", sort="kind"),
        Column(_("Holder"), lambda c: c.learner.get_full_name() or c.learner.username),
        Column(_("Issuer"), lambda c: (c.issuer_college or c.issuer_enterprise).name),
        Column(_("Issued"), "issued_at", sort="issued_at"),
        Column(
            _("State"),
            lambda c: badge("warning", _("Revoked")) if c.revoked_at else badge("verified", _("valid")),
        ),
    ],
    detail_template="courses/credential.html",
    narrow=_credentials_rows,
    row_url=lambda c: reverse("credential", args=[c.public_id]),
    search_fields=("name", "learner__first_name", "learner__last_name"),
    default_ordering=("-issued_at", "-id"),
)


# --- Training for people outside the college ---------------------------------------------------


TRAINING = Section(
    name="training",
    title=_("Training sessions"),
    policy=TrainingSessionPolicy(),
    queryset=lambda: TrainingSession.objects.select_related("college").annotate(
        attendee_count=Count("attendees")
    ),
    columns=[
        Column(pgettext_lazy("training", "Title"), "title", sort="title"),
        Column(_("College"), "college.name"),
        Column(_("Date"), "date", sort="date"),
        Column(_("Hours"), "hours"),
        Column(_("Attendees"), "attendee_count"),
        Column(_("State"), lambda t: badge(t.status, t.get_status_display())),
    ],
    detail_template="courses/training_detail.html",
    search_fields=("title",),
    default_ordering=("-date", "-id"),
    create_form=TrainingForm,
    create=lambda u, d: lifelong.training_create(actor=u, college=u.college, **d),
    create_label=_("New training session"),
    create_permission=lambda u: u.role in (Role.COLLEGE_ADMIN, Role.TEACHER),
    actions=[
        Action(
            "close",
            _("Close"),
            "close",
            lambda t, u, d: lifelong.training_close(session=t, actor=u),
            _("The session is closed: its hours count, and every attendee holds a micro-credential."),
            available=lambda t, u: t.status == TrainingSession.Status.OPEN,
            confirm=_("Close the session? Its hours count as evidence and attendees get their credentials."),
        )
    ],
    context=lambda request, t: {"attendees": t.attendees.order_by("last_name", "first_name")},
)


# --- Teaching materials --------------------------------------------------------------------------


MATERIALS = Section(
    name="materials",
    title=_("Teaching materials"),
    policy=MaterialPolicy(),
    queryset=lambda: Material.objects.select_related("course"),
    columns=[
        Column(pgettext_lazy("material", "Title"), "title", sort="title"),
        Column(_("Course"), "course.title"),
        Column(_("Last minor revision"), "last_minor_revision", sort="last_minor_revision"),
        Column(_("Last major revision"), "last_major_revision", sort="last_major_revision"),
        Column(
            _("Revision due"),
            lambda m: (
                ", ".join(
                    str(_("minor") if k == "minor" else _("major")) for k in lifelong.overdue_revisions(m)
                )
                or "—"
            ),
        ),
    ],
    detail_template="courses/material_detail.html",
    search_fields=("title", "course__title"),
    default_ordering=("course__title", "title"),
    create_form=MaterialForm,
    create=lambda u, d: lifelong.material_create(actor=u, **d),
    create_label=_("New material"),
    create_permission=lambda u: u.role in (Role.COLLEGE_ADMIN, Role.TEACHER),
    form_kwargs=lambda u, row: {"college_id": u.college_id},
)


# --- Learners: a college administrator graduates them; their transcripts -----------------------


def _graduate(learner: User, actor: User, data: dict[str, Any]) -> Any:
    return lifelong.learner_graduate(learner=learner, actor=actor, date=data["date"])


PEOPLE.actions = [
    *PEOPLE.actions,
    Action(
        "graduate",
        pgettext_lazy("action", "Graduate"),
        "graduate",
        _graduate,
        _("The learner graduated."),
        available=lambda u, viewer: (
            u.role == Role.STUDENT and not getattr(getattr(u, "learner_profile", None), "graduated_on", None)
        ),
        form=GraduateForm,
        confirm=_(
            "Graduate this learner? It counts in the college's dual-certificate rate and cannot be undone."
        ),
    ),
]

# --- The skills taxonomy and its identifiers elsewhere ----------------------------------------


class SkillFilter(django_filters.FilterSet):
    esco_uri = django_filters.CharFilter(label=_("ESCO URI"), method="by_identifier")
    occupation_code = django_filters.CharFilter(label=_("National occupation code"), method="by_identifier")

    class Meta:
        model = Skill
        fields = ["esco_uri", "occupation_code"]

    def by_identifier(self, queryset: Any, name: str, value: str) -> Any:
        return with_identifier(queryset, name, value)


class SkillForm(forms.ModelForm[Skill]):
    class Meta:
        model = Skill
        fields = ["name", "name_zh", "description", "esco_uri", "occupation_code"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


def _skill_update(skill: Skill, user: User, data: dict[str, Any]) -> Skill:
    for name, value in data.items():
        setattr(skill, name, value)
    skill.full_clean()
    skill.save()
    return skill


SKILLS = Section(
    name="skills",
    title=_("Skills"),
    policy=SkillPolicy(),
    queryset=lambda: Skill.objects.all(),
    columns=[
        Column(_("Code"), "code", sort="code"),
        Column(_("Name"), "local_name", sort="name"),
        Column(_("ESCO URI"), lambda s: s.esco_uri or "—"),
        Column(_("National occupation code"), lambda s: s.occupation_code or "—", sort="occupation_code"),
    ],
    detail_template="courses/skill_detail.html",
    search_fields=("code", "name", "name_zh", "esco_uri", "occupation_code"),
    filterset=SkillFilter,
    default_ordering=("code",),
    public=True,
    edit_form=SkillForm,
    edit=_skill_update,
    edit_initial=lambda s: {
        "name": s.name,
        "name_zh": s.name_zh,
        "description": s.description,
        "esco_uri": s.esco_uri,
        "occupation_code": s.occupation_code,
    },
    context=lambda request, skill: {"crosswalks": skill.crosswalks.order_by("id")},
    tools=[
        Tool(_("Import a crosswalk"), "import", ("skill-crosswalks",), allowed=lambda u: u.is_platform_admin)
    ],
)

SECTIONS = [
    SKILLS,
    COURSES,
    OFFERINGS,
    ENROLLMENTS,
    CERTIFICATES,
    CERTIFICATE_TYPES,
    CREDENTIALS,
    TRAINING,
    MATERIALS,
]
