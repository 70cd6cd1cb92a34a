"""The industry radar's API (radar.md): skills, majors, committee decisions, recompute."""

from typing import Any, cast

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.viewsets import ScopedViewSet
from accounts.models import Role, User
from accounts.policies import is_platform_admin
from colleges.models import Major
from colleges.permissions import MajorPolicy
from courses.models import Skill
from evaluation import services
from evaluation.models import MajorDecision, RadarMajor, RadarSkill
from evaluation.permissions import may_recompute_radar
from evaluation.services import major_decide
from evaluation.tasks import recompute_radar_task
from internships.figures import internship_places
from outcomes.figures import graduates_supplied

from .scorecards import TASK_ACCEPTED, fmt, start_task


class MajorDecisionSerializer(serializers.ModelSerializer[MajorDecision]):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    reason = serializers.CharField(max_length=5000)

    class Meta:
        model = MajorDecision
        fields = ["id", "major", "year", "decision", "reason", "recommendation", "decided_by", "decided_at"]
        read_only_fields = ["major", "recommendation", "decided_by", "decided_at"]


class SkillQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    region = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class MajorQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    college = serializers.IntegerField(min_value=1, required=False)


SKILL_ROW = inline_serializer(
    "RadarSkillRow",
    {
        "skill": serializers.CharField(),
        "name": serializers.CharField(),
        "demand": serializers.IntegerField(),
        "supply": serializers.IntegerField(),
        "gap_ratio": serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True),
        "status": serializers.ChoiceField(choices=RadarSkill.Status.choices),
        "forecast_next_year": serializers.IntegerField(),
        "enterprises": serializers.IntegerField(),
        "demand_rows": serializers.IntegerField(),
        "single_enterprise": serializers.BooleanField(),
        "internship_places": serializers.IntegerField(),
        "graduates_supplied": serializers.IntegerField(
            help_text="Graduates of the year employed in the region whose major teaches the skill."
        ),
    },
    many=True,
)

MAJOR_ROW = inline_serializer(
    "RadarMajorRow",
    {
        "major": serializers.IntegerField(),
        "name": serializers.CharField(),
        "college": serializers.IntegerField(),
        "alignment": serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True),
        "status": serializers.ChoiceField(choices=RadarMajor.Status.choices),
        "skills": serializers.ListField(child=serializers.CharField()),
        "decision": serializers.CharField(allow_null=True),
    },
    many=True,
)


class RadarSkillsView(APIView):
    """Demand against supply per skill for a year and region (all regions when omitted).

    Demand is what enterprises state (a proxy for hiring): each figure says how many
    enterprises and rows it rests on, and whether a single enterprise is behind it.
    """

    @extend_schema(summary="Demand against supply per skill", parameters=[SkillQuery], responses=SKILL_ROW)
    def get(self, request: Request) -> Response:
        query = SkillQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = (
            RadarSkill.objects.filter(
                year=query.validated_data["year"], region=query.validated_data["region"]
            )
            .select_related("skill")
            .order_by("-demand", "skill__code")
        )
        places = internship_places(query.validated_data["year"], query.validated_data["region"])
        graduates = graduates_supplied(query.validated_data["year"], query.validated_data["region"])
        return Response(
            [
                {
                    "skill": r.skill.code,
                    "name": r.skill.name,
                    "name_zh": r.skill.name_zh,
                    "demand": r.demand,
                    "supply": r.supply,
                    "gap_ratio": fmt(r.gap_ratio),
                    "status": r.status,
                    "forecast_next_year": r.forecast_next_year,
                    "enterprises": r.enterprises,
                    "demand_rows": r.demand_rows,
                    "single_enterprise": r.single_enterprise,
                    "internship_places": places.get(r.skill_id, 0),
                    "graduates_supplied": graduates.get(r.skill_id, 0),
                }
                for r in rows
            ]
        )


class RadarMajorsView(APIView):
    """Each major's alignment with its region's demand, and the radar's recommendation.

    College administrators and teachers see their own college's majors only.
    """

    @extend_schema(
        summary="Each major's alignment and the radar's advice", parameters=[MajorQuery], responses=MAJOR_ROW
    )
    def get(self, request: Request) -> Response:
        query = MajorQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        rows = (
            RadarMajor.objects.filter(year=year)
            .select_related("major")
            .order_by("major__college_id", "major__code")
        )
        user = cast(User, request.user)
        if user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and not is_platform_admin(user):
            rows = rows.filter(major__college_id=user.college_id or 0)
        if "college" in query.validated_data:
            rows = rows.filter(major__college_id=query.validated_data["college"])
        rows = rows.prefetch_related(
            Prefetch("major__courses__modules__skills", queryset=Skill.objects.order_by("code")),
            Prefetch(
                "major__decisions", queryset=MajorDecision.objects.filter(year=year).order_by("-decided_at")
            ),
        )
        result = []
        for r in rows:
            skills = sorted(
                {s.code for c in r.major.courses.all() for m in c.modules.all() for s in m.skills.all()}
            )
            decisions = list(r.major.decisions.all())
            result.append(
                {
                    "major": r.major_id,
                    "name": r.major.name,
                    "college": r.major.college_id,
                    "alignment": fmt(r.alignment),
                    "status": r.status,
                    "skills": skills,
                    "decision": decisions[0].decision if decisions else None,
                }
            )
        return Response(result)


class RadarRecomputeView(APIView):
    """Rebuild the radar now (it also runs nightly and after demand or cohort changes)."""

    @extend_schema(
        summary="Rebuild the radar (a task)",
        request=None,
        responses={202: TASK_ACCEPTED},
    )
    def post(self, request: Request) -> Response:
        user = cast(User, request.user)
        if not may_recompute_radar(user):
            raise PermissionDenied(
                "Only platform admins, evaluators and college administrators recompute the radar."
            )
        return start_task(
            recompute_radar_task.delay, owner=user, durable=lambda: services.recompute_request(radar=True)
        )


class MajorDecisionViewSet(ScopedViewSet):
    """Mounted under majors/{id}/: the professional committee's decisions on the radar's
    recommendation (radar.md). The major's scope is the majors resource's own."""

    policy = MajorPolicy()
    base_queryset = Major.objects.all()
    serializer_class = MajorDecisionSerializer
    # A major's decisions, one or a few a year: the whole list, no pages.
    pagination_class = None
    filter_backends: list[type] = []

    @extend_schema(
        methods=["GET"],
        summary="List the committee's decisions on a major",
        request=None,
        responses=MajorDecisionSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Record the committee's decision on a major",
        request=MajorDecisionSerializer,
        responses={201: MajorDecisionSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        major = self.get_object()
        if request.method == "GET":
            return Response(MajorDecisionSerializer(major.decisions.all(), many=True).data)
        self.check_write("decide", major)
        data = MajorDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decision = major_decide(major=major, actor=self.actor, **data.validated_data)
        return Response(MajorDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)
