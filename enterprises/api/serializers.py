from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from accounts.api.base import HidesPeopleFromThePublic, OptionalURLField
from accounts.api.csv_import import Bulk
from accounts.models import Role, User
from colleges.models import College
from courses.api.serializers import SkillCodesField
from courses.models import Module
from enterprises.models import (
    Application,
    Deliverable,
    Enterprise,
    Flag,
    HourLog,
    MatchRequest,
    Project,
    ProjectTransition,
    TalentDemand,
)
from enterprises.permissions import ProjectPolicy
from ledger import changes

# Vetting changes only through enterprises/{id}/approve/.
VETTING_FIELDS = ["vetting", "credit_code", "contact_verified", "site_visit_on", "approved_at"]


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    website = OptionalURLField(max_length=200)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "code",
            "region",
            "industry",
            "website",
            "staff",
            *VETTING_FIELDS,
            "created_at",
        ]
        read_only_fields = [*VETTING_FIELDS, "created_at"]


class ApproveEnterpriseSerializer(serializers.Serializer[Any]):
    credit_code = serializers.CharField(
        max_length=18, help_text="The unified social credit code (18 characters, GB 32100-2015)."
    )
    contact_verified = serializers.BooleanField(
        help_text="The enterprise's contact was verified (must be true)."
    )
    site_visit_on = serializers.DateField(help_text="The date of the site visit (not in the future).")


class ProjectsTheyCanSee:
    """The ``project`` field offers only projects the person can see: any other id does not
    exist (a flag, a match request)."""

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        request = getattr(self, "context", {}).get("request")
        if request is not None and "project" in fields:
            fields["project"].queryset = ProjectPolicy().visible(request.user, Project.objects.all())
        return fields


class FlagSerializer(ProjectsTheyCanSee, serializers.ModelSerializer[Flag]):
    class Meta:
        model = Flag
        # Never who flagged it, nor who checked it: only its author and platform admins read
        # a flag at all (FlagPolicy).
        fields = [
            "id",
            "project",
            "reason",
            "state",
            "created_at",
            "cleared_at",
            "clear_note",
            "upheld_at",
            "uphold_note",
        ]
        read_only_fields = ["state", "created_at", "cleared_at", "clear_note", "upheld_at", "uphold_note"]

    state = serializers.ChoiceField(
        choices=["open", "cleared", "upheld"], read_only=True, help_text="open, cleared or upheld."
    )


class ClearFlagSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=2000, help_text="What was checked.")


class UpholdFlagSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        max_length=2000, help_text="Why the posting is withdrawn: its enterprise is told this."
    )


class ProjectTransitionSerializer(HidesPeopleFromThePublic, serializers.ModelSerializer[ProjectTransition]):
    personal_fields = ("actor",)

    class Meta:
        model = ProjectTransition
        fields = ["from_status", "to_status", "actor", "college", "note", "cause", "at"]


class ProjectSerializer(HidesPeopleFromThePublic, serializers.ModelSerializer[Project]):
    skills = SkillCodesField(many=True, required=False)
    mentor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(role=Role.ENGINEER),
        required=False,
        allow_null=True,
        help_text="The engineer of the enterprise who guides the students.",
    )
    personal_fields = ("mentor",)

    class Meta:
        model = Project
        fields = [
            "id",
            "enterprise",
            "title",
            "description",
            "skills",
            "seats",
            "visibility",
            "status",
            "college",
            "module",
            "rating",
            "feedback",
            "mentor",
            "starts_on",
            "ends_on",
            "hours_cap",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "college",
            "module",
            "rating",
            "feedback",
            "created_at",
            "updated_at",
        ]


class ProjectDetailSerializer(ProjectSerializer):
    history = ProjectTransitionSerializer(source="transitions", many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "history"]


class ProjectUpdateSerializer(ProjectSerializer):
    class Meta(ProjectSerializer.Meta):
        read_only_fields = [*ProjectSerializer.Meta.read_only_fields, "enterprise"]


class TakeOnSerializer(serializers.Serializer[Project]):
    college = serializers.PrimaryKeyRelatedField(queryset=College.objects.all())
    module = serializers.PrimaryKeyRelatedField(
        queryset=Module.objects.select_related("course"), required=False, allow_null=True
    )


class ApplySerializer(serializers.Serializer[Application]):
    motivation = serializers.CharField(max_length=5000)


class DeliverSerializer(serializers.Serializer[Deliverable]):
    summary = serializers.CharField(max_length=10000)
    link = serializers.URLField(required=False, allow_blank=True, default="")


class AcceptSerializer(serializers.Serializer[Project]):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    feedback = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class RejectSerializer(serializers.Serializer[Project]):
    feedback = serializers.CharField(max_length=10000)


