from decimal import Decimal

from rest_framework import serializers

from accounts.api.base import OptionalURLField
from ledger.models import Evidence, EvidenceChange, Indicator, Scheme


class SchemeSerializer(serializers.ModelSerializer[Scheme]):
    class Meta:
        model = Scheme
        fields = [
            "id",
            "code",
            "name",
            "version",
            "is_active",
            "weight_technology",
            "weight_competence",
            "weight_service",
        ]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    class Meta:
        model = Indicator
        fields = [
            "id",
            "scheme",
            "code",
            "name",
            "dimension",
            "aggregation",
            "direction",
            "target",
            "weight",
            "unit",
            "min_value",
            "max_value",
            "description",
            "source",
        ]
        read_only_fields = [f for f in fields if f not in ("target", "weight")]
        extra_kwargs = {
            "target": {"min_value": Decimal("0.0001")},
            "weight": {"min_value": Decimal("0.0001")},
        }


class EvidenceChangeSerializer(serializers.ModelSerializer[EvidenceChange]):
    class Meta:
        model = EvidenceChange
        fields = ["action", "actor", "before", "after", "at"]


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    attachment = OptionalURLField(read_only=True)
    note = serializers.CharField(
        source="note_shown", read_only=True, help_text="In the reader's language when the platform wrote it."
    )

    class Meta:
        model = Evidence
        fields = [
            "id",
            "indicator",
            "college",
            "major",
            "industry_college",
            "value",
            "base",
            "occurred_on",
            "source",
            "status",
            "note",
            "attachment",
            "submitted_by",
            "verified_by",
            "verified_at",
            "created_at",
        ]
        read_only_fields = fields


class EvidenceDetailSerializer(EvidenceSerializer):
    history = EvidenceChangeSerializer(source="changes", many=True, read_only=True)

    class Meta(EvidenceSerializer.Meta):
        fields = [*EvidenceSerializer.Meta.fields, "history"]
        read_only_fields = fields


class EvidenceCreateSerializer(serializers.ModelSerializer[Evidence]):
    """What a college records. Its subjects are the college's own rows; the relations are the
    model's, so the ledger names no app above it."""

    attachment = OptionalURLField(max_length=200)

    base = serializers.DecimalField(
        max_digits=16, decimal_places=4, required=False, default=Decimal(1), min_value=Decimal("0.0001")
    )

    class Meta:
        model = Evidence
        fields = [
            "indicator",
            "college",
            "major",
            "industry_college",
            "value",
            "base",
            "occurred_on",
            "note",
            "attachment",
        ]
        extra_kwargs = {
            "major": {"required": False, "allow_null": True, "default": None},
            "industry_college": {"required": False, "allow_null": True, "default": None},
            "note": {"max_length": 5000, "required": False, "allow_blank": True, "default": ""},
        }


class DecisionSerializer(serializers.Serializer[Evidence]):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
