"""Competency frameworks and learning plans in the web application: a framework's tree with
its skills and modules, Moodle's CSV in (with an example to download) and out, plan
templates for cohorts, and each student's plan with every status explained by its rows."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from accounts import csvfiles
from accounts.models import User
from accounts.pagekit import Action, Column, Section, Tool, with_links

from . import services
from .api.views import csv_download
from .forms import CompetencyForm, FrameworkForm, ImportForm, MarkForm, TemplateForm
from .imports import EXAMPLE, framework_import
from .models import Competency, Framework, LearningPlan, PlanTemplate
from .permissions import CompetencyPolicy, FrameworkPolicy, LearningPlanPolicy, PlanTemplatePolicy
from .progress import HOURS_TO_ACHIEVE, Status, plan_progress, summary


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _tree(framework: Framework) -> list[tuple[Competency, int]]:
    competencies = list(
        framework.competencies.prefetch_related("skills", "modules__course", "related").order_by(
            "sort_order", "id"
        )
    )
    children: dict[int | None, list[Competency]] = {}
    for competency in competencies:
        children.setdefault(competency.parent_id, []).append(competency)
    out: list[tuple[Competency, int]] = []
    stack = [(c, 0) for c in reversed(children.get(None, []))]
    while stack:
        competency, depth = stack.pop()
        out.append((competency, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(competency.pk, [])))
    return out


FRAMEWORK_FIELDS = services.FRAMEWORK_FIELDS

FRAMEWORKS = Section(
    name="frameworks",
    title=_("Competency frameworks"),
    policy=FrameworkPolicy(),
    queryset=lambda: Framework.objects.select_related("major").annotate(size=Count("competencies")),
    columns=[
        Column(_("Framework"), "shortname", sort="shortname", link=True),
        Column(_("ID number"), "idnumber", sort="idnumber"),
        Column(_("Major"), "major.name", sort="major__name"),
        Column(_("Competencies"), "size"),
    ],
    detail_template="competencies/framework_detail.html",
    search_fields=("shortname", "idnumber", "major__name"),
    default_ordering=("major__name", "idnumber"),
    create_form=FrameworkForm,
    create=lambda user, data: services.framework_create(actor=user, **data),
    create_label=_("New framework"),
    create_permission=lambda user: FrameworkPolicy().can(user, "create"),
    edit_form=FrameworkForm,
    edit=lambda row, user, data: services.framework_update(actor=user, framework=row, **data),
    edit_initial=lambda f: {name: getattr(f, name) for name in FRAMEWORK_FIELDS},
    form_kwargs=lambda user, row: {"user": user, "row": row},
    context=lambda request, framework: {
        "tree": _tree(framework),
        "may_add": CompetencyPolicy().can(request.user, "create", {"framework": framework}),
    },
    tools=[
        Tool(
            _("Import from Moodle's CSV"),
            "framework-import",
            allowed=lambda u: FrameworkPolicy().can(u, "import"),
        )
    ],
)


@login_required
def framework_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a framework in Moodle's CSV: all of it is imported, or nothing, with every
    problem named by line and column."""
    user = cast(User, request.user)
    if not FrameworkPolicy().can(user, "import"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    errors: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        framework, errors = framework_import(
            actor=user, major=form.cleaned_data["major"], raw=form.cleaned_data["file"].read()
        )
        if framework is not None:
            return redirect("frameworks-detail", framework.pk)
    return render(
        request,
        "competencies/import.html",
        {"form": form, "errors": errors, "columns": EXAMPLE[0]},
        status=400 if form.errors or errors else 200,
    )


@login_required
def framework_example(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("".join(csvfiles.writer(EXAMPLE)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="competency-framework-example.csv"'
    return response


@login_required
def framework_export(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(FrameworkPolicy().visible(request.user, Framework.objects.all()), pk=pk)
    return csv_download(framework)


FRAMEWORKS.extra_urls = [
    path("frameworks/import/", framework_import_page, name="framework-import"),
    path("frameworks/import/example.csv", framework_example, name="framework-example"),
    path("frameworks/<int:pk>/export.csv", framework_export, name="framework-export"),
]


def _save_competency(user: User, data: dict[str, Any], row: Competency | None = None) -> Competency:
    framework = row.framework if row is not None else data.pop("framework")
    return services.competency_save(actor=user, framework=framework, competency=row, **data)


COMPETENCIES = Section(
    name="competencies",
    title=_("Competencies"),
    policy=CompetencyPolicy(),
    queryset=lambda: Competency.objects.select_related("framework", "parent"),
    columns=[
        Column(_("Competency"), "shortname", sort="shortname", link=True),
        Column(_("ID number"), "idnumber", sort="idnumber"),
        Column(_("Framework"), "framework.shortname", sort="framework__shortname"),
        Column(_("Under"), "parent.shortname"),
    ],
    detail_template="competencies/competency_detail.html",
    search_fields=("shortname", "idnumber", "framework__shortname"),
    default_ordering=("framework_id", "sort_order", "id"),
    create_form=CompetencyForm,
    create=lambda user, data: _save_competency(user, data),
    create_label=_("New competency"),
    create_permission=lambda user: CompetencyPolicy().can(user, "create"),
    edit_form=CompetencyForm,
    edit=lambda row, user, data: _save_competency(user, data, row),
    edit_initial=lambda c: {
        "parent": c.parent_id,
        "idnumber": c.idnumber,
        "shortname": c.shortname,
        "description": c.description,
        "skills": list(c.skills.values_list("pk", flat=True)),
        "modules": list(c.modules.values_list("pk", flat=True)),
    },
    form_kwargs=lambda user, row: {"user": user, "row": row},
    context=lambda request, c: {
        "skills": c.skills.all(),
        "modules": with_links(request, c.modules.select_related("course")),
    },
)


TEMPLATES = Section(
    name="learning-plan-templates",
    title=_("Learning plan templates"),
    policy=PlanTemplatePolicy(),
    queryset=lambda: PlanTemplate.objects.select_related("framework__major").annotate(size=Count("plans")),
    columns=[
        Column(_("Template"), "name", sort="name", link=True),
        Column(_("Framework"), "framework.shortname"),
        Column(_("Major"), "framework.major.name"),
        Column(_("Cohort (year of entry)"), "entry_year", sort="entry_year"),
        Column(_("Plans"), "size"),
    ],
    detail_template="competencies/template_detail.html",
    search_fields=("name", "framework__shortname"),
    default_ordering=("-entry_year", "name"),
    create_form=TemplateForm,
    create=lambda user, data: services.template_create(actor=user, **data),
    create_label=_("New template"),
    create_permission=lambda user: PlanTemplatePolicy().can(user, "create"),
    form_kwargs=lambda user, row: {"user": user, "row": row},
    actions=[
        Action(
            "sync",
            _("Give plans to new students of the cohort"),
            "sync",
            lambda t, u, d: services.template_sync(actor=u, template=t),
            _("Every student of the cohort has a plan."),
        )
    ],
    context=lambda request, t: {"plans": with_links(request, t.plans.select_related("student"))},
)


def _plan_context(request: HttpRequest, plan: LearningPlan) -> dict[str, Any]:
    progress = plan_progress(plan)
    objects = [row.obj for item in progress for row in item.rows if row.obj is not None]
    found = {(type(obj), obj.pk): url for obj, url in with_links(request, objects)}
    return {
        "progress": [
            (item, [(row, found.get((type(row.obj), getattr(row.obj, "pk", None)), "")) for row in item.rows])
            for item in progress
        ],
        "summary": [(Status.LABELS[key], count, key) for key, count in summary(progress).items()],
        "hours": f"{HOURS_TO_ACHIEVE.normalize():f}",
    }


PLANS = Section(
    name="learning-plans",
    title=_("Learning plans"),
    policy=LearningPlanPolicy(),
    queryset=lambda: LearningPlan.objects.select_related("student", "template__framework__major"),
    columns=[
        Column(_("Student"), lambda p: person(p.student), sort="student__last_name", link=True),
        Column(_("Template"), "template.name", sort="template__name"),
        Column(_("Major"), "template.framework.major.name"),
        Column(_("Cohort (year of entry)"), "template.entry_year", sort="template__entry_year"),
    ],
    detail_template="competencies/plan_detail.html",
    search_fields=("student__first_name", "student__last_name", "student__username", "template__name"),
    default_ordering=("template_id", "student__last_name", "student_id"),
    actions=[
        Action(
            "mark",
            _("Mark a competency achieved"),
            "mark",
            lambda p, u, d: services.competency_mark(
                actor=u, plan=p, competency=d["competency"], note=d["note"]
            ),
            _("The competency is marked achieved; the student is told."),
            form=MarkForm,
            form_kwargs=lambda p, u: {"plan": p},
        )
    ],
    row_title=lambda p: f"{person(p.student)} · {p.template.name}",
    context=_plan_context,
)


SECTIONS = [FRAMEWORKS, COMPETENCIES, TEMPLATES, PLANS]
