"""Install the default scheme `default-2026` of evaluation.md as the active scheme."""

from decimal import Decimal

from django.db import migrations

# (dimension, code, name, aggregation, direction, target, weight, source, unit)
DEFAULT_2026 = [
    ("technology", "project_delivery_rate", "Project delivery rate", "ratio", "higher_better", "0.9", "2", "platform", "ratio"),
    ("technology", "projects_accepted", "Enterprise projects accepted", "count", "higher_better", "20", "1", "platform", "projects"),
    ("technology", "enterprise_rating", "Enterprise rating of delivered projects", "mean", "higher_better", "4.5", "1", "platform", "1–5"),
    ("technology", "patents_transferred", "Patents transferred", "count", "higher_better", "5", "1", "manual", "patents"),
    ("technology", "standards_contributed", "Standards contributed", "count", "higher_better", "2", "1", "manual", "standards"),
    ("competence", "employment_in_field_rate", "Employment in field", "ratio", "higher_better", "0.95", "2", "platform", "ratio"),
    ("competence", "employer_rating", "Employer rating of graduates", "mean", "higher_better", "4.5", "2", "platform", "1–5"),
    ("competence", "dual_certificate_rate", "Graduates with an industry certificate", "ratio", "higher_better", "0.8", "1", "platform", "ratio"),
    ("competence", "adaptation_days", "Days to independent work", "mean", "lower_better", "30", "1", "platform", "days"),
    ("service", "training_hours", "Training hours for people outside the college", "sum", "higher_better", "2000", "2", "platform", "hours"),
    ("service", "smes_served", "SMEs served", "count", "higher_better", "30", "1", "manual", "SMEs"),
    ("service", "transfer_income", "Technology transfer income", "sum", "higher_better", "1000000", "1", "manual", "CNY"),
    ("service", "external_credentials", "Micro-credentials for external learners", "count", "higher_better", "200", "1", "platform", "credentials"),
    ("service", "dual_practice_hours", "Dual-position practice hours", "sum", "higher_better", "3000", "1", "platform", "hours"),
]


def install(apps, schema_editor):
    Scheme = apps.get_model("evaluation", "Scheme")
    Indicator = apps.get_model("evaluation", "Indicator")
    scheme, _ = Scheme.objects.get_or_create(
        code="default-2026",
        defaults={
            "name": "Default scheme 2026",
            "version": 1,
            "is_active": not Scheme.objects.filter(is_active=True).exists(),
            "weight_technology": Decimal("0.35"),
            "weight_competence": Decimal("0.40"),
            "weight_service": Decimal("0.25"),
        },
    )
    for dimension, code, name, aggregation, direction, target, weight, source, unit in DEFAULT_2026:
        Indicator.objects.get_or_create(
            scheme=scheme,
            code=code,
            defaults={
                "name": name,
                "dimension": dimension,
                "aggregation": aggregation,
                "direction": direction,
                "target": Decimal(target),
                "weight": Decimal(weight),
                "source": source,
                "unit": unit,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
