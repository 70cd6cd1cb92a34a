"""The feedback and endorsements API.

``feedback/`` lists the feedback owed on accepted projects; ``rate-student/`` is the
engineer's side, ``rate-project/`` the student's (each again to change it while open; 409
once closed). What a reader gets of the other side follows ``feedback.services``: nothing
until both have written or the window has closed.

``endorsements/``: an engineer endorses a skill of an intern they mentor (POST); the learner
``hide/``s or ``show/``s any of theirs and ``issue/``s one as an Open Badges 3.0
``EndorsementCredential`` (its signed JSON-LD at ``credential/`` and at its public address).
"""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.viewsets import ScopedViewSet
from accounts.models import User
from apprenticeship.models import Apprenticeship
from courses.models import Skill
from internships.models import Internship

from .. import badges, services
from ..models import Endorsement, Feedback
from ..permissions import EndorsementPolicy, FeedbackPolicy


def feedback_data(feedback: Feedback, user: User) -> dict[str, Any]:
    """A feedback as ``user`` may read it."""
    data: dict[str, Any] = {
        "id": feedback.pk,
        "project": feedback.project_id,
        "student": feedback.student_id,
        "state": feedback.state,
        "opened_at": feedback.opened_at,
        "closes_at": feedback.closes_at,
        "engineer_submitted": feedback.engineer_submitted_at is not None,
        "student_submitted": feedback.student_submitted_at is not None,
        "visible": feedback.visible,
    }
    if services.engineer_side_for(feedback, user):
        data |= {
            "engineer": feedback.engineer_id,
            "rating": feedback.student_rating,
            "skills": {str(r.skill_id): r.rating for r in feedback.skill_ratings.all()},
            "comment_to_student": feedback.engineer_comment,
            "engineer_submitted_at": feedback.engineer_submitted_at,
        }
    if services.private_note_for(feedback, user):
        data["private_note"] = feedback.private_note
    if services.student_side_for(feedback, user):
        data |= {
            "project_rating": feedback.project_rating,
            "mentor_rating": feedback.mentor_rating,
            "comment_to_enterprise": feedback.student_comment,
            "student_submitted_at": feedback.student_submitted_at,
        }
    return data


class RateStudentSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(help_text="1–5, the student's work overall.")
    skills = serializers.DictField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Skill id → 1–5, for skills of the project; ratings of 3 or more endorse the skill.",
    )
    comment = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="The student reads it."
    )
    private_note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Only the student's college reads it; it is in the student's data export.",
    )


