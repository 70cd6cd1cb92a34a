"""The credit requests API: ``credit-requests/`` (a student asks; each side lists what it
sees), ``credit-requests/{id}/approve/`` and ``decline/`` (with a reason) in turn."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.viewsets import ScopedViewSet
from accounts.models import User
from courses.models import Module
from enterprises.models import Project
from internships.models import Internship

from .. import services
from ..models import CreditRequest, Decision
from ..permissions import CreditRequestPolicy


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    class Meta:
        model = Decision
        fields = ["step", "outcome", "actor", "reason", "decided_at"]
        read_only_fields = fields


class CreditRequestSerializer(serializers.ModelSerializer[CreditRequest]):
    """A request for a module's credit for an accepted project or an ended internship: give
    ``project`` or ``internship``; ``sponsor`` (a teacher of the student's college) defaults to
    the module's teacher. ``history`` is each step's decision, in order."""

    module = serializers.PrimaryKeyRelatedField(queryset=Module.objects.all())
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(), required=False, allow_null=True
    )
    internship = serializers.PrimaryKeyRelatedField(
        queryset=Internship.objects.all(), required=False, allow_null=True
    )
    sponsor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False, allow_null=True)
    statement = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    history = DecisionSerializer(source="decisions", many=True, read_only=True)
    credits = serializers.SerializerMethodField()

    class Meta:
        model = CreditRequest
        fields = [
            "id",
            "student",
            "college",
            "module",
            "project",
            "internship",
            "enterprise",
            "mentor",
            "sponsor",
            "statement",
            "status",
            "reason",
            "credit",
            "credits",
            "history",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "student",
            "college",
            "enterprise",
            "mentor",
            "status",
            "reason",
            "credit",
            "created_at",
            "updated_at",
        ]
        validators: list[Any] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A student names only their own internships and their college's teachers: another
        # person's row is "does not exist", not a hint that it does.
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            fields: Any = self.fields
            fields["internship"].queryset = Internship.objects.filter(student_id=user.pk)
            profile = services.programme_of(user)
            fields["sponsor"].queryset = services.sponsors(profile.college_id if profile else None)

    def get_credits(self, obj: CreditRequest) -> str | None:
        """The credits banked by this request (none until approved, or when already held)."""
        return str(obj.credit.credits) if obj.credit_id and obj.credit else None


class DeclineSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=2000, help_text="Why the credit is declined: the student reads it."
    )


class CreditRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedViewSet,
):
    """Credit for work-based learning: the student asks; the enterprise mentor, the faculty
    sponsor and a college administrator approve in turn (409 when it is not their step); the
    last approval banks the module's credit once; a decline ends the request with its reason."""

    policy = CreditRequestPolicy()
    http_method_names = ["get", "post", "head", "options"]
    base_queryset = CreditRequest.objects.select_related("credit").prefetch_related("decisions")
    serializer_class = CreditRequestSerializer
    filterset_fields = ["status", "student", "module", "project", "internship"]
    ordering_fields = ["created_at", "updated_at"]

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if self.request.query_params.get("waiting") == "true":
            return queryset & services.waiting_for(self.actor)
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_write("create", {})
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.credit_request_submit(
            student=self.actor,
            module=data["module"],
            project=data.get("project"),
            internship=data.get("internship"),
            sponsor=data.get("sponsor"),
            statement=data.get("statement", ""),
        )

    def _decide(self, name: str) -> CreditRequest:
        row = self.get_object()
        self.check_write(name, row)
        return row

    def _answer(self, row: CreditRequest) -> Response:
        row = self.base_queryset.get(pk=row.pk)
        return Response(CreditRequestSerializer(row).data)

    @extend_schema(
        summary="Approve a credit request at your step", request=None, responses=CreditRequestSerializer
    )
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        row = services.credit_request_approve(request=self._decide("approve"), actor=self.actor)
        return self._answer(row)

    @extend_schema(
        summary="Decline a credit request with a reason the student reads",
        request=DeclineSerializer,
        responses=CreditRequestSerializer,
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        row = self._decide("decline")
        body = DeclineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.credit_request_decline(
            request=row, actor=self.actor, reason=body.validated_data["reason"]
        )
        return self._answer(row)
