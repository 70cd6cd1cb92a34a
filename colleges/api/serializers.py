from decimal import Decimal

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from accounts.api.base import OptionalURLField
from accounts.api.csv_import import Bulk
from accounts.models import User
from colleges.models import Cohort, College, DualPosition, IndustryCollege, Major, Partnership, PracticeLog
from ledger import changes


class CollegeSerializer(serializers.ModelSerializer[College]):
    website = OptionalURLField(max_length=200)

    class Meta:
        model = College
        fields = ["id", "name", "code", "region", "website", "created_at"]
        read_only_fields = ["created_at"]


class MajorSerializer(serializers.ModelSerializer[Major]):
    class Meta:
        model = Major
        fields = ["id", "college", "name", "code", "status"]
        read_only_fields = ["status"]


class IndustryCollegeSerializer(serializers.ModelSerializer[IndustryCollege]):
    enterprises = serializers.PrimaryKeyRelatedField(
        many=True,
        required=False,
        # The enterprise model, known through the relation (this layer does not import it).
        queryset=IndustryCollege._meta.get_field("enterprises").related_model._default_manager.all(),
        help_text=(
            "The partner enterprises. Naming an enterprise that is not yet a partner invites it "
            "(see partnerships/): it becomes a partner only once one of its engineers accepts. "
            "Leaving out a partner ends the partnership."
        ),
    )
    invited = serializers.SerializerMethodField(help_text="Enterprises invited and not yet answering.")

    class Meta:
        model = IndustryCollege
        fields = ["id", "college", "name", "enterprises", "invited", "created_at"]
        read_only_fields = ["created_at"]

    def get_invited(self, obj: IndustryCollege) -> list[int]:
        return sorted(
            p.enterprise_id for p in obj.partnerships.all() if p.status == Partnership.Status.PROPOSED
        )


class PartnershipSerializer(serializers.ModelSerializer[Partnership]):
    class Meta:
        model = Partnership
        fields = ["id", "industry_college", "enterprise", "status", "proposed_at", "decided_at"]
        read_only_fields = ["status", "proposed_at", "decided_at"]
        validators: list[object] = []  # the service answers an invitation already open with 409


class CohortSerializer(serializers.ModelSerializer[Cohort]):
    class Meta:
        model = Cohort
        fields = ["id", "major", "year", "graduates"]


COHORT_IMPORT = Bulk(
    Cohort,
    unique=("major", "year"),
    unique_field="year",
    unique_message=gettext_lazy("This major already has a cohort for this year."),
    after=lambda rows: changes.radar_input_changed(),
)


class DualPositionSerializer(serializers.ModelSerializer[DualPosition]):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())

    class Meta:
        model = DualPosition
        fields = [
            "id",
            "user",
            "enterprise",
            "role",
            "title",
            "start_date",
            "end_date",
            "status",
            "proposed_by",
            "recognized_by",
            "recognized_at",
            "created_at",
        ]
        read_only_fields = [
            "end_date",
            "status",
            "proposed_by",
            "recognized_by",
            "recognized_at",
            "created_at",
        ]


class PracticeLogSerializer(serializers.ModelSerializer[PracticeLog]):
    enterprise = serializers.IntegerField(source="dual_position.enterprise_id", read_only=True)
    teacher = serializers.IntegerField(source="dual_position.user_id", read_only=True)

    class Meta:
        model = PracticeLog
        fields = [
            "id",
            "dual_position",
            "enterprise",
            "teacher",
            "date",
            "hours",
            "description",
            "status",
            "confirmed_by",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = fields


class PracticeLogCreateSerializer(serializers.Serializer[PracticeLog]):
    # The enterprise of one of the teacher's active dual positions (its id).
    enterprise = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    date = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=Decimal("0.25"), max_value=Decimal(24)
    )
    description = serializers.CharField(max_length=5000)
