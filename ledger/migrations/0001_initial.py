"""The ledger takes over the evaluation app's schemes, indicators and evidence.

The tables already exist (made by evaluation's migrations): this migration only tells
Django's state that the models now belong here. ``0002`` then renames the tables.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('colleges', '0003_lifelong'),
        ('evaluation', '0003_radar'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Evidence',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('indicator', models.SlugField(max_length=60, verbose_name='indicator')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=16, verbose_name='value')),
                        ('base', models.DecimalField(decimal_places=4, default=Decimal('1'), max_digits=16, verbose_name='base')),
                        ('occurred_on', models.DateField(verbose_name='occurred on')),
                        ('period', models.PositiveSmallIntegerField(editable=False, verbose_name='period')),
                        ('source', models.CharField(choices=[('platform', 'Platform'), ('manual', 'Manual')], max_length=10, verbose_name='source')),
                        ('status', models.CharField(choices=[('submitted', 'Submitted'), ('verified', 'Verified'), ('rejected', 'Rejected')], default='submitted', max_length=10, verbose_name='status')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('attachment', models.URLField(blank=True, verbose_name='attachment link')),
                        ('verified_at', models.DateTimeField(blank=True, null=True)),
                        ('event_key', models.CharField(blank=True, max_length=120)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('college', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='colleges.college', verbose_name='college')),
                        ('industry_college', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='colleges.industrycollege', verbose_name='industry college')),
                        ('major', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evidence', to='colleges.major', verbose_name='major')),
                        ('submitted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('supersedes', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='superseded_by', to='ledger.evidence')),
                        ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'evaluation_evidence',
                        'verbose_name': 'evidence',
                        'verbose_name_plural': 'evidence',
                        'ordering': ['-occurred_on', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='EvidenceChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(max_length=20)),
                        ('before', models.JSONField(blank=True, default=dict)),
                        ('after', models.JSONField(blank=True, default=dict)),
                        ('at', models.DateTimeField(auto_now_add=True)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('evidence', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='ledger.evidence')),
                    ],
                    options={
                        'db_table': 'evaluation_evidencechange',
                        'verbose_name': 'evidence change',
                        'verbose_name_plural': 'evidence changes',
                        'ordering': ['at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Scheme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                        ('is_active', models.BooleanField(default=False, verbose_name='active')),
                        ('weight_technology', models.DecimalField(decimal_places=3, default=Decimal('0.35'), max_digits=4)),
                        ('weight_competence', models.DecimalField(decimal_places=3, default=Decimal('0.40'), max_digits=4)),
                        ('weight_service', models.DecimalField(decimal_places=3, default=Decimal('0.25'), max_digits=4)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'db_table': 'evaluation_scheme',
                        'verbose_name': 'scheme',
                        'verbose_name_plural': 'schemes',
                        'ordering': ['-is_active', 'code'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('is_active', True)), fields=('is_active',), name='scheme_one_active'), models.CheckConstraint(condition=models.Q(('weight_competence__gte', 0), ('weight_service__gte', 0), ('weight_technology__gte', 0)), name='scheme_weights_not_negative')],
                    },
                ),
                migrations.CreateModel(
                    name='Indicator',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=60, verbose_name='code')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('dimension', models.CharField(choices=[('technology', 'Technology contribution'), ('competence', 'Job competence'), ('service', 'Social service')], max_length=20, verbose_name='dimension')),
                        ('aggregation', models.CharField(choices=[('sum', 'Sum'), ('count', 'Count'), ('mean', 'Mean'), ('ratio', 'Ratio')], max_length=10, verbose_name='aggregation')),
                        ('direction', models.CharField(choices=[('higher_better', 'Higher is better'), ('lower_better', 'Lower is better')], max_length=20, verbose_name='direction')),
                        ('target', models.DecimalField(decimal_places=4, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0.0001'))], verbose_name='target')),
                        ('weight', models.DecimalField(decimal_places=4, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0.0001'))], verbose_name='weight')),
                        ('unit', models.CharField(blank=True, max_length=40, verbose_name='unit')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('source', models.CharField(choices=[('platform', 'Platform'), ('manual', 'Manual')], default='manual', max_length=10, verbose_name='usual source')),
                        ('scheme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='ledger.scheme', verbose_name='scheme')),
                    ],
                    options={
                        'db_table': 'evaluation_indicator',
                        'verbose_name': 'indicator',
                        'verbose_name_plural': 'indicators',
                        'ordering': ['scheme_id', 'dimension', 'id'],
                    },
                ),
                migrations.AddIndex(
                    model_name='evidence',
                    index=models.Index(fields=['college', 'status'], name='evaluation__college_5ac44c_idx'),
                ),
                migrations.AddIndex(
                    model_name='evidence',
                    index=models.Index(fields=['indicator', 'status'], name='evaluation__indicat_b55693_idx'),
                ),
                migrations.AddIndex(
                    model_name='evidence',
                    index=models.Index(condition=models.Q(('status', 'verified')), fields=['period', 'college', 'major', 'industry_college', 'indicator'], include=('value', 'base'), name='evidence_recompute_covering'),
                ),
                migrations.AddConstraint(
                    model_name='evidence',
                    constraint=models.CheckConstraint(condition=models.Q(('base__gt', 0)), name='evidence_base_positive'),
                ),
                migrations.AddConstraint(
                    model_name='evidence',
                    constraint=models.CheckConstraint(condition=models.Q(('period__gte', 1900), ('period__lte', 2200)), name='evidence_period_sane'),
                ),
                migrations.AddConstraint(
                    model_name='evidence',
                    constraint=models.UniqueConstraint(condition=models.Q(('event_key', ''), _negated=True), fields=('event_key', 'indicator'), name='evidence_one_row_per_platform_event'),
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.UniqueConstraint(fields=('scheme', 'code'), name='indicator_code_unique_in_scheme'),
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.CheckConstraint(condition=models.Q(('target__gt', 0)), name='indicator_target_positive'),
                ),
                migrations.AddConstraint(
                    model_name='indicator',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='indicator_weight_positive'),
                ),
                ],
        ),
    ]
