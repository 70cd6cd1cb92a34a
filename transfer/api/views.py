"""The API of industry calls (``calls/``), their responses (``call-responses/``, with
``shortlist/``, ``decline/``, ``open-project/``, ``open-dual-position/``), technology
summaries (``tech-summaries/``, with ``transfers/``, ``start-call/``, ``start-project/``) and
inventors' shares (``inventor-shares/``)."""

from decimal import Decimal
from typing import Any, cast

from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import filters, mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.base import HidesPeopleFromThePublic
from accounts.api.viewsets import ScopedViewSet
from accounts.errors import Invalid
from accounts.models import COLLEGE_ROLES, User
from courses.api.serializers import SkillCodesField

from .. import services
from ..models import BudgetBand, Call, CallResponse, InventorShare, TechSummary, Transfer
from ..permissions import CallPolicy, CallResponsePolicy, InventorSharePolicy, TechSummaryPolicy

# ``?search=`` over the words of calls and summaries, beside the usual filters and ordering.
SEARCHABLE = [DjangoFilterBackend, filters.OrderingFilter, filters.SearchFilter]


class CallSerializer(serializers.ModelSerializer[Call]):
    skills = SkillCodesField(many=True, required=False)
    open = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "enterprise",
            "title",
            "need",
            "skills",
            "budget_band",
            "deadline",
            "confidential",
            "summary",
            "open",
            "created_at",
        ]
        read_only_fields = ["enterprise", "summary", "created_at"]

    def get_open(self, call: Call) -> bool:
        return services.is_open(call)


class CallViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Industry calls: an approved enterprise's engineers post and correct them (until the
    deadline); the staff of colleges read them and respond (``call-responses/``)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = CallPolicy()
    base_queryset = Call.objects.select_related("enterprise").prefetch_related("skills")
    serializer_class = CallSerializer
    filterset_fields = ["enterprise", "budget_band", "confidential"]
    filter_backends = SEARCHABLE
    search_fields = ["title", "need"]
    ordering_fields = ["deadline", "created_at"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        enterprise = self.actor.enterprise
        self.check_write("create", {"enterprise": enterprise})  # an engineer of an enterprise
        if enterprise is None:  # a platform administrator belongs to no enterprise
            raise Invalid("enterprise", _("Only an enterprise's engineers post calls."))
        serializer.instance = services.call_post(actor=self.actor, enterprise=enterprise, **data)

    def perform_update(self, serializer: Any) -> None:
        self.check_write("update", serializer.instance)
        serializer.instance = services.call_update(
            call=serializer.instance, actor=self.actor, data=dict(serializer.validated_data)
        )


class CallResponseSerializer(serializers.ModelSerializer[CallResponse]):
    call = serializers.PrimaryKeyRelatedField(queryset=Call.objects.all())

    class Meta:
        model = CallResponse
        fields = [
            "id",
            "call",
            "responder",
            "college",
            "problem",
            "approach",
            "prior_results",
            "team",
            "status",
            "reason",
            "decided_at",
            "project",
            "dual_position",
            "created_at",
        ]
        read_only_fields = [
            "responder",
            "college",
            "status",
            "reason",
            "decided_at",
            "project",
            "dual_position",
            "created_at",
        ]
        validators: list[Any] = []  # one response a person is the service's 409

    def validate_call(self, call: Call) -> Call:
        # A call the responder may not see is as if it did not exist.
        request = self.context["request"]
        if not CallPolicy().visible(request.user, Call.objects.filter(pk=call.pk)).exists():
            raise ValidationError(_("No such call."))
        return call


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=2000)


class OpenProjectSerializer(serializers.Serializer[Any]):
    seats = serializers.IntegerField(min_value=1, max_value=100, default=1)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class OpenDualPositionSerializer(serializers.Serializer[Any]):
    start_date = serializers.DateField(required=False, allow_null=True)


class CallResponseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Responses to calls: a teacher or a college's research staff responds once a call, until
    its deadline (409 after); the enterprise shortlists or declines with a reason the
    responder reads, and opens a project or a dual position from a shortlisted one."""

    http_method_names = ["get", "post", "head", "options"]
    policy = CallResponsePolicy()
    base_queryset = CallResponse.objects.select_related("call", "college")
    serializer_class = CallResponseSerializer
    filterset_fields = ["call", "status", "college"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_write("create", {})  # who may respond at all, before which call they name
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        self.check_write("create", data)
        call = data.pop("call")
        serializer.instance = services.response_submit(call=call, actor=self.actor, **data)

    def _row(self, name: str) -> CallResponse:
        response = cast(CallResponse, self.get_object())
        self.check_write(name, response)
        return response

    def _reason(self, request: Request) -> str:
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return str(body.validated_data["reason"])

    @extend_schema(summary="Shortlist a response", request=ReasonSerializer, responses=CallResponseSerializer)
    @action(detail=True, methods=["post"])
    def shortlist(self, request: Request, pk: str | None = None) -> Response:
        row = self._row("shortlist")
        row = services.response_shortlist(response=row, actor=self.actor, reason=self._reason(request))
        return Response(CallResponseSerializer(row, context=self.get_serializer_context()).data)

    @extend_schema(summary="Decline a response", request=ReasonSerializer, responses=CallResponseSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str | None = None) -> Response:
        row = self._row("decline")
        row = services.response_decline(response=row, actor=self.actor, reason=self._reason(request))
        return Response(CallResponseSerializer(row, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Open a draft project from a shortlisted response",
        request=OpenProjectSerializer,
        responses=CallResponseSerializer,
    )
    @action(detail=True, methods=["post"], url_path="open-project")
    def open_project(self, request: Request, pk: str | None = None) -> Response:
        return self._open("open_project", OpenProjectSerializer, services.response_open_project)

    @extend_schema(
        summary="Propose the responding teacher for a dual position",
        request=OpenDualPositionSerializer,
        responses=CallResponseSerializer,
    )
    @action(detail=True, methods=["post"], url_path="open-dual-position")
    def open_dual_position(self, request: Request, pk: str | None = None) -> Response:
        return self._open(
            "open_dual_position", OpenDualPositionSerializer, services.response_open_dual_position
        )

    def _open(self, action: str, serializer: type[serializers.Serializer[Any]], call: Any) -> Response:
        """What a shortlisted response leads to (a draft project, a dual position): 201 with
        the response as it now stands."""
        row = self._row(action)
        body = serializer(data=self.request.data)
        body.is_valid(raise_exception=True)
        call(response=row, actor=self.actor, **body.validated_data)
        row.refresh_from_db()
        return Response(
            CallResponseSerializer(row, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class InventorField(serializers.Serializer[Any]):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role__in=COLLEGE_ROLES))
    contribution = serializers.DecimalField(max_digits=6, decimal_places=2)


class TransferSerializer(serializers.ModelSerializer[Transfer]):
    class Meta:
        model = Transfer
        fields = ["id", "kind", "licensee", "licensee_name", "income", "date", "created_at"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"licensee_name": {"required": False, "allow_blank": True}}


class TechSummarySerializer(HidesPeopleFromThePublic, serializers.ModelSerializer[TechSummary]):
    skills = SkillCodesField(many=True, required=False)
    inventors = InventorField(many=True)
    contact = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(role__in=COLLEGE_ROLES))
    personal_fields = ("inventors", "contact")

    class Meta:
        model = TechSummary
        fields = [
            "id",
            "college",
            "title",
            "kind",
            "abstract",
            "patent_number",
            "patent_status",
            "skills",
            "industries",
            "contact",
            "visibility",
            "inventors",
            "created_at",
        ]
        read_only_fields = ["college", "created_at"]

    def to_representation(self, instance: TechSummary) -> Any:
        data = super().to_representation(instance)
        if data.get("inventors") is not None:
            data["inventors"] = [
                {"user": i.user_id, "contribution": f"{i.contribution:.2f}"} for i in instance.inventors.all()
            ]
        return data


def _inventors(data: dict[str, Any]) -> list[tuple[User, Decimal]] | None:
    rows = data.pop("inventors", None)
    return None if rows is None else [(row["user"], row["contribution"]) for row in rows]


class StartCallSerializer(serializers.Serializer[Any]):
    budget_band = serializers.ChoiceField(choices=BudgetBand.choices)
    deadline = serializers.DateField()
    confidential = serializers.BooleanField(default=False)


class StartProjectSerializer(serializers.Serializer[Any]):
    seats = serializers.IntegerField(min_value=1, max_value=100, default=1)


class TechSummaryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """Technology summaries a college publishes (public, or for its industry colleges'
    partner enterprises): inventors' contributions add up to 100 (400 naming ``inventors``
    otherwise). A college administrator records transfers (``transfers/``: the college's
    transfer evidence and each inventor's share); an engineer starts a call or a project."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    policy = TechSummaryPolicy()
    base_queryset = TechSummary.objects.select_related("college").prefetch_related("skills", "inventors")
    serializer_class = TechSummarySerializer
    filterset_fields = ["college", "kind", "visibility", "patent_status"]
    filter_backends = SEARCHABLE
    search_fields = ["title", "abstract", "industries", "patent_number", "college__name"]
    ordering_fields = ["created_at", "title"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        college = self.actor.college
        self.check_write("create", {"college": college})  # an administrator of a college
        if college is None:  # a platform administrator belongs to no college
            raise Invalid("college", _("Only a college's administrators publish its summaries."))
        inventors = _inventors(data) or []
        serializer.instance = services.summary_publish(
            actor=self.actor, college=college, inventors=inventors, **data
        )

    def perform_update(self, serializer: Any) -> None:
        self.check_write("update", serializer.instance)
        data = dict(serializer.validated_data)
        inventors = _inventors(data)
        if inventors is not None:
            data["inventors"] = inventors
        serializer.instance = services.summary_update(
            summary=serializer.instance, actor=self.actor, data=data
        )

    def _row(self, name: str) -> TechSummary:
        summary = cast(TechSummary, self.get_object())
        self.check_write(name, summary)
        return summary

    @extend_schema(summary="Record a transfer", request=TransferSerializer, responses=TransferSerializer)
    @action(detail=True, methods=["post"])
    def transfers(self, request: Request, pk: str | None = None) -> Response:
        summary = self._row("record_transfer")
        body = TransferSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        transfer = services.transfer_record(
            summary=summary,
            actor=self.actor,
            kind=data["kind"],
            licensee=data.get("licensee"),
            licensee_name=data.get("licensee_name", ""),
            income=data["income"],
            date=data["date"],
        )
        return Response(TransferSerializer(transfer).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Start a call from a summary", request=StartCallSerializer, responses=CallSerializer
    )
    @action(detail=True, methods=["post"], url_path="start-call")
    def start_call(self, request: Request, pk: str | None = None) -> Response:
        summary = self._row("start_call")
        body = StartCallSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        call = services.summary_start_call(summary=summary, actor=self.actor, **body.validated_data)
        return Response(CallSerializer(call).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Start a draft project from a summary", request=StartProjectSerializer)
    @action(detail=True, methods=["post"], url_path="start-project")
    def start_project(self, request: Request, pk: str | None = None) -> Response:
        summary = self._row("start_project")
        body = StartProjectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        project = services.summary_start_project(summary=summary, actor=self.actor, **body.validated_data)
        return Response({"project": project.pk, "status": project.status}, status=status.HTTP_201_CREATED)


class InventorShareSerializer(serializers.ModelSerializer[InventorShare]):
    summary = serializers.IntegerField(source="transfer.summary_id", read_only=True)
    date = serializers.DateField(source="transfer.date", read_only=True)

    class Meta:
        model = InventorShare
        fields = ["id", "transfer", "summary", "date", "inventor", "contribution", "amount"]
        read_only_fields = fields


class InventorShareViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Inventors' shares of transfers' income: the inventor's own; a college administrator's
    college's."""

    policy = InventorSharePolicy()
    base_queryset = InventorShare.objects.select_related("transfer")
    serializer_class = InventorShareSerializer
    filterset_fields = ["transfer", "inventor"]
