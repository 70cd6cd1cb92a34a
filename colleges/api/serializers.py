from decimal import Decimal

from rest_framework import serializers

from accounts.api.base import OptionalURLField
from accounts.models import User
from colleges.models import Cohort, College, DualPosition, IndustryCollege, Major, PracticeLog


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
    class Meta:
        model = IndustryCollege
        fields = ["id", "college", "name", "enterprises", "created_at"]
        read_only_fields = ["created_at"]
        extra_kwargs = {"enterprises": {"required": False}}


class CohortSerializer(serializers.ModelSerializer[Cohort]):
    class Meta:
        model = Cohort
        fields = ["id", "major", "year", "graduates"]


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
