import datetime
from decimal import Decimal
from typing import Any

import factory

from accounts.models import LearnerProfile, Role, User
from colleges.models import Cohort, College, DualPosition, IndustryCollege, Major
from courses.models import Course, Module, Offering, Skill
from enterprises.models import Enterprise, Project, TalentDemand

PASSWORD = "a-Strong-pass-2026"


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = College

    name = factory.Sequence(lambda n: f"College {n}")
    code = factory.Sequence(lambda n: f"college-{n}")
    region = "Guangdong"


class MajorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Major

    college = factory.SubFactory(CollegeFactory)
    name = factory.Sequence(lambda n: f"Major {n}")
    code = factory.Sequence(lambda n: f"major-{n}")


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"Enterprise {n}")
    code = factory.Sequence(lambda n: f"enterprise-{n}")
    region = "Guangdong"
    industry = "robotics"
    vetting = "approved"


class IndustryCollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndustryCollege

    college = factory.SubFactory(CollegeFactory)
    name = factory.Sequence(lambda n: f"Industry college {n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    major = factory.SubFactory(MajorFactory)
    year = 2026
    graduates = 40


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.STUDENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()
            if self.role == Role.STUDENT:
                LearnerProfile.objects.get_or_create(user=self, defaults={"college": self.college})


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.LazyAttribute(lambda s: s.code.replace("-", " ").title())


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    college = factory.SubFactory(CollegeFactory)
    code = factory.Sequence(lambda n: f"C{n:03d}")
    title = factory.Sequence(lambda n: f"Course {n}")


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    credits = Decimal("4.0")


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    module = factory.SubFactory(ModuleFactory)
    term = factory.Sequence(lambda n: f"2026-t{n}")
    capacity = 10


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    description = "A real plant project."
    seats = 2
    visibility = Project.Visibility.PUBLIC
    status = Project.Status.DRAFT


class TalentDemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentDemand

    enterprise = factory.SubFactory(EnterpriseFactory)
    skill = factory.SubFactory(SkillFactory)
    headcount = 10
    region = "Guangdong"
    year = 2026


class DualPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DualPosition

    enterprise = factory.SubFactory(EnterpriseFactory)
    role = DualPosition.Role.ENGINEER
    title = "Part-time engineer"
    start_date = datetime.date(2025, 1, 1)


def job_review_and_certificate(world: Any, learner: User) -> None:
    """A confirmed job at enterprise X with its review (both evidence for the learner's
    college), and a certificate: records of a graduate that export and erasure must find."""
    from courses.models import Certificate, CertificateType
    from enterprises import careers

    job = careers.employment_create(
        actor=world.engineer_x,
        learner=learner,
        enterprise=world.enterprise_x,
        position="Cell technician",
        start_date="2026-07-01",
        in_field=True,
    )
    careers.employment_confirm(employment=job, actor=learner)
    careers.performance_review_create(
        actor=world.engineer_x,
        employment=job,
        period=2026,
        rating=5,
        adaptation_days=20,
        comment="Ouyang learns fast.",
    )
    kind = CertificateType.objects.create(
        code="op", name="Operator", issuer="X", enterprise=world.enterprise_x
    )
    Certificate.objects.create(learner=learner, certificate_type=kind, issued_on="2026-01-01", number="X-77")