class RateProjectSerializer(serializers.Serializer[Any]):
    project_rating = serializers.IntegerField(help_text="1–5.")
    mentor_rating = serializers.IntegerField(help_text="1–5.")
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Feedback on accepted projects, one per student: the engineer's and the student's sides,
    each hidden from the other until both are written or 10 days have passed."""

    policy = FeedbackPolicy()
    base_queryset = Feedback.objects.select_related("project", "student").prefetch_related("skill_ratings")
    filterset_fields = ["project", "student"]
    ordering_fields = ["opened_at", "closes_at"]
    serializer_class = RateStudentSerializer  # the schema's; answers are ``feedback_data``

    @extend_schema(operation_id="v1_feedback_list", responses=OpenApiTypes.OBJECT)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = [feedback_data(f, self.actor) for f in (page if page is not None else queryset)]
        return self.get_paginated_response(rows) if page is not None else Response(rows)

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(feedback_data(self.get_object(), self.actor))

    @extend_schema(
        summary="The engineer rates the student", request=RateStudentSerializer, responses=OpenApiTypes.OBJECT
    )
    @action(detail=True, methods=["post"], url_path="rate-student")
    def rate_student(self, request: Request, pk: str | None = None) -> Response:
        feedback = self.get_object()
        self.check_write("rate_student", feedback)
        body = RateStudentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        feedback = services.feedback_rate_student(
            feedback=feedback,
            actor=self.actor,
            rating=data["rating"],
            skills=data.get("skills", {}),
            comment=data.get("comment", ""),
            private_note=data.get("private_note", ""),
        )
        return Response(feedback_data(feedback, self.actor))

    @extend_schema(
        summary="The student rates the project and the mentor",
        request=RateProjectSerializer,
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["post"], url_path="rate-project")
    def rate_project(self, request: Request, pk: str | None = None) -> Response:
        feedback = self.get_object()
        self.check_write("rate_project", feedback)
        body = RateProjectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        feedback = services.feedback_rate_project(
            feedback=feedback,
            actor=self.actor,
            project_rating=data["project_rating"],
            mentor_rating=data["mentor_rating"],
            comment=data.get("comment", ""),
        )
        return Response(feedback_data(feedback, self.actor))


class EndorsementSerializer(serializers.ModelSerializer[Endorsement]):
    learner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    skill = serializers.PrimaryKeyRelatedField(queryset=Skill.objects.all())
    internship = serializers.PrimaryKeyRelatedField(
        queryset=Internship.objects.all(),
        required=False,
        allow_null=True,
        help_text="An internship you mentor.",
    )
    apprenticeship = serializers.PrimaryKeyRelatedField(
        queryset=Apprenticeship.objects.all(),
        required=False,
        allow_null=True,
        help_text="An apprenticeship you mentor (instead of an internship).",
    )
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    credential = serializers.SerializerMethodField()

    class Meta:
        model = Endorsement
        fields = [
            "id",
            "learner",
            "skill",
            "enterprise",
            "endorsed_by",
            "source",
            "feedback",
            "internship",
            "apprenticeship",
            "rating",
            "comment",
            "created_at",
            "hidden",
            "issued_at",
            "revoked_at",
            "credential",
        ]
        read_only_fields = [
            "enterprise",
            "endorsed_by",
            "source",
            "feedback",
            "created_at",
            "hidden",
            "issued_at",
            "revoked_at",
            "credential",
        ]
        validators: list[Any] = []

    def get_credential(self, endorsement: Endorsement) -> str | None:
        request = self.context.get("request")
        if endorsement.issued_at is None or request is None:
            return None
        return badges.credential_url(endorsement, request.build_absolute_uri("/").rstrip("/"))


class EndorsementViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Skills engineers endorse in the learners they mentored."""

    policy = EndorsementPolicy()
    http_method_names = ["get", "post", "head", "options"]
    base_queryset = Endorsement.objects.select_related("skill", "enterprise", "feedback__project", "learner")
    serializer_class = EndorsementSerializer
    filterset_fields = ["learner", "skill", "enterprise", "source", "hidden"]
    ordering_fields = ["created_at"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.check_write("create", {})
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.endorsement_create(
            actor=self.actor,
            learner=data["learner"],
            skill=data["skill"],
            internship=data.get("internship"),
            apprenticeship=data.get("apprenticeship"),
            comment=data.get("comment", ""),
            rating=data.get("rating"),
        )

    def _own(self, name: str) -> Endorsement:
        endorsement: Endorsement = self.get_object()
        self.check_write(name, endorsement)
        return endorsement

    def _answer(self, endorsement: Endorsement) -> Response:
        return Response(EndorsementSerializer(endorsement, context={"request": self.request}).data)

    @extend_schema(
        summary="Hide an endorsement from public view", request=None, responses=EndorsementSerializer
    )
    @action(detail=True, methods=["post"])
    def hide(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(
            services.endorsement_set_hidden(endorsement=self._own("hide"), actor=self.actor, hidden=True)
        )

    @extend_schema(
        summary="Show an endorsement publicly again", request=None, responses=EndorsementSerializer
    )
    @action(detail=True, methods=["post"])
    def show(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(
            services.endorsement_set_hidden(endorsement=self._own("show"), actor=self.actor, hidden=False)
        )

    @extend_schema(
        summary="The learner agrees: issue it as an Open Badges 3.0 EndorsementCredential",
        request=None,
        responses={201: EndorsementSerializer},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str | None = None) -> Response:
        endorsement = services.endorsement_issue(endorsement=self._own("issue"), actor=self.actor)
        response = self._answer(endorsement)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        summary="The learner withdraws the credential (revoked in the enterprise's list)",
        request=None,
        responses=EndorsementSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.endorsement_revoke(endorsement=self._own("revoke"), actor=self.actor))

    @extend_schema(summary="The signed EndorsementCredential (JSON-LD)", responses=OpenApiTypes.OBJECT)
    @action(detail=True, methods=["get"])
    def credential(self, request: Request, pk: str | None = None) -> Response:
        endorsement: Endorsement = self.get_object()
        if endorsement.issued_at is None:
            raise NotFound
        return Response(badges.signed_credential(endorsement, request.build_absolute_uri("/").rstrip("/")))
