from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from accounts.api.base import HidesPeopleFromThePublic
from accounts.api.csv_import import Bulk
from courses.models import Course, CreditTransaction, Enrollment, Module, Offering, Skill, SkillCrosswalk


class SkillCodesField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(slug_field="code", queryset=Skill.objects.all(), **kwargs)  # type: ignore[arg-type]


class SkillSerializer(serializers.ModelSerializer[Skill]):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "name_zh", "description", "esco_uri", "occupation_code"]


class SkillCrosswalkSerializer(serializers.ModelSerializer[SkillCrosswalk]):
    skill = SkillCodesField(help_text="The skill's code in the portal's taxonomy.")

    class Meta:
        model = SkillCrosswalk
        fields = ["id", "skill", "esco_uri", "occupation_code", "match"]
        validators: list[object] = []  # a repeated row is named by the service (409) or the import

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        def value(name: str) -> Any:
            return attrs.get(name, getattr(self.instance, name, ""))

        if not value("esco_uri") and not value("occupation_code"):
            raise serializers.ValidationError(
                {"esco_uri": [_("Name an ESCO URI or a national occupation code (or both).")]}
            )
        return attrs


SKILL_CROSSWALK_IMPORT = Bulk(
    SkillCrosswalk,
    unique=("skill", "esco_uri", "occupation_code"),
    unique_field="skill",
    unique_message=gettext_lazy("This correspondence is recorded already."),
)


class CourseSerializer(serializers.ModelSerializer[Course]):
    class Meta:
        model = Course
        fields = ["id", "college", "major", "code", "title", "description"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        college = attrs.get("college") or getattr(self.instance, "college", None)
        major = attrs.get("major", getattr(self.instance, "major", None))
        if major is not None and major.college_id != getattr(college, "pk", None):
            raise serializers.ValidationError({"major": ["The major belongs to another college."]})
        code = attrs.get("code") or getattr(self.instance, "code", None)
        clash = Course.objects.filter(college=college, code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(
                {"code": ["A course with this code already exists in the college."]}
            )
        return attrs


class ModuleSerializer(serializers.ModelSerializer[Module]):
    skills = SkillCodesField(many=True, required=False)
    credits = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("0.5"), max_value=Decimal(30)
    )

    class Meta:
        model = Module
        fields = ["id", "course", "title", "credits", "skills", "description"]


class OfferingSerializer(HidesPeopleFromThePublic, serializers.ModelSerializer[Offering]):
    free_seats = serializers.IntegerField(read_only=True)
    personal_fields = ("teacher",)

    class Meta:
        model = Offering
        fields = ["id", "module", "term", "capacity", "enrolled", "free_seats", "teacher"]
        read_only_fields = ["enrolled"]
        validators: list[object] = []

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        module = attrs.get("module") or getattr(self.instance, "module", None)
        term = attrs.get("term") or getattr(self.instance, "term", None)
        clash = Offering.objects.filter(module=module, term=term)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
            capacity = attrs.get("capacity")
            if capacity is not None and capacity < self.instance.enrolled:
                raise serializers.ValidationError(
                    {"capacity": [f"{self.instance.enrolled} seats are already taken."]}
                )
        if clash.exists():
            raise serializers.ValidationError({"term": ["This module is already offered in that term."]})
        teacher = attrs.get("teacher")
        if (
            teacher is not None
            and module is not None
            and (teacher.role != "teacher" or teacher.college_id != module.course.college_id)
        ):
            raise serializers.ValidationError(
                {"teacher": ["The teacher must teach at the module's college."]}
            )
        return attrs


class EnrollmentSerializer(serializers.ModelSerializer[Enrollment]):
    class Meta:
        model = Enrollment
        fields = ["id", "offering", "learner", "status", "grade", "passed", "enrolled_at", "completed_at"]
        read_only_fields = fields


class CompleteSerializer(serializers.Serializer[Enrollment]):
    grade = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100)
    passed = serializers.BooleanField()


class CreditTransactionSerializer(serializers.ModelSerializer[CreditTransaction]):
    class Meta:
        model = CreditTransaction
        fields = [
            "id",
            "learner",
            "credits",
            "kind",
            "source",
            "module",
            "reverses",
            "posted_at",
            "posted_by",
        ]
        read_only_fields = fields
