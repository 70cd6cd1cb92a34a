"""Scorecards, their review workflow, recomputes and task progress (evaluation.md's API).

The list is the busiest read of the portal, so it skips DRF's per-field serializer work:
one ``.values()`` query per page, numbers formatted here (two decimals, half to even).
"""

import logging
import uuid
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from celery.result import AsyncResult
from django.core.cache import cache
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, inline_serializer
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import public_cache, replica
from accounts.api.viewsets import ScopedViewSet
from evaluation import services
from evaluation.models import ImprovementAction, Scorecard, ScorecardIndicator
from evaluation.pending import is_pending
from evaluation.permissions import ImprovementActionPolicy, ScorecardPolicy
from evaluation.tasks import recompute_all_scorecards
from ledger.api.views import YearFilter

logger = logging.getLogger(__name__)


TASK_ACCEPTED = inline_serializer(
    "TaskAccepted",
    {
        "task_id": serializers.CharField(
            allow_null=True, help_text="Follow it at tasks/{task_id}/; null when the queue was unreachable."
        ),
        "detail": serializers.CharField(required=False),
    },
)


def start_task(send: Any, *, owner: Any, durable: Any) -> Response:
    """Queue a task for its caller (202 with its id). When the broker cannot be reached, the
    work is recorded durably instead (the ledger's marks, drained once the worker is back):
    still 202, with no task to follow."""
    try:
        result = send()
    except (KombuOperationalError, OSError):
        logger.warning("The task queue is unreachable: the recompute is recorded for later", exc_info=True)
        durable()
        return Response(
            {
                "task_id": None,
                "detail": "The task queue is unreachable just now: the recompute is recorded and runs when it is back.",
            },
            status=status.HTTP_202_ACCEPTED,
        )
    cache.set(f"task-owner:{result.id}", owner.pk, TASK_OWNER_SECONDS)
    return Response({"task_id": result.id}, status=status.HTTP_202_ACCEPTED)


TWO = Decimal("0.01")
TASK_OWNER_SECONDS = 60 * 60 * 24


def fmt(value: Decimal | None) -> str | None:
    """A figure as shown in the API and on pages: two decimals, round half to even."""
    return None if value is None else str(Decimal(value).quantize(TWO, rounding=ROUND_HALF_EVEN))


LIST_FIELDS = (
    "id",
    "subject_type",
    "subject_id",
    "subject_name",
    "college_id",
    "period",
    "scheme_id",
    "overall",
    "technology",
    "competence",
    "service",
    "rank",
    "status",
    "changed_since_publication",
    "computed_at",
    "published_at",
)


def scorecard_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "subject_type": row["subject_type"],
        "subject_id": row["subject_id"],
        "subject_name": row["subject_name"],
        "college": row["college_id"],
        "period": row["period"],
        "scheme": row["scheme_id"],
        "overall": fmt(row["overall"]),
        "technology": fmt(row["technology"]),
        "competence": fmt(row["competence"]),
        "service": fmt(row["service"]),
        "rank": row["rank"],
        "status": row["status"],
        "changed_since_publication": row["changed_since_publication"],
        "computed_at": row["computed_at"].isoformat(),
        "published_at": row["published_at"].isoformat() if row["published_at"] else None,
    }


class ScorecardFilter(filters.FilterSet):
    period = YearFilter()
    subject_type = filters.ChoiceFilter(choices=Scorecard.SubjectType.choices)
    region = filters.CharFilter(field_name="college__region")

    class Meta:
        model = Scorecard
        fields = ["subject_type", "subject_id", "period", "scheme", "status", "college", "region"]


def _list_fields() -> dict[str, serializers.Field[Any, Any, Any, Any]]:
    """The fields of a scorecard in a list, for the schema (fresh instances each call)."""

    def figure() -> serializers.DecimalField:
        return serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)

    return {
        "id": serializers.IntegerField(),
        "subject_type": serializers.ChoiceField(choices=Scorecard.SubjectType.choices),
        "subject_id": serializers.IntegerField(),
        "subject_name": serializers.CharField(),
        "college": serializers.IntegerField(),
        "period": serializers.IntegerField(),
        "scheme": serializers.IntegerField(),
        "overall": figure(),
        "technology": figure(),
        "competence": figure(),
        "service": figure(),
        "rank": serializers.IntegerField(allow_null=True),
        "status": serializers.ChoiceField(choices=Scorecard.Status.choices),
        "changed_since_publication": serializers.BooleanField(),
        "computed_at": serializers.DateTimeField(),
        "published_at": serializers.DateTimeField(allow_null=True),
    }


