"""The internship API: ``internships/`` (with ``accept-agreement/``, ``start/``, ``end/``),
``internship-logs/`` (with ``confirm/``), ``internship-visits/``, ``internship-evaluations/``,
``internship-alerts/`` (with ``resolve/``), ``training-plans/``, and the positions and
working-time exceptions the rules are measured against."""

import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.api.viewsets import ScopedViewSet, check_links
from accounts.models import User
from courses.api.serializers import SkillCodesField
from courses.models import Module

from .. import services
from ..figures import figures
from ..models import (
    HoursException,
    Internship,
    InternshipAlert,
    InternshipEvaluation,
    InternshipLog,
    InternshipVisit,
    MentorChange,
    PayRecord,
    PlanTask,
    Position,
    PreJobTraining,
    TrainingPlan,
)
from ..permissions import (
    HoursExceptionPolicy,
    InternshipAlertPolicy,
    InternshipEvaluationPolicy,
    InternshipLogPolicy,
    InternshipPolicy,
    InternshipVisitPolicy,
    PositionPolicy,
    PreJobTrainingPolicy,
    TrainingPlanPolicy,
)
from ..rules import needs_guardian

# --- positions and exceptions ------------------------------------------------------------


class PositionSerializer(serializers.ModelSerializer[Position]):
    skills = SkillCodesField(many=True, required=False)

    class Meta:
        model = Position
        fields = ["id", "enterprise", "name", "staff", "probation_wage", "skills"]


class PositionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """The positions an enterprise offers interns, with the head count and the probation wage
    the rules measure placements against."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = PositionPolicy()
    base_queryset = Position.objects.select_related("enterprise").prefetch_related("skills")
    serializer_class = PositionSerializer
    filterset_fields = ["enterprise"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = services.position_save(actor=self.actor, **serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        position = self.get_object()
        self.check_write("update", position)
        check_links(self, position, serializer.validated_data)
        serializer.instance = services.position_save(
            actor=self.actor, position=position, **serializer.validated_data
        )


class HoursExceptionSerializer(serializers.ModelSerializer[HoursException]):
    class Meta:
        model = HoursException
        fields = [
            "id",
            "college",
            "major",
            "position",
            "max_hours_per_day",
            "night_shifts",
            "reason",
            "approved_by",
            "approved_at",
        ]
        read_only_fields = ["approved_by", "approved_at"]


class HoursExceptionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """A college's approved exceptions to the working-time rules, for a major and a position."""

    policy = HoursExceptionPolicy()
    base_queryset = HoursException.objects.all()
    serializer_class = HoursExceptionSerializer
    filterset_fields = ["college", "major", "position"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = services.exception_create(actor=self.actor, **serializer.validated_data)


# --- internships -------------------------------------------------------------------------------


class PreJobTrainingSerializer(serializers.ModelSerializer[PreJobTraining]):
    module = serializers.PrimaryKeyRelatedField(
        queryset=Module.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = PreJobTraining
        fields = ["id", "kind", "topic", "module", "completed_on"]


class MentorChangeSerializer(serializers.ModelSerializer[MentorChange]):
    class Meta:
        model = MentorChange
        fields = ["from_mentor", "to_mentor", "changed_by", "reason", "changed_at"]


class InternshipSerializer(serializers.ModelSerializer[Internship]):
    agreement = serializers.SerializerMethodField()
    insured = serializers.SerializerMethodField()
    pre_job_training = PreJobTrainingSerializer(many=True, read_only=True)
    mentor_changes = MentorChangeSerializer(
        many=True, read_only=True, help_text="The history of mentors: who was named instead of whom."
    )

    class Meta:
        model = Internship
        fields = [
            "id",
            "student",
            "student_birth_date",
            "college",
            "major",
            "enterprise",
            "position",
            "kind",
            "start_date",
            "end_date",
            "length_reason",
            "mentor",
            "supervisor",
            "pay_per_month",
            "works_independently",
            "hours_per_day",
            "shift",
            "student_fee",
            "intermediary",
            "insurer",
            "policy_number",
            "insured_from",
            "insured_to",
            "status",
            "agreement",
            "insured",
            "pre_job_training",
            "mentor_changes",
            "started_at",
            "ended_on",
            "hired",
            "employment",
            "created_at",
        ]
        read_only_fields = ["status", "started_at", "ended_on", "hired", "employment", "created_at"]
        validators: list[object] = []

    def get_agreement(self, internship: Internship) -> dict[str, Any]:
        return {
            "needs_guardian": needs_guardian(internship),
            "student_accepted_at": internship.student_accepted_at,
            "guardian_name": internship.guardian_name,
            "guardian_accepted_at": internship.guardian_accepted_at,
            "college_accepted_at": internship.college_accepted_at,
            "college_accepted_by": internship.college_accepted_by_id,
            "enterprise_accepted_at": internship.enterprise_accepted_at,
            "enterprise_accepted_by": internship.enterprise_accepted_by_id,
            "complete": internship.agreement_complete(needs_guardian(internship)),
        }

    def get_insured(self, internship: Internship) -> bool:
        return internship.insured()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": ["The internship cannot end before it starts."]})
        return attrs


class AcceptAgreementSerializer(serializers.Serializer[Any]):
    guardian_name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ChangeMentorSerializer(serializers.Serializer[Any]):
    # Any user: the service says which may mentor (400 naming ``mentor``), so that a person
    # outside the enterprise is refused the same way whether the caller can see them or not.
    mentor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class EndSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(required=False)
    hired = serializers.BooleanField(default=False)
    job_position = serializers.CharField(max_length=200, required=False, allow_blank=True)
    in_field = serializers.BooleanField(default=True)


class PaySerializer(serializers.ModelSerializer[PayRecord]):
    month = serializers.DateField(help_text="Any day of the month paid for (YYYY-MM-DD).")

    class Meta:
        model = PayRecord
        fields = ["id", "month", "amount", "recorded_at"]
        read_only_fields = ["recorded_at"]


INTERNSHIP_ERRORS = {
    400: OpenApiTypes.OBJECT,
    403: OpenApiTypes.OBJECT,
    404: OpenApiTypes.OBJECT,
    409: OpenApiTypes.OBJECT,
}


class InternshipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Internships: the college proposes one under the 2021 rules; the student (and guardian
    under 18), the college and the enterprise accept the agreement; insured and trained, it
    starts; at the end a job offer becomes an employment."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = InternshipPolicy()
    base_queryset = Internship.objects.select_related("position").prefetch_related(
        "pre_job_training", "mentor_changes"
    )
    serializer_class = InternshipSerializer
    filterset_fields = ["college", "enterprise", "student", "kind", "status", "mentor", "supervisor"]
    ordering_fields = ["start_date", "created_at"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = services.internship_create(actor=self.actor, **serializer.validated_data)

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        internship = self.get_object()
        self.check_write("update", internship)
        check_links(self, internship, serializer.validated_data)
        serializer.instance = services.internship_update(
            internship=internship, actor=self.actor, **serializer.validated_data
        )

    def _target(self, permission: str) -> Internship:
        internship = self.get_object()
        self.check_write(permission, internship)
        return internship

    def _input(self, serializer_class: type[serializers.Serializer[Any]]) -> dict[str, Any]:
        """The action's body, validated (400 naming the field otherwise)."""
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def _respond(self, internship: Internship, code: int = status.HTTP_200_OK) -> Response:
        return Response(InternshipSerializer(self.get_queryset().get(pk=internship.pk)).data, status=code)

    @extend_schema(
        summary="Accept the three-party agreement",
        request=AcceptAgreementSerializer,
        responses={200: InternshipSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="accept-agreement")
    def accept_agreement(self, request: Request, pk: str | None = None) -> Response:
        internship = self._target("accept_agreement")
        data = self._input(AcceptAgreementSerializer)
        services.internship_accept_agreement(internship=internship, actor=self.actor, **data)
        return self._respond(internship)

    @extend_schema(
        summary="Record pre-job training",
        request=PreJobTrainingSerializer,
        responses={201: PreJobTrainingSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="pre-job-training")
    def pre_job_training(self, request: Request, pk: str | None = None) -> Response:
        internship = self._target("train")
        data = self._input(PreJobTrainingSerializer)
        row = services.training_record(internship=internship, actor=self.actor, **data)
        return Response(PreJobTrainingSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Name another engineer of the enterprise the intern's mentor",
        request=ChangeMentorSerializer,
        responses={200: InternshipSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="change-mentor")
    def change_mentor(self, request: Request, pk: str | None = None) -> Response:
        internship = self._target("change_mentor")
        data = self._input(ChangeMentorSerializer)
        return self._respond(services.mentor_change(internship=internship, actor=self.actor, **data))

    @extend_schema(
        summary="Start an internship",
        request=None,
        responses={200: InternshipSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str | None = None) -> Response:
        return self._respond(services.internship_start(internship=self._target("start"), actor=self.actor))

    @extend_schema(
        summary="Cancel a preparing internship",
        request=None,
        responses={200: InternshipSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._respond(services.internship_cancel(internship=self._target("cancel"), actor=self.actor))

    @extend_schema(
        summary="End an internship",
        request=EndSerializer,
        responses={200: InternshipSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: str | None = None) -> Response:
        internship = self._target("end")
        data = self._input(EndSerializer)
        return self._respond(services.internship_end(internship=internship, actor=self.actor, **data))

    @extend_schema(
        summary="Record a month's pay",
        request=PaySerializer,
        responses={201: PaySerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        internship = self._target("pay")
        data = self._input(PaySerializer)
        record = services.pay_record(internship=internship, actor=self.actor, **data)
        return Response(PaySerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Internship figures, explained to the rows",
        parameters=[
            OpenApiParameter("college", int, description="One college's internships"),
            OpenApiParameter("enterprise", int, description="One enterprise's internships"),
            OpenApiParameter(
                "on", datetime.date, description="The day the figures are taken (default today)"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=False, methods=["get"])
    def figures(self, request: Request) -> Response:
        rows = self.get_queryset()
        for name in ("college", "enterprise"):
            value = request.query_params.get(name)
            if value:
                if not value.isdigit() or len(value) > 18:
                    raise serializers.ValidationError({name: ["A whole number is required."]})
                rows = rows.filter(**{f"{name}_id": int(value)})
        on = request.query_params.get("on")
        try:
            day = datetime.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise serializers.ValidationError({"on": ["A date (YYYY-MM-DD) is required."]}) from None
        return Response(figures(rows, day))


class PreJobTrainingRowSerializer(PreJobTrainingSerializer):
    class Meta(PreJobTrainingSerializer.Meta):
        fields = [
            "id",
            "internship",
            "kind",
            "topic",
            "module",
            "completed_on",
            "recorded_by",
            "completion_recorded_by",
        ]
        read_only_fields = ["internship", "recorded_by", "completion_recorded_by"]


class PreJobTrainingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Each row of an internship's pre-job training (recorded with ``internships/{id}/pre-job-
    training/``). While the internship prepares, the college changes a row, and the college or
    the enterprise records its completion (``PATCH`` with ``completed_on`` alone)."""

    http_method_names = ["get", "patch", "head", "options"]
    policy = PreJobTrainingPolicy()
    base_queryset = PreJobTraining.objects.select_related("internship")
    serializer_class = PreJobTrainingRowSerializer
    filterset_fields = ["internship", "kind"]

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        training = self.get_object()
        data = dict(serializer.validated_data)
        self.check_write("complete" if set(data) <= {"completed_on"} else "update", training)
        check_links(self, training, data)
        serializer.instance = services.training_update(training=training, actor=self.actor, **data)


# --- what happens during and after -------------------------------------------------------------


class InternshipLogSerializer(serializers.ModelSerializer[InternshipLog]):
    class Meta:
        model = InternshipLog
        fields = [
            "id",
            "internship",
            "date",
            "hours",
            "shift",
            "tasks",
            "confirmed_by",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = ["confirmed_by", "confirmed_at", "created_at"]
        validators: list[object] = []


class InternshipLogViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The intern's log of days, hours, shifts and tasks; the mentor confirms each day. A day
    that breaks a rule raises an alert."""

    policy = InternshipLogPolicy()
    base_queryset = InternshipLog.objects.all()
    serializer_class = InternshipLogSerializer
    filterset_fields = ["internship", "date", "shift"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = services.log_create(actor=self.actor, **serializer.validated_data)

    @extend_schema(
        summary="Confirm a day of the log",
        request=None,
        responses={200: InternshipLogSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        log = self.get_object()
        self.check_write("confirm", log)
        return Response(InternshipLogSerializer(services.log_confirm(log=log, actor=self.actor)).data)


class InternshipVisitSerializer(serializers.ModelSerializer[InternshipVisit]):
    class Meta:
        model = InternshipVisit
        fields = ["id", "internship", "kind", "date", "notes", "recorded_by", "created_at"]
        read_only_fields = ["recorded_by", "created_at"]


class InternshipVisitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The college supervisor's visits and calls."""

    policy = InternshipVisitPolicy()
    base_queryset = InternshipVisit.objects.all()
    serializer_class = InternshipVisitSerializer
    filterset_fields = ["internship", "kind"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = services.visit_create(actor=self.actor, **serializer.validated_data)


class InternshipEvaluationSerializer(serializers.ModelSerializer[InternshipEvaluation]):
    rating = serializers.IntegerField(min_value=1, max_value=5)

    class Meta:
        model = InternshipEvaluation
        fields = ["id", "internship", "side", "rating", "comment", "evaluator", "created_at"]
        read_only_fields = ["side", "evaluator", "created_at"]
        validators: list[object] = []


class InternshipEvaluationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The mentor's and the supervisor's evaluations at the end; the mentor's is job-competence
    evidence (``employer_rating``) for the college's scorecard."""

    policy = InternshipEvaluationPolicy()
    base_queryset = InternshipEvaluation.objects.all()
    serializer_class = InternshipEvaluationSerializer
    filterset_fields = ["internship", "side"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.instance = services.evaluation_create(actor=self.actor, **serializer.validated_data)


class InternshipAlertSerializer(serializers.ModelSerializer[InternshipAlert]):
    message = serializers.CharField(
        max_length=4000, help_text="A breach in the reader's language, or the concern as written."
    )

    class Meta:
        model = InternshipAlert
        fields = [
            "id",
            "internship",
            "kind",
            "message",
            "log",
            "raised_by",
            "raised_at",
            "resolved_by",
            "resolved_at",
            "resolution",
        ]
        read_only_fields = [
            "kind",
            "log",
            "raised_by",
            "raised_at",
            "resolved_by",
            "resolved_at",
            "resolution",
        ]

    def to_representation(self, instance: InternshipAlert) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["message"] = instance.text
        return data


class ResolveSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000)


class InternshipAlertViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Breaches of the rules found in logs, pay and plans, and concerns raised by the intern,
    the enterprise or the college (POST): open until the college resolves them with a note."""

    policy = InternshipAlertPolicy()
    base_queryset = InternshipAlert.objects.all()
    serializer_class = InternshipAlertSerializer
    filterset_fields = ["internship", "kind", "internship__college", "internship__enterprise"]

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        open_only = self.request.query_params.get("open")
        if open_only in ("true", "1"):
            queryset = queryset.filter(resolved_at=None)
        elif open_only in ("false", "0"):
            queryset = queryset.exclude(resolved_at=None)
        return queryset

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        data = serializer.validated_data
        serializer.instance = services.concern_raise(
            internship=data["internship"], actor=self.actor, message=data["message"]
        )

    @extend_schema(
        summary="Resolve an alert with a note",
        request=ResolveSerializer,
        responses={200: InternshipAlertSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        alert = self.get_object()
        self.check_write("resolve", alert)
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            InternshipAlertSerializer(
                services.alert_resolve(alert=alert, actor=self.actor, **data.validated_data)
            ).data
        )


class PlanTaskSerializer(serializers.ModelSerializer[PlanTask]):
    skills = SkillCodesField(many=True, required=False)
    module = serializers.PrimaryKeyRelatedField(
        queryset=Module.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = PlanTask
        fields = ["id", "title", "skills", "module", "repetitive", "progress"]
        read_only_fields = ["progress"]


class TrainingPlanSerializer(serializers.ModelSerializer[TrainingPlan]):
    # One plan per internship: a second is a 409 from the service, after the permission check.
    internship = serializers.PrimaryKeyRelatedField(queryset=Internship.objects.all())
    tasks = PlanTaskSerializer(many=True)
    only_repetitive = serializers.SerializerMethodField()

    class Meta:
        model = TrainingPlan
        fields = [
            "id",
            "internship",
            "tasks",
            "only_repetitive",
            "written_by",
            "college_agreed_by",
            "college_agreed_at",
            "created_at",
        ]
        read_only_fields = ["written_by", "college_agreed_by", "college_agreed_at", "created_at"]
        validators: list[object] = []

    def get_only_repetitive(self, plan: TrainingPlan) -> bool:
        tasks = list(plan.tasks.all())
        return bool(tasks) and all(t.repetitive for t in tasks)


class ProgressSerializer(serializers.Serializer[Any]):
    task = serializers.IntegerField(min_value=1)
    progress = serializers.IntegerField(min_value=0, max_value=100)


class TrainingPlanViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """The enterprise's training plan for an intern, agreed with the college; the mentor
    records progress; completed tasks tied to a module become credit when the internship ends."""

    policy = TrainingPlanPolicy()
    base_queryset = TrainingPlan.objects.prefetch_related("tasks__skills")
    serializer_class = TrainingPlanSerializer
    filterset_fields = ["internship"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        data = serializer.validated_data
        serializer.instance = services.plan_create(
            internship=data["internship"], actor=self.actor, tasks=[dict(t) for t in data["tasks"]]
        )

    @extend_schema(
        summary="The college agrees to a training plan",
        request=None,
        responses={200: TrainingPlanSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def agree(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        self.check_write("agree", plan)
        return Response(TrainingPlanSerializer(services.plan_agree(plan=plan, actor=self.actor)).data)

    @extend_schema(
        summary="Record progress on a task",
        request=ProgressSerializer,
        responses={200: TrainingPlanSerializer, **INTERNSHIP_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        self.check_write("progress", plan)
        data = ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.plan_progress(plan=plan, actor=self.actor, **data.validated_data)
        return Response(TrainingPlanSerializer(self.get_queryset().get(pk=plan.pk)).data)