class RequestChangesSerializer(serializers.Serializer[Project]):
    reason = serializers.CharField(max_length=10000)


class AbandonSerializer(serializers.Serializer[Project]):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DeliverableSerializer(serializers.ModelSerializer[Deliverable]):
    link = OptionalURLField(read_only=True)

    class Meta:
        model = Deliverable
        fields = ["id", "project", "summary", "link", "submitted_by", "submitted_at"]


class ApplicationSerializer(serializers.ModelSerializer[Application]):
    class Meta:
        model = Application
        fields = ["id", "project", "student", "motivation", "status", "decided_at", "created_at"]
        read_only_fields = fields


class TalentDemandSerializer(serializers.ModelSerializer[TalentDemand]):
    skill = SkillCodesField()
    region = serializers.CharField(max_length=100, required=False)

    class Meta:
        model = TalentDemand
        fields = ["id", "enterprise", "skill", "headcount", "region", "year", "created_at"]
        read_only_fields = ["created_at"]
        validators: list[object] = []  # the unique constraint is checked below, naming the field

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        enterprise = attrs.get("enterprise") or getattr(self.instance, "enterprise", None)
        if not attrs.get("region") and self.instance is None and isinstance(enterprise, Enterprise):
            # Region is the enterprise's region unless the row says otherwise (radar.md).
            attrs["region"] = enterprise.region
        key = {
            "enterprise": enterprise,
            "skill": attrs.get("skill") or getattr(self.instance, "skill", None),
            "region": attrs.get("region") or getattr(self.instance, "region", None),
            "year": attrs.get("year") or getattr(self.instance, "year", None),
        }
        if self.context.get("bulk"):
            return attrs  # an import checks the whole file at once (TALENT_DEMAND_IMPORT)
        clash = TalentDemand.objects.filter(**key)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"skill": ["This enterprise already states demand for this skill, region and year."]}
            )
        return attrs


TALENT_DEMAND_IMPORT = Bulk(
    TalentDemand,
    unique=("enterprise", "skill", "region", "year"),
    unique_field="skill",
    unique_message=gettext_lazy("This enterprise already states demand for this skill, region and year."),
    after=lambda rows: changes.radar_input_changed(),
)


class MatchRequestSerializer(ProjectsTheyCanSee, serializers.ModelSerializer[MatchRequest]):
    compatibility = serializers.SerializerMethodField(
        help_text="Jaccard index of the project's and the module's skill codes (|shared| / |either|), its label "
        "(great ≥ 0.60, good ≥ 0.40, fair ≥ 0.20, poor) and the skills on each side."
    )

    def get_compatibility(self, obj: MatchRequest) -> dict[str, Any]:
        from enterprises.matching import compatibility_of

        result = compatibility_of(obj.project, obj.module)
        return {**result, "score": str(result["score"])}

    class Meta:
        model = MatchRequest
        fields = [
            "id",
            "project",
            "module",
            "direction",
            "message",
            "status",
            "compatibility",
            "scope_note",
            "starts_on",
            "ends_on",
            "reply",
            "created_at",
            "decided_at",
        ]
        read_only_fields = [
            "direction",
            "status",
            "scope_note",
            "starts_on",
            "ends_on",
            "reply",
            "created_at",
            "decided_at",
        ]
        validators: list[object] = []  # the service reports a pair already waiting as a conflict


class MatchAcceptSerializer(serializers.Serializer[Any]):
    scope_note = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, help_text="A change of scope, if any."
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class MatchDeclineSerializer(serializers.Serializer[Any]):
    reply = serializers.CharField(
        max_length=2000, help_text="Why, so the other side can propose something that fits."
    )


class HourLogSerializer(ProjectsTheyCanSee, serializers.ModelSerializer[HourLog]):
    """A student's hours on a project. Hours in half hours (0.5 to 10); the limits (10 a day,
    30 an ISO week, the project's ``hours_cap``) answer 400 on ``hours`` naming the limit."""

    hours = serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal("0.5"))
    description = serializers.CharField(max_length=2000)

    class Meta:
        model = HourLog
        fields = [
            "id",
            "project",
            "student",
            "date",
            "hours",
            "description",
            "status",
            "reason",
            "decided_by",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "student",
            "status",
            "reason",
            "decided_by",
            "decided_at",
            "created_at",
            "updated_at",
        ]


class HourLogUpdateSerializer(HourLogSerializer):
    class Meta(HourLogSerializer.Meta):
        read_only_fields = [*HourLogSerializer.Meta.read_only_fields, "project"]


class RejectHoursSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=2000, help_text="Why the hours are rejected: the student reads it."
    )