SCORECARD_LIST_SCHEMA = inline_serializer("ScorecardListItem", _list_fields(), many=True)
SCORECARD_DETAIL_SCHEMA = inline_serializer(
    "ScorecardDetail",
    {
        **_list_fields(),
        "recomputing": serializers.BooleanField(
            help_text="Newer evidence is waiting to be counted: the figures are as of computed_at."
        ),
        "indicators": serializers.ListField(child=serializers.DictField()),
        "history": serializers.ListField(child=serializers.DictField()),
        "reviews": serializers.ListField(child=serializers.DictField()),
        "improvement_actions": serializers.ListField(child=serializers.DictField()),
        "previous_actions": serializers.ListField(child=serializers.DictField()),
    },
)


class ReviewSerializer(serializers.Serializer[Scorecard]):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class RecomputeSerializer(serializers.Serializer[Any]):
    period = serializers.IntegerField(min_value=1900, max_value=2200, required=False)


class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    policy = ScorecardPolicy()
    base_queryset = Scorecard.objects.all()
    filterset_class = ScorecardFilter
    ordering_fields = ["overall", "rank", "period", "subject_name"]
    ordering = ["subject_type", "period", "rank", "subject_id"]
    serializer_class = ReviewSerializer  # for the schema of the review actions

    @extend_schema(summary="List scorecards (published ones are public)", responses=SCORECARD_LIST_SCHEMA)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        def rows() -> Any:
            queryset = self.filter_queryset(self.get_queryset()).values(*LIST_FIELDS)
            page = self.paginate_queryset(queryset)
            return self.get_paginated_response([scorecard_row(row) for row in page or []]).data

        if request.user.is_authenticated:
            return Response(rows())
        # The published cards, as the public reads them: from the cache of their current
        # version (every recompute and review step bumps it), so never stale.
        # Computed on the read replica when it holds that version already (accounts.replica).
        return public_cache.respond("scorecards", self, request, replica.serve(request, "scorecards", rows))

    @extend_schema(
        summary="Get a scorecard with every indicator and its history", responses=SCORECARD_DETAIL_SCHEMA
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        scorecard = self.get_object()
        return Response(self._detail(scorecard))

    def _detail(self, scorecard: Scorecard) -> dict[str, Any]:
        public = not self.request.user.is_authenticated  # the public never gets a person's id
        row = scorecard_row({f: getattr(scorecard, f) for f in LIST_FIELDS})
        indicators = list(scorecard.indicators.all())
        row["indicators"] = [
            {
                "code": i.code,
                "dimension": i.dimension,
                "value": fmt(i.value),
                "score": fmt(i.score),
                "evidence_count": i.evidence_count,
                "value_sum": None if i.value_sum is None else str(i.value_sum),
                "base_sum": None if i.base_sum is None else str(i.base_sum),
            }
            for i in indicators
        ]
        row["recomputing"] = is_pending(
            college_id=scorecard.college_id, period=scorecard.period, scheme_id=scorecard.scheme_id
        )
        row["history"] = [
            {
                "overall": fmt(h.overall),
                "technology": fmt(h.technology),
                "competence": fmt(h.competence),
                "service": fmt(h.service),
                "computed_at": h.computed_at.isoformat(),
                "replaced_at": h.replaced_at.isoformat(),
            }
            for h in scorecard.history.all()
        ]
        row["reviews"] = [
            {
                "action": r.action,
                "from_status": r.from_status,
                "to_status": r.to_status,
                "comment": r.comment,
                "actor": None if public else r.actor_id,
                "at": r.at.isoformat(),
            }
            for r in scorecard.reviews.all()
        ]
        row["improvement_actions"] = [_action_row(a) for a in scorecard.improvement_actions.all()]
        # evaluation → feedback → improvement: last period's actions beside this period's change.
        scores_now = {i.code: i.score for i in indicators}
        previous = (
            ImprovementAction.objects.filter(
                scorecard__subject_type=scorecard.subject_type,
                scorecard__subject_id=scorecard.subject_id,
                scorecard__scheme_id=scorecard.scheme_id,
                scorecard__period=scorecard.period - 1,
            )
            .select_related("scorecard")
            .prefetch_related(Prefetch("scorecard__indicators", queryset=ScorecardIndicator.objects.all()))
        )
        row["previous_actions"] = []
        for act in previous:
            before = next((i.score for i in act.scorecard.indicators.all() if i.code == act.indicator), None)
            after = scores_now.get(act.indicator)
            change = None if before is None or after is None else after - before
            row["previous_actions"].append(
                {
                    **_action_row(act),
                    "score_before": fmt(before),
                    "score_now": fmt(after),
                    "change": fmt(change),
                }
            )
        return row

    def _review(self, request: Request, step: str) -> Response:
        scorecard = self.get_object()
        self.check_write("review", scorecard)
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scorecard = services.scorecard_review(
            scorecard=scorecard, actor=self.actor, action=step, **data.validated_data
        )
        return Response(self._detail(scorecard))

    @extend_schema(
        summary="Submit a scorecard for review", request=ReviewSerializer, responses=SCORECARD_DETAIL_SCHEMA
    )
    @action(detail=True, methods=["post"], url_path="submit-for-review")
    def submit_for_review(self, request: Request, pk: str | None = None) -> Response:
        return self._review(request, "submit_for_review")

    @extend_schema(summary="Approve a scorecard", request=ReviewSerializer, responses=SCORECARD_DETAIL_SCHEMA)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._review(request, "approve")

    @extend_schema(summary="Publish a scorecard", request=ReviewSerializer, responses=SCORECARD_DETAIL_SCHEMA)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return self._review(request, "publish")

    @extend_schema(
        summary="Recompute every scorecard (a task)",
        request=RecomputeSerializer,
        responses={202: TASK_ACCEPTED},
    )
    @action(detail=False, methods=["post"])
    def recompute(self, request: Request) -> Response:
        self.check_write("recompute")
        data = RecomputeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return start_task(
            lambda: recompute_all_scorecards.delay(period=data.validated_data.get("period")),
            owner=self.actor,
            durable=lambda: services.recompute_request(scorecards=True),
        )


def _action_row(act: ImprovementAction) -> dict[str, Any]:
    return {
        "id": act.pk,
        "scorecard": act.scorecard_id,
        "indicator": act.indicator,
        "action": act.action,
        "owner": act.owner,
        "due_date": act.due_date.isoformat(),
        "status": act.status,
    }


class TaskStatusView(APIView):
    """The state and progress of a task the caller started; anyone else's is 404."""

    @extend_schema(
        summary="Follow a task the caller started",
        responses={
            200: inline_serializer(
                "TaskStatus",
                {
                    "state": serializers.CharField(),
                    "progress": serializers.FloatField(allow_null=True),
                    "periods_done": serializers.ListField(child=serializers.IntegerField(), required=False),
                },
            )
        },
    )
    def get(self, request: Request, task_id: uuid.UUID) -> Response:
        owner = cache.get(f"task-owner:{task_id}")
        if owner is None or (
            owner != request.user.pk and not getattr(request.user, "is_platform_admin", False)
        ):
            raise NotFound("No such task.")
        result: AsyncResult[Any] = AsyncResult(str(task_id))
        try:
            state = result.state
            info = result.info if isinstance(result.info, dict) else {}
        except (RedisError, KombuOperationalError, OSError):
            return Response(
                {"detail": "Task states cannot be read just now; try again in a moment."},
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": "30"},
            )
        progress = info.get("progress")
        if state == "SUCCESS":
            progress = 1.0
        body: dict[str, Any] = {"state": state, "progress": progress}
        if "periods_done" in info:
            body["periods_done"] = info["periods_done"]
        return Response(body)


class ImprovementActionSerializer(serializers.ModelSerializer[ImprovementAction]):
    class Meta:
        model = ImprovementAction
        fields = ["id", "scorecard", "indicator", "action", "owner", "due_date", "status", "created_at"]
        read_only_fields = ["status", "created_at"]


class ImprovementActionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    policy = ImprovementActionPolicy()
    base_queryset = ImprovementAction.objects.all()
    serializer_class = ImprovementActionSerializer
    filterset_fields = ["scorecard", "indicator", "status"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        scorecard = data.pop("scorecard")
        if not ScorecardPolicy().visible(self.actor, Scorecard.objects.filter(pk=scorecard.pk)).exists():
            raise NotFound("No such scorecard.")
        if not ScorecardPolicy().can(self.actor, "improve", scorecard):
            self.permission_denied(
                request, message="Only the college's administrators record improvement actions."
            )
        act = services.improvement_action_create(scorecard=scorecard, actor=self.actor, **data)
        return Response(self.get_serializer(act).data, status=status.HTTP_201_CREATED)
