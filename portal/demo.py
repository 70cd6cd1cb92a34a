"""A small, believable world for the quick start: `python manage.py seed_demo`.

Idempotent: rows are found by their natural keys and created only when missing, and a
project's workflow is played (through the real services) only when the project is new.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import LearnerProfile, Role, User
from colleges import services as college_services
from colleges.models import Cohort, College, DualPosition, IndustryCollege, Major, PracticeLog
from competencies import services as competency_services
from competencies.models import Competency, Framework
from courses import services as course_services
from courses.models import Course, Enrollment, Module, Offering, Skill
from enterprises import careers, matching, vetting
from enterprises import hours as hour_logs
from enterprises import services as project_services
from enterprises.models import Enterprise, HourLog, Project, TalentDemand

COLLEGES = [
    ("prvc", "Pearl River Vocational College", "Guangdong"),
    ("yti", "Yangtze Technical Institute", "Jiangsu"),
    ("cip", "Chengdu Industrial Polytechnic", "Sichuan"),
]
MAJORS = [  # college, code, name
    ("prvc", "robotics", "Industrial Robotics"),
    ("prvc", "networking", "Computer Networking"),
    ("prvc", "nev", "New Energy Vehicle Technology"),
    ("yti", "software", "Software Technology"),
    ("yti", "mechatronics", "Mechatronics"),
    ("cip", "logistics", "Smart Logistics"),
    ("cip", "energy", "Photovoltaic Systems"),
]
ENTERPRISES = [
    ("huaxin", "Huaxin Robotics", "Guangdong", "robotics", "91440300MA5D8K2L1C"),
    ("jiangnan-net", "Jiangnan Network Systems", "Jiangsu", "ICT", "91320100MA1N7P3Q4R"),
    ("xipower", "Xipower New Energy", "Sichuan", "energy", "91510100MA6C9R5T2D"),
    ("delta-logi", "Delta Logistics Technology", "Guangdong", "logistics", "91440101MA59U4W7XR"),
    ("lingyun", "Lingyun Software", "Jiangsu", "software", "91320500MA1Q2E8H3X"),
]
# code, English name, Chinese name
SKILLS = [
    ("plc-programming", "PLC programming", "PLC 编程"),
    ("robot-maintenance", "Industrial robot maintenance", "工业机器人维护"),
    ("machine-vision", "Machine vision", "机器视觉"),
    ("routing-switching", "Routing and switching", "路由与交换"),
    ("network-security", "Network security", "网络安全"),
    ("battery-systems", "EV battery systems", "新能源汽车电池系统"),
    ("python", "Python programming", "Python 编程"),
    ("web-development", "Web development", "Web 开发"),
    ("cad-design", "CAD design", "CAD 设计"),
    ("warehouse-automation", "Warehouse automation", "仓储自动化"),
    ("pv-installation", "PV system installation", "光伏系统安装"),
    ("data-analysis", "Data analysis", "数据分析"),
]
# college, major, course code, title, [(module title, credits, [skills])]
COURSES = [
    (
        "prvc",
        "robotics",
        "ROB101",
        "Industrial Robot Applications",
        [
            ("Robot programming basics", "4", ["plc-programming"]),
            ("Robot maintenance", "3", ["robot-maintenance"]),
            ("Vision-guided picking", "3", ["machine-vision", "python"]),
        ],
    ),
    (
        "prvc",
        "networking",
        "NET201",
        "Enterprise Networks",
        [
            ("Routing and Switching", "4", ["routing-switching"]),
            ("Network security practice", "3", ["network-security"]),
        ],
    ),
    (
        "prvc",
        "nev",
        "NEV110",
        "EV Power Systems",
        [
            ("Battery pack diagnostics", "3", ["battery-systems"]),
        ],
    ),
    (
        "yti",
        "software",
        "SWE120",
        "Full-stack Web Development",
        [
            ("Python for the web", "4", ["python", "web-development"]),
            ("Data analysis with Python", "3", ["python", "data-analysis"]),
        ],
    ),
    (
        "yti",
        "mechatronics",
        "MEC150",
        "Mechatronic Design",
        [
            ("CAD for mechatronics", "3", ["cad-design"]),
            ("PLC control", "3", ["plc-programming"]),
        ],
    ),
    (
        "cip",
        "logistics",
        "LOG130",
        "Warehouse Automation",
        [
            ("Automated storage systems", "3", ["warehouse-automation", "plc-programming"]),
        ],
    ),
    (
        "cip",
        "energy",
        "PV100",
        "Photovoltaic Installation",
        [
            ("PV system design and installation", "4", ["pv-installation"]),
        ],
    ),
]
DEMAND = {  # (enterprise, skill): headcount in 2024, 2025, 2026
    ("huaxin", "plc-programming"): (30, 36, 45),
    ("huaxin", "robot-maintenance"): (20, 26, 32),
    ("huaxin", "machine-vision"): (8, 14, 22),
    ("jiangnan-net", "routing-switching"): (25, 22, 20),
    ("jiangnan-net", "network-security"): (10, 16, 24),
    ("xipower", "pv-installation"): (40, 52, 60),
    ("xipower", "battery-systems"): (12, 18, 28),
    ("delta-logi", "warehouse-automation"): (15, 20, 26),
    ("lingyun", "python"): (30, 34, 40),
    ("lingyun", "web-development"): (25, 24, 22),
    ("lingyun", "data-analysis"): (10, 15, 21),
    ("lingyun", "cad-design"): (12, 15, 20),
    ("delta-logi", "routing-switching"): (14, 18, 24),
    ("delta-logi", "network-security"): (8, 12, 20),
    ("huaxin", "battery-systems"): (10, 16, 25),
    ("jiangnan-net", "plc-programming"): (10, 14, 18),
    ("xipower", "warehouse-automation"): (15, 20, 30),
}


DEMO_ENGINEER_PHONE = "+8613800000003"


def _user(
    username: str,
    role: str,
    *,
    college: College | None = None,
    enterprise: Enterprise | None = None,
    first: str = "",
    last: str = "",
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "college": college,
            "enterprise": enterprise,
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "is_staff": role == Role.PLATFORM_ADMIN,
            "is_superuser": role == Role.PLATFORM_ADMIN,
        },
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _partners(industry_college: IndustryCollege, *enterprises: Enterprise) -> None:
    """Partners that accepted their college's invitation (as their engineers would)."""
    from colleges.models import Partnership

    for enterprise in enterprises:
        Partnership.objects.get_or_create(
            industry_college=industry_college, enterprise=enterprise, defaults={"status": "accepted"}
        )
        industry_college.enterprises.add(enterprise)


def _project(
    enterprise: Enterprise,
    engineer: User,
    title: str,
    description: str,
    skills: list[Skill],
    seats: int,
    visibility: str,
) -> tuple[Project, bool]:
    existing = Project.objects.filter(enterprise=enterprise, title=title).first()
    if existing:
        return existing, False
    project = project_services.project_create(
        actor=engineer,
        enterprise=enterprise,
        title=title,
        description=description,
        seats=seats,
        visibility=visibility,
        skills=skills,
    )
    return project, True


@transaction.atomic
def seed_demo() -> dict[str, Any]:
    colleges = {
        code: College.objects.get_or_create(code=code, defaults={"name": name, "region": region})[0]
        for code, name, region in COLLEGES
    }
    majors = {
        (c, code): Major.objects.get_or_create(college=colleges[c], code=code, defaults={"name": name})[0]
        for c, code, name in MAJORS
    }
    for index, major in enumerate(majors.values()):
        for year in (2024, 2025, 2026, 2027):
            Cohort.objects.get_or_create(
                major=major, year=year, defaults={"graduates": 18 + 4 * (index % 4) + 2 * (year - 2024)}
            )
    enterprises = {
        code: Enterprise.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "region": region,
                "industry": industry,
                "vetting": Enterprise.Vetting.APPROVED,
                "credit_code": credit_code,
                "contact_verified": True,
                "site_visit_on": datetime.date(2026, 3, 2),
                "approved_at": datetime.datetime(2026, 3, 9, 2, 0, tzinfo=datetime.UTC),
            },
        )[0]
        for code, name, region, industry, credit_code in ENTERPRISES
    }
    skills = {
        code: Skill.objects.update_or_create(code=code, defaults={"name": name, "name_zh": name_zh})[0]
        for code, name, name_zh in SKILLS
    }
    ic_prvc, _ = IndustryCollege.objects.get_or_create(
        college=colleges["prvc"], name="Pearl River Intelligent Manufacturing Industry College"
    )
    _partners(ic_prvc, enterprises["huaxin"], enterprises["delta-logi"])
    ic_yti, _ = IndustryCollege.objects.get_or_create(
        college=colleges["yti"], name="Yangtze Digital Industry College"
    )
    _partners(ic_yti, enterprises["jiangnan-net"], enterprises["lingyun"])

    # One login per role (password: settings.DEMO_PASSWORD), plus a few more people.
    admin = _user("demo-admin", Role.PLATFORM_ADMIN, first="Platform", last="Admin")
    college_admin = _user(
        "demo-college", Role.COLLEGE_ADMIN, college=colleges["prvc"], first="Lin", last="Wei"
    )
    teacher = _user("demo-teacher", Role.TEACHER, college=colleges["prvc"], first="Chen", last="Jing")
    engineer = _user(
        "demo-engineer", Role.ENGINEER, enterprise=enterprises["huaxin"], first="Zhao", last="Lei"
    )
    # The mobile number the engineer's DingTalk (or WeCom, Feishu) account is: their first
    # login through it finds them by it.
    User.objects.filter(pk=engineer.pk, phone=None).update(phone=DEMO_ENGINEER_PHONE, phone_verified=True)
    student = _user("demo-student", Role.STUDENT, college=colleges["prvc"], first="Wang", last="Fang")
    evaluator = _user("demo-evaluator", Role.EVALUATOR, first="Sun", last="Li")
    # Scorecards are published by another evaluator than the one who approved them.
    _user("demo-evaluator-2", Role.EVALUATOR, first="Ma", last="Hui")
    _user("demo-college-yti", Role.COLLEGE_ADMIN, college=colleges["yti"], first="Xu", last="Ming")
    _user("demo-teacher-yti", Role.TEACHER, college=colleges["yti"], first="He", last="Yun")
    engineer_ln = _user(
        "demo-engineer-lingyun", Role.ENGINEER, enterprise=enterprises["lingyun"], first="Gao", last="Qiang"
    )
    students = [student] + [
        _user(f"demo-student-{n}", Role.STUDENT, college=colleges["prvc"], first="Student", last=str(n))
        for n in range(2, 7)
    ]
    for index, learner in enumerate(students):
        LearnerProfile.objects.get_or_create(
            user=learner,
            defaults={
                "college": colleges["prvc"],
                "major": majors[("prvc", "robotics" if index % 2 == 0 else "networking")],
                "entry_year": 2024 + index % 2,
            },
        )

    modules: dict[str, Module] = {}
    for college_code, major_code, code, title, module_rows in COURSES:
        course, _ = Course.objects.get_or_create(
            college=colleges[college_code],
            code=code,
            defaults={"title": title, "major": majors[(college_code, major_code)]},
        )
        for module_title, credits, skill_codes in module_rows:
            module, created = Module.objects.get_or_create(
                course=course, title=module_title, defaults={"credits": Decimal(credits)}
            )
            if created:
                module.skills.set([skills[s] for s in skill_codes])
            modules[module_title] = module
            Offering.objects.get_or_create(
                module=module,
                term="2026-autumn",
                defaults={"capacity": 30, "teacher": teacher if college_code == "prvc" else None},
            )
    small = Offering.objects.get_or_create(
        module=modules["Vision-guided picking"],
        term="2027-spring",
        defaults={"capacity": 3, "teacher": teacher},
    )[0]
    robot_basics = Offering.objects.get(module=modules["Robot programming basics"], term="2026-autumn")
    if not Enrollment.objects.filter(offering=robot_basics).exists():
        for learner in students[:4]:
            course_services.offering_enroll(offering=robot_basics, learner=learner)
        first = Enrollment.objects.get(offering=robot_basics, learner=students[0])
        course_services.enrollment_complete(enrollment=first, actor=teacher, grade=Decimal(86), passed=True)
    if not Enrollment.objects.filter(offering=small).exists():
        course_services.offering_enroll(offering=small, learner=students[2])

    for (enterprise_code, skill_code), counts in DEMAND.items():
        enterprise = enterprises[enterprise_code]
        for year, headcount in zip((2024, 2025, 2026), counts, strict=True):
            TalentDemand.objects.get_or_create(
                enterprise=enterprise,
                skill=skills[skill_code],
                region=enterprise.region,
                year=year,
                defaults={"headcount": headcount},
            )

    _seed_projects(
        enterprises, skills, modules, colleges, engineer, engineer_ln, teacher, college_admin, students
    )
    _seed_hour_logs(engineer, students)
    _seed_dual_positions(teacher, engineer, college_admin, enterprises)
    _seed_lifelong(colleges, enterprises, modules, students, college_admin, engineer, teacher)
    _seed_internships(
        colleges, majors, enterprises, skills, modules, students, college_admin, teacher, engineer
    )
    _seed_feedback(enterprises, skills, colleges, modules, engineer, teacher, students)
    _seed_apprenticeships(colleges, enterprises, students, college_admin, teacher, engineer, engineer_ln)
    _seed_destinations(colleges, majors, enterprises, college_admin)
    _seed_competencies(majors, skills, modules, students, college_admin, teacher, engineer)
    _seed_credit_requests(students, engineer, teacher, college_admin)
    # Before the scorecards: the transfers write evidence they count.
    _seed_transfer(colleges, enterprises, skills, engineer, engineer_ln, teacher, college_admin)
    _seed_evaluation(colleges, majors, evaluator)
    _seed_waiting(colleges, enterprises, skills, engineer, teacher, college_admin, evaluator)
    _seed_reports(colleges, enterprises, college_admin, engineer)
    return {
        "colleges": len(colleges),
        "majors": len(majors),
        "enterprises": len(enterprises),
        "admin": admin.username,
    }


def _seed_projects(
    enterprises: dict[str, Enterprise],
    skills: dict[str, Skill],
    modules: dict[str, Module],
    colleges: dict[str, College],
    engineer: User,
    engineer_ln: User,
    teacher: User,
    college_admin: User,
    students: list[User],
) -> None:
    huaxin = enterprises["huaxin"]
    ps = project_services
    # (title, description, skills, seats, visibility, final state)
    plans = [
        (
            "Welding cell calibration tool",
            "Draft a calibration routine for our six-axis welding cells.",
            ["plc-programming"],
            2,
            "confidential",
            "draft",
        ),
        (
            "Vision-based part sorting",
            "Sort mixed parts on a conveyor with a camera and a delta robot.",
            ["machine-vision", "python"],
            4,
            "public",
            "open",
        ),
        (
            "Predictive maintenance dashboard",
            "Collect servo telemetry and flag joints that drift.",
            ["robot-maintenance", "data-analysis"],
            3,
            "partners",
            "in_progress",
        ),
        (
            "AGV route optimisation study",
            "Shorter routes for automated guided vehicles in our plant.",
            ["warehouse-automation"],
            2,
            "public",
            "delivered",
        ),
        (
            "PLC retrofit of press line 3",
            "Replace relay logic with a PLC program and document it.",
            ["plc-programming"],
            3,
            "public",
            "accepted",
        ),
        (
            "Gripper redesign for fragile parts",
            "A soft gripper prototype for glass components.",
            ["cad-design"],
            2,
            "partners",
            "rejected",
        ),
        (
            "Legacy HMI translation",
            "Translate and modernise operator panels.",
            ["web-development"],
            2,
            "public",
            "abandoned",
        ),
    ]
    robot_module = modules["Robot programming basics"]
    for title, description, skill_codes, seats, visibility, final in plans:
        project, created = _project(
            huaxin, engineer, title, description, [skills[s] for s in skill_codes], seats, visibility
        )
        if not created or final == "draft":
            continue
        ps.project_open(project=project, actor=engineer)
        if final == "open":
            continue
        ps.project_take_on(project=project, actor=teacher, college=colleges["prvc"], module=robot_module)
        if final == "abandoned":
            ps.project_abandon(project=project, actor=engineer, reason="Priorities changed.")
            continue
        for learner in students[:2]:
            application = ps.project_apply(
                project=project, student=learner, motivation="I want real plant experience."
            )
            ps.application_accept(application=application, actor=engineer)
        ps.project_apply(project=project, student=students[3], motivation="Keen to learn.")
        if visibility != Project.Visibility.PUBLIC:
            terms = careers.ip_agreement_create(
                project=project,
                enterprise_pct=Decimal(60),
                college_pct=Decimal(30),
                students_pct=Decimal(10),
                revenue_share_pct=Decimal(15),
                embargo_days=180,
            )
            careers.ip_agreement_accept(agreement=terms, actor=engineer)
            careers.ip_agreement_accept(agreement=terms, actor=college_admin)
        ps.project_start(project=project, actor=engineer)
        if final == "in_progress":
            continue
        ps.project_deliver(project=project, actor=teacher, summary="Report, code and a short demo video.")
        if final == "accepted":
            ps.project_accept(project=project, actor=engineer, rating=5, feedback="Deployed on line 3.")
        elif final == "rejected":
            ps.project_reject(project=project, actor=engineer, feedback="Grip force too weak for our parts.")
    # A second enterprise's open project, for the catalogue.
    project, created = _project(
        enterprises["lingyun"],
        engineer_ln,
        "Customer churn analysis",
        "Analyse anonymised usage logs and suggest retention actions.",
        [skills["python"], skills["data-analysis"]],
        3,
        "public",
    )
    if created:
        ps.project_open(project=project, actor=engineer_ln)


def _seed_hour_logs(engineer: User, students: list[User]) -> None:
    """Hours on the project under way, in every state: confirmed, rejected with a reason and
    waiting for the engineer, with a cap the engineer set."""
    project = Project.objects.filter(
        title="Predictive maintenance dashboard", status=Project.Status.IN_PROGRESS
    ).first()
    if project is None or HourLog.objects.filter(project=project).exists():
        return
    project.hours_cap = 120
    project.save(update_fields=["hours_cap", "updated_at"])
    today = timezone.localdate()
    plan = [
        (students[0], 13, "3", "Walked the line with the maintenance team.", "confirm"),
        (students[0], 12, "2.5", "Listed the servo signals worth collecting.", "confirm"),
        (students[0], 6, "4", "Collected a week of servo telemetry from cell 2.", "confirm"),
        (students[1], 6, "5", "Cleaned the telemetry and plotted joint temperatures.", "confirm"),
        (students[0], 4, "3.5", "Read the maintenance manuals.", "reject"),
        (students[1], 2, "3", "Compared drift on joints 2 and 3.", ""),
        (students[0], 1, "2", "Drafted the drift alert rule and its thresholds.", ""),
    ]
    for student, days_ago, amount, description, decision in plan:
        log = hour_logs.hour_log_submit(
            project=project,
            student=student,
            date=today - datetime.timedelta(days=days_ago),
            hours=Decimal(amount),
            description=description,
        )
        if decision == "confirm":
            hour_logs.hour_log_confirm(log=log, actor=engineer)
        elif decision == "reject":
            hour_logs.hour_log_reject(
                log=log, actor=engineer, reason="Reading the manuals is part of onboarding, not the project."
            )


def _seed_credit_requests(students: list[User], engineer: User, teacher: User, college_admin: User) -> None:
    """Requests for credit for work-based learning in every state, played through the
    services: approved and banked, waiting for the mentor, for the sponsor and for the college,
    and declined with a reason."""
    from courses.services import credited_for_module
    from credits import services as credit_services
    from credits.models import CreditRequest
    from internships.models import Internship

    if CreditRequest.objects.exists():
        return
    project = Project.objects.filter(
        title="PLC retrofit of press line 3", status=Project.Status.ACCEPTED
    ).first()
    ended = Internship.objects.filter(student=students[3], status=Internship.Status.ENDED).first()
    # (student, module, project or internship, statement, the steps that approve, a decline's reason)
    plan: list[tuple[User, str, Any, str, int, str]] = [
        (students[1], "Network security practice", project, "Segmented the PLC network of line 3.", 3, ""),
        (students[0], "Vision-guided picking", project, "Set up the camera that checks the parts.", 1, ""),
        (students[3], "Network security practice", ended, "Hardened the plant's remote access.", 0, ""),
        (students[3], "Routing and Switching", ended, "Maintained the plant network for six months.", 2, ""),
        (
            students[1],
            "Routing and Switching",
            project,
            "Configured the line's switches.",
            0,
            "The project's switch work was a small part; the module asks for routing across sites.",
        ),
    ]
    approvers = [engineer, teacher, college_admin]
    for student, title, source, statement, approvals, reason in plan:
        module = Module.objects.filter(title=title).first()
        if source is None or module is None or credited_for_module(learner=student, module=module) > 0:
            continue
        request = credit_services.credit_request_submit(
            student=student,
            module=module,
            project=source if isinstance(source, Project) else None,
            internship=source if isinstance(source, Internship) else None,
            statement=statement,
        )
        for approver in approvers[:approvals]:
            request = credit_services.credit_request_approve(request=request, actor=approver)
        if reason:
            credit_services.credit_request_decline(request=request, actor=approvers[approvals], reason=reason)


def _seed_feedback(
    enterprises: dict[str, Enterprise],
    skills: dict[str, Skill],
    colleges: dict[str, College],
    modules: dict[str, Module],
    engineer: User,
    teacher: User,
    students: list[User],
) -> None:
    """Feedback on accepted projects in every state, and endorsements: on the PLC retrofit,
    both sides written for the demo student (visible, the skill endorsed) and the engineer's
    only for the second student; on a second accepted project, the demo student's still
    waiting and a third student's closed with the engineer's side missing. Two endorsements of
    the demo student's internship: one issued as a credential, one hidden from public view."""
    from feedback import services as feedback_services
    from feedback.models import Endorsement, Feedback
    from internships.models import Internship

    ps = project_services
    retrofit = Project.objects.filter(
        title="PLC retrofit of press line 3", status=Project.Status.ACCEPTED
    ).first()
    if (
        retrofit is None
        or Feedback.objects.filter(project=retrofit, student_submitted_at__isnull=False).exists()
    ):
        return
    feedback_services.feedback_open(project=retrofit)  # opened on acceptance; again for older data
    plc = skills["plc-programming"]
    both = Feedback.objects.get(project=retrofit, student=students[0])
    feedback_services.feedback_rate_student(
        feedback=both,
        actor=engineer,
        rating=5,
        skills={plc.pk: 5},
        comment="Clean ladder logic and clear documentation; the line runs on it.",
        private_note="Ready for a placement on our maintenance team.",
    )
    feedback_services.feedback_rate_project(
        feedback=both,
        actor=students[0],
        project_rating=5,
        mentor_rating=4,
        comment="Real equipment and quick answers from the mentor.",
    )
    feedback_services.feedback_rate_student(
        feedback=Feedback.objects.get(project=retrofit, student=students[1]),
        actor=engineer,
        rating=4,
        skills={plc.pk: 3},
        comment="Solid wiring work; ask more questions early.",
    )
    audit, created = _project(
        enterprises["huaxin"],
        engineer,
        "Conveyor safety audit",
        "Check the light curtains and emergency stops of conveyor 5 against the standard.",
        [skills["robot-maintenance"], plc],
        2,
        "public",
    )
    if created:
        ps.project_open(project=audit, actor=engineer)
        ps.project_take_on(
            project=audit, actor=teacher, college=colleges["prvc"], module=modules["Robot programming basics"]
        )
        for learner in (students[0], students[2]):
            application = ps.project_apply(project=audit, student=learner, motivation="Safety matters.")
            ps.application_accept(application=application, actor=engineer)
        ps.project_start(project=audit, actor=engineer)
        ps.project_deliver(project=audit, actor=teacher, summary="Audit report with photos of each stop.")
        ps.project_accept(project=audit, actor=engineer, rating=4, feedback="Two curtains replaced.")
    # The third student wrote; the engineer did not; the ten days are over.
    closed = Feedback.objects.get(project=audit, student=students[2])
    feedback_services.feedback_rate_project(
        feedback=closed, actor=students[2], project_rating=4, mentor_rating=5, comment="Well organised."
    )
    past = timezone.now() - datetime.timedelta(days=12)
    Feedback.objects.filter(pk=closed.pk).update(opened_at=past, closes_at=past + feedback_services.WINDOW)
    feedback_services.tell_closed()

    internship = Internship.objects.filter(student=students[0], mentor=engineer).first()
    if internship is None or Endorsement.objects.filter(internship=internship).exists():
        return
    issued = feedback_services.endorsement_create(
        actor=engineer,
        learner=students[0],
        skill=skills["robot-maintenance"],
        internship=internship,
        rating=4,
        comment="Keeps cell 2's robots running on her own.",
    )
    feedback_services.endorsement_issue(endorsement=issued, actor=students[0])
    hidden = feedback_services.endorsement_create(
        actor=engineer, learner=students[0], skill=skills["machine-vision"], internship=internship
    )
    feedback_services.endorsement_set_hidden(endorsement=hidden, actor=students[0], hidden=True)


def _seed_dual_positions(
    teacher: User, engineer: User, college_admin: User, enterprises: dict[str, Enterprise]
) -> None:
    position = DualPosition.objects.filter(user=teacher, enterprise=enterprises["huaxin"]).first()
    if position is None:
        position = college_services.dual_position_propose(
            actor=college_admin,
            teacher=teacher,
            enterprise_id=enterprises["huaxin"].pk,
            role=DualPosition.Role.ENGINEER,
            title="Automation engineer (part-time)",
            start_date=datetime.date(2025, 9, 1),
        )
        college_services.dual_position_recognize(position=position, actor=engineer)
    if not PracticeLog.objects.filter(dual_position=position).exists():
        first = college_services.practice_log_submit(
            teacher=teacher,
            enterprise_id=enterprises["huaxin"].pk,
            date=datetime.date(2026, 3, 12),
            hours=Decimal("6.5"),
            description="Commissioned the PLC retrofit on press line 3.",
        )
        college_services.practice_log_confirm(log=first, actor=engineer)
        college_services.practice_log_submit(
            teacher=teacher,
            enterprise_id=enterprises["huaxin"].pk,
            date=datetime.date(2026, 4, 2),
            hours=Decimal("4"),
            description="Robot cell maintenance with the service team.",
        )
    if not DualPosition.objects.filter(user=teacher, enterprise=enterprises["delta-logi"]).exists():
        college_services.dual_position_propose(
            actor=college_admin,
            teacher=teacher,
            enterprise_id=enterprises["delta-logi"].pk,
            role=DualPosition.Role.BROKER,
            title="Technology broker",
            start_date=datetime.date(2026, 9, 1),
        )


# Verified evidence per college: (indicator, values by year 2024, 2025, 2026), so that the
# scorecards, their trends and the rankings have something to show.
DEMO_EVIDENCE = {
    "prvc": {
        "patents_transferred": (2, 3, 4),
        "standards_contributed": (1, 1, 2),
        "smes_served": (12, 18, 24),
        "training_hours": (900, 1300, 1700),
        "employment_in_field_rate": (30, 34, 38),
        "employer_rating": (4, 4, 5),
        "transfer_income": (250000, 420000, 610000),
    },
    "yti": {
        "patents_transferred": (3, 3, 2),
        "smes_served": (20, 22, 21),
        "training_hours": (1500, 1600, 1400),
        "employment_in_field_rate": (40, 41, 39),
        "employer_rating": (5, 4, 4),
        "adaptation_days": (40, 35, 30),
    },
    "cip": {
        "standards_contributed": (0, 1, 1),
        "smes_served": (8, 10, 15),
        "training_hours": (600, 800, 1100),
        "employment_in_field_rate": (25, 27, 30),
        "adaptation_days": (55, 48, 42),
    },
}


def _seed_evaluation(
    colleges: dict[str, College], majors: dict[tuple[str, str], Major], evaluator: User
) -> None:
    from evaluation.models import Scorecard
    from evaluation.radar import recompute_radar
    from evaluation.recompute import recompute_period
    from evaluation.services import scorecard_review
    from ledger.models import Evidence, Scheme

    rows = []
    for code, indicators in DEMO_EVIDENCE.items():
        college = colleges[code]
        first_major = next(m for (c, _), m in majors.items() if c == code)
        for indicator, by_year in indicators.items():
            for year, amount in zip((2024, 2025, 2026), by_year, strict=True):
                # Rates are recorded one graduate at a time (1 in field, 0 not), out of 40.
                if indicator == "employment_in_field_rate":
                    values = [1] * amount + [0] * (40 - amount)
                elif indicator in ("patents_transferred", "standards_contributed", "smes_served"):
                    values = [1] * amount
                else:
                    values = [amount]
                for n, value in enumerate(values):
                    rows.append(
                        Evidence(
                            indicator=indicator,
                            college=college,
                            major=first_major if n % 2 else None,
                            value=Decimal(value),
                            occurred_on=datetime.date(year, 1 + n % 12, 1 + n % 28),
                            period=year,
                            source=Evidence.Source.MANUAL,
                            status=Evidence.Status.VERIFIED,
                            note="Demo record",
                            event_key=f"demo:{code}:{indicator}:{year}:{n}",
                        )
                    )
    Evidence.objects.bulk_create(rows, ignore_conflicts=True)
    scheme = Scheme.objects.get(is_active=True)
    for year in (2024, 2025, 2026):
        recompute_period(scheme_id=scheme.pk, period=year)
    publisher = User.objects.get(username="demo-evaluator-2")
    for card in Scorecard.objects.filter(subject_type="college", period__in=(2024, 2025), status="draft"):
        for step, actor in (("submit_for_review", evaluator), ("approve", evaluator), ("publish", publisher)):
            scorecard_review(scorecard=card, actor=actor, action=step, comment="Demo review")
    recompute_radar()


def _png() -> bytes:
    """A one-pixel PNG, made here rather than shipped as a file."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x2e\x7d\x32"))
        + chunk(b"IEND", b"")
    )


DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _seed_apprenticeships(
    colleges: dict[str, College],
    enterprises: dict[str, Enterprise],
    students: list[User],
    college_admin: User,
    teacher: User,
    engineer: User,
    engineer_ln: User,
) -> None:
    """Apprentices on two enterprises' ladders, with progress reviews in every state (signed
    by all three; open with one signature and one cleared by a change; overdue at each
    enterprise; not yet due) and portfolio items in every state (accepted, more asked for,
    waiting; a file and a link)."""
    import io

    from apprenticeship import services as apprenticeships
    from apprenticeship.models import ReviewForm
    from enterprises.models import Ladder, LadderLevel

    college = colleges["prvc"]
    if ReviewForm.objects.filter(college=college).exists():
        return
    form = apprenticeships.review_form_save(
        college=college,
        name="Quarterly apprenticeship review",
        questions=[
            {
                "key": "safety",
                "label": "Works safely and keeps the cell tidy",
                "kind": "scale",
                "scale_max": 5,
            },
            {"key": "skills", "label": "Progress in the level's skills", "kind": "scale", "scale_max": 5},
            {"key": "comments", "label": "What went well, what to work on", "kind": "text"},
        ],
    )
    huaxin_ladder = Ladder.objects.filter(enterprise=enterprises["huaxin"]).first()
    if huaxin_ladder is None:
        return
    LadderLevel.objects.filter(ladder=huaxin_ladder, rank=2).update(credits_need_evidence=True)
    lingyun_ladder = Ladder.objects.filter(
        enterprise=enterprises["lingyun"]
    ).first() or careers.ladder_create(
        enterprise=enterprises["lingyun"],
        name="Network operations ladder",
        review_interval_weeks=10,
        levels=[
            {"name": "Trainee operator", "rank": 1},
            {
                "name": "Network operator",
                "rank": 2,
                "min_credits": Decimal(6),
                "min_practice_hours": Decimal(80),
            },
        ],
    )
    today = timezone.localdate()
    week = datetime.timedelta(weeks=1)

    def start(learner: User, ladder: Ladder, rank: int, mentor: User, weeks_ago: int) -> Any:
        return apprenticeships.apprenticeship_create(
            learner=learner,
            level=ladder.levels.get(rank=rank),
            mentor=mentor,
            teacher=teacher,
            started_on=today - weeks_ago * week,
        )

    first = start(students[0], huaxin_ladder, 2, engineer, 26)
    # The mentor vouches for a skill of the level (it counts toward the level's endorsements).
    from feedback.services import endorsement_create

    endorsed = first.level.skills.order_by("pk").first() or Skill.objects.order_by("pk").first()
    if endorsed is not None:
        endorsement_create(
            actor=engineer,
            learner=students[0],
            skill=endorsed,
            apprenticeship=first,
            comment="Wires and tests a PLC cell on their own.",
        )
    # A review held thirteen weeks ago, signed by all three.
    signed = apprenticeships.review_schedule(apprenticeship=first, form=form, due_on=today - 13 * week)
    apprenticeships.review_update(
        review=signed,
        actor=teacher,
        answers={"safety": 4, "skills": 3, "comments": "Safe and careful; PLC timers still slow."},
        summary="On track for assistant engineer by the summer.",
        held_on=today - 13 * week,
    )
    apprenticeships.review_add_action(
        review=signed,
        actor=teacher,
        description="Finish the PLC timers module",
        owner=students[0],
        due_on=today - 5 * week,
    )
    for person, name in ((students[0], "Wang Fang"), (engineer, "Zhao Lei"), (teacher, "Chen Jing")):
        apprenticeships.review_sign(review=signed, actor=person, typed_name=name)
    # The next one, due in five days: the mentor signed, then an action was added, which
    # cleared the signature; the apprentice has signed again since.
    due = apprenticeships.review_schedule(
        apprenticeship=first, form=form, due_on=today + 5 * datetime.timedelta(days=1)
    )
    apprenticeships.review_update(
        review=due, actor=engineer, answers={"safety": 5, "skills": 4}, held_on=today
    )
    apprenticeships.review_sign(review=due, actor=engineer, typed_name="Zhao Lei")
    apprenticeships.review_add_action(
        review=due,
        actor=teacher,
        description="Bring the vision-picking log to the next review",
        owner=students[0],
        due_on=today + 6 * week,
    )
    apprenticeships.review_sign(review=due, actor=students[0], typed_name="Wang Fang")
    # Overdue at each enterprise; and an apprentice whose first review is weeks away.
    late = start(students[2], huaxin_ladder, 2, engineer, 14)
    apprenticeships.review_schedule(
        apprenticeship=late, form=form, due_on=today - 10 * datetime.timedelta(days=1)
    )
    other = start(students[3], lingyun_ladder, 2, engineer_ln, 12)
    apprenticeships.review_schedule(
        apprenticeship=other, form=form, due_on=today - 3 * datetime.timedelta(days=1)
    )
    start(students[1], huaxin_ladder, 1, engineer, 2)

    accepted = apprenticeships.portfolio_add(
        apprenticeship=first,
        actor=students[0],
        title="PLC timers module certificate",
        description="The module's result page.",
        requirements=["credits"],
        link="https://example.com/transcript/plc-timers",
    )
    apprenticeships.portfolio_accept(item=accepted, actor=teacher)
    more = apprenticeships.portfolio_add(
        apprenticeship=first,
        actor=students[0],
        title="Cell 2 maintenance report",
        requirements=["hours", "credits"],
        upload=io.BytesIO(DEMO_PDF),
        file_name="cell-2-report.pdf",
    )
    apprenticeships.portfolio_ask_more(
        item=more, actor=engineer, reason="Add the signed checklist from the night shift."
    )
    apprenticeships.portfolio_add(
        apprenticeship=first,
        actor=students[0],
        title="Photo of the rewired gripper",
        requirements=["hours"],
        upload=io.BytesIO(_png()),
        file_name="gripper.png",
    )
    apprenticeships.check_due_reviews(today)


def _seed_lifelong(
    colleges: dict[str, College],
    enterprises: dict[str, Enterprise],
    modules: dict[str, Module],
    students: list[User],
    college_admin: User,
    engineer: User,
    teacher: User,
) -> None:
    """Certificates, credentials, a ladder, careers, training, materials and shares."""
    from colleges.models import Contribution, Distribution
    from colleges.shares import distribution_create
    from courses import lifelong
    from courses.models import Certificate, CertificateType, ConversionRule, Course, Material, TrainingSession
    from enterprises.models import Employment, Ladder

    huaxin, delta = enterprises["huaxin"], enterprises["delta-logi"]
    operator, _ = CertificateType.objects.get_or_create(
        code="huaxin-robot-operator",
        defaults={"name": "Huaxin Certified Robot Operator", "issuer": huaxin.name, "enterprise": huaxin},
    )
    ConversionRule.objects.get_or_create(
        certificate_type=operator, module=modules["Robot maintenance"], defaults={"credits": Decimal(3)}
    )
    student = students[0]
    if not Certificate.objects.filter(certificate_type=operator, number="HX-2026-0042").exists():
        certificate = lifelong.certificate_submit(
            learner=student,
            certificate_type=operator,
            issued_on=datetime.date(2026, 4, 20),
            number="HX-2026-0042",
        )
        lifelong.certificate_verify(certificate=certificate, actor=engineer)
        lifelong.certificate_submit(
            learner=students[1],
            certificate_type=operator,
            issued_on=datetime.date(2026, 5, 11),
            number="HX-2026-0057",
        )
    if not Ladder.objects.filter(enterprise=huaxin).exists():
        ladder = careers.ladder_create(
            enterprise=huaxin,
            name="Automation career ladder",
            levels=[
                {"name": "Apprentice", "rank": 1},
                {
                    "name": "Assistant engineer",
                    "rank": 2,
                    "min_credits": Decimal(8),
                    "min_practice_hours": Decimal(0),
                    "min_months_at_previous": 6,
                },
                {
                    "name": "Engineer",
                    "rank": 3,
                    "min_credits": Decimal(20),
                    "min_practice_hours": Decimal(200),
                    "min_months_at_previous": 12,
                    "min_endorsements": 2,
                },
            ],
        )
        careers.ladder_promote(
            ladder=ladder,
            actor=engineer,
            learner=student,
            level=ladder.levels.get(rank=1),
            on=datetime.date(2026, 5, 1),
        )
    graduate = students[4]
    if not Employment.objects.filter(learner=graduate).exists():
        employment = careers.employment_create(
            actor=college_admin,
            learner=graduate,
            enterprise=huaxin,
            position="Robot maintenance technician",
            start_date=datetime.date(2026, 7, 1),
            in_field=True,
        )
        careers.employment_confirm(employment=employment, actor=graduate)  # the learner confirms
        careers.performance_review_create(
            actor=engineer,
            employment=employment,
            period=2026,
            rating=4,
            adaptation_days=28,
            comment="Independent on the line within a month.",
        )
        careers.employment_create(
            actor=college_admin,
            learner=students[5],
            enterprise=delta,
            position="Warehouse systems assistant",
            start_date=datetime.date(2026, 8, 15),
            in_field=True,
        )
    prvc = colleges["prvc"]
    if not TrainingSession.objects.filter(college=prvc).exists():
        external = _user("demo-learner-external", Role.STUDENT, first="Zhou", last="Min")
        session = TrainingSession.objects.create(
            college=prvc,
            title="PLC basics for small manufacturers",
            date=datetime.date(2026, 6, 6),
            hours=Decimal(12),
        )
        session.attendees.set([external])
        lifelong.training_close(session=session, actor=teacher)
    for title, course_code, minor, major in (
        (
            "Industrial Robot Applications (workbook)",
            "ROB101",
            datetime.date(2026, 2, 1),
            datetime.date(2024, 9, 1),
        ),
        ("Enterprise Networks lab manual", "NET201", datetime.date(2024, 8, 1), datetime.date(2022, 9, 1)),
    ):
        course = Course.objects.get(college=prvc, code=course_code)
        material, created = Material.objects.get_or_create(
            course=course, title=title, defaults={"last_minor_revision": minor, "last_major_revision": major}
        )
        if created:
            material.skills.set(course.modules.first().skills.all())  # type: ignore[union-attr]
    industry_college = prvc.industry_colleges.first()
    if (
        industry_college is not None
        and not Contribution.objects.filter(industry_college=industry_college).exists()
    ):
        for enterprise, kind, valuation in (
            (None, "venue", 3_000_000),
            (None, "teachers", 1_000_000),
            (huaxin, "equipment", 4_500_000),
            (delta, "technology", 1_500_000),
        ):
            Contribution.objects.create(
                industry_college=industry_college,
                enterprise=enterprise,
                kind=kind,
                valuation=Decimal(valuation),
                date=datetime.date(2024, 9, 1),
            )
        if not Distribution.objects.filter(industry_college=industry_college).exists():
            distribution_create(
                industry_college=industry_college,
                actor=college_admin,
                period="2025",
                amount=Decimal("1234567.89"),
                as_of=datetime.date(2025, 12, 31),
            )


# Last year's graduates of Pearl River and where they went, at both census dates: (username,
# name, major, August answer, December answer or None when it stands).
DESTINATIONS: list[tuple[str, str, str, dict[str, Any], dict[str, Any] | None]] = [
    (
        "demo-graduate-1",
        "Huang Tao",
        "robotics",
        {
            "category": "contract",
            "employer": "huaxin",
            "position": "Robot maintenance technician",
            "region": "Guangdong",
            "industry": "manufacturing",
            "salary_band": "5000-7999",
            "in_field": True,
            "skills": ["robot-maintenance"],
        },
        None,
    ),
    (
        "demo-graduate-2",
        "Liang Yu",
        "robotics",
        {"category": "seeking"},
        {
            "category": "contract",
            "employer_name": "Suzhou Precision Motion",
            "position": "Assembly technician",
            "region": "Jiangsu",
            "industry": "manufacturing",
            "salary_band": "3000-4999",
            "in_field": True,
            "skills": ["plc-programming"],
        },
    ),
    (
        "demo-graduate-3",
        "Feng Xue",
        "networking",
        {"category": "further_study"},
        None,
    ),
    (
        "demo-graduate-4",
        "Deng Hao",
        "networking",
        {
            "category": "flexible",
            "employer_name": "Self-employed web support",
            "position": "Network installer",
            "region": "Guangdong",
            "industry": "information services",
            "salary_band": "lt3000",
            "in_field": False,
            # Networking teaches none of it: not in field, computed from the skills.
            "skills": ["python"],
        },
        None,
    ),
    ("demo-graduate-5", "Qin Lu", "robotics", {"category": "conscription"}, None),
    ("demo-graduate-6", "Xie Ning", "networking", {"category": "not_seeking"}, None),
]


# idnumber, parent, short name, [skills], [modules]: the robotics major's competencies.
COMPETENCIES = [
    ("ROB-1", "", "Robot programming", [], []),
    ("ROB-1.1", "ROB-1", "Program robot motions", ["plc-programming"], ["Robot programming basics"]),
    ("ROB-1.2", "ROB-1", "Vision-guided picking", ["machine-vision"], ["Vision-guided picking"]),
    ("ROB-2", "", "Robot maintenance", [], []),
    ("ROB-2.1", "ROB-2", "Preventive maintenance", ["robot-maintenance"], ["Robot maintenance"]),
    ("ROB-2.2", "ROB-2", "Diagnose faults from data", ["data-analysis"], []),
    ("ROB-3", "", "Work safely in a robot cell", [], []),
]


def _seed_competencies(
    majors: dict[tuple[str, str], Major],
    skills: dict[str, Skill],
    modules: dict[str, Module],
    students: list[User],
    college_admin: User,
    teacher: User,
    engineer: User,
) -> None:
    """The robotics framework and its plan for the 2024 cohort. The demo student's plan has
    every status: a module passed and a competency a teacher marked (achieved), confirmed
    project hours and an internship task under way (in progress), a module not taken (not
    started); the other students' plans show their own records."""
    from internships import services as internship_services
    from internships.models import TrainingPlan

    major = majors[("prvc", "robotics")]
    if Framework.objects.filter(college_id=major.college_id, idnumber="ROB-2024").exists():
        return
    framework = competency_services.framework_create(
        actor=college_admin,
        major=major,
        idnumber="ROB-2024",
        shortname="Industrial robotics competencies",
        description="What a graduate of Industrial Robotics can do on a plant floor.",
        description_format=2,
        scale_values="Not yet competent,Competent,Proficient",
        scale_configuration=(
            '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},'
            '{"id":2,"scaledefault":0,"proficient":1},{"id":3,"scaledefault":0,"proficient":1}]'
        ),
        taxonomies="domain,competency",
    )
    made: dict[str, Competency] = {}
    for idnumber, parent, name, skill_codes, module_titles in COMPETENCIES:
        made[idnumber] = competency_services.competency_save(
            actor=college_admin,
            framework=framework,
            idnumber=idnumber,
            shortname=name,
            parent=made.get(parent),
            skills=[skills[code] for code in skill_codes],
            modules=[modules[title] for title in module_titles],
        )
    template = competency_services.template_create(
        actor=college_admin, framework=framework, entry_year=2024, name="Industrial Robotics, 2024 intake"
    )
    plan = template.plans.filter(student=students[0]).first()
    if plan is not None:
        competency_services.competency_mark(
            actor=teacher,
            plan=plan,
            competency=made["ROB-3"],
            note="Passed the cell safety walk-through and the lock-out drill.",
        )
    training = TrainingPlan.objects.filter(
        internship__student=students[0], internship__status="active"
    ).first()
    task = training.tasks.filter(title="Preventive maintenance of a robot arm").first() if training else None
    if training is not None and task is not None:
        internship_services.plan_progress(plan=training, actor=engineer, task=task.pk, progress=60)


def _seed_destinations(
    colleges: dict[str, College],
    majors: dict[tuple[str, str], Major],
    enterprises: dict[str, Enterprise],
    college_admin: User,
) -> None:
    """Six graduates of last year with their destinations (one never answered in December and
    keeps August's), so the rates page has a cohort to count."""
    from outcomes.models import Destination, Source
    from outcomes.services import destination_record

    prvc = colleges["prvc"]
    for username, name, major_code, august, december in DESTINATIONS:
        first, last = name.split(" ")
        graduate = _user(username, Role.STUDENT, college=prvc, first=first, last=last)
        LearnerProfile.objects.get_or_create(
            user=graduate,
            defaults={
                "college": prvc,
                "major": majors[("prvc", major_code)],
                "entry_year": 2022,
                "graduated_on": datetime.date(2025, 6, 30),
            },
        )
        if Destination.objects.filter(graduate=graduate).exists():
            continue
        for census, answer in ((datetime.date(2025, 8, 31), august), (datetime.date(2025, 12, 31), december)):
            if answer is None:
                continue
            fields = dict(answer)
            if "employer" in fields:
                fields["employer"] = enterprises[fields["employer"]]
            if "skills" in fields:
                fields["skills"] = list(Skill.objects.filter(code__in=fields["skills"]))
            # The first answers itself; the college records the others.
            own = username == "demo-graduate-1"
            destination_record(
                actor=graduate if own else college_admin,
                graduate=graduate,
                census_date=census,
                source=Source.GRADUATE if own else Source.COLLEGE,
                **fields,
            )
    # The college reminded those who had not answered for December (a second reminder within
    # the week is refused: the page shows why).
    from accounts.models import Notification
    from outcomes.services import remind_unanswered

    if not Notification.objects.filter(kind=Notification.Kind.DESTINATION_REMINDER).exists():
        remind_unanswered(
            actor=college_admin, college=prvc, year=2025, census_date=datetime.date(2025, 12, 31)
        )


def _seed_reports(
    colleges: dict[str, College], enterprises: dict[str, Enterprise], college_admin: User, engineer: User
) -> None:
    """Last year's reports: the college's quality and employment reports and the enterprise's
    own, each written by one person and approved by another, then published; and another
    college's quality report waiting in review beside a draft of its employment report."""
    from reports.models import Report
    from reports.services import entry_record, report_create, report_step

    if Report.objects.filter(year=2025).exists():
        return
    reviewer = _user("demo-college-2", Role.COLLEGE_ADMIN, college=colleges["prvc"], first="Gao", last="Yan")
    engineer_2 = _user(
        "demo-engineer-3", Role.ENGINEER, enterprise=enterprises["huaxin"], first="Sun", last="Li"
    )
    written = [
        (
            Report.Kind.QUALITY,
            colleges["prvc"],
            None,
            college_admin,
            reviewer,
            {
                "overview": "Our graduates found their work in the region's factories; the portal counted every figure below.",
                "service": "Teachers spent confirmed hours at partner enterprises and took on their projects.",
            },
            {"student_teacher_ratio": "16.80", "staff": "412", "tech_service_income": "326.50"},
        ),
        (
            Report.Kind.EMPLOYMENT,
            colleges["prvc"],
            None,
            college_admin,
            reviewer,
            {"overview": "Two in three graduates had a destination by 31 August, five in six by December."},
            {"employer_satisfaction": "92.00"},
        ),
        (
            Report.Kind.ENTERPRISE,
            None,
            enterprises["huaxin"],
            engineer,
            engineer_2,
            {"overview": "We posted projects, mentored interns and equipped the industry college."},
            {"education_investment": "85.00", "staff_trained": "140"},
        ),
    ]
    for kind, college, enterprise, author, approver, narrative, entries in written:
        report = report_create(
            actor=author, kind=kind, year=2025, college=college, enterprise=enterprise, narrative=narrative
        )
        for code, value in entries.items():
            entry_record(
                report=report, actor=author, indicator_code=code, value=value, note="Annual statistics"
            )
        report_step(report=report, actor=author, action="submit_for_review")
        report_step(report=report, actor=approver, action="approve")
        report_step(report=report, actor=author, action="publish")
    yti_admin = User.objects.get(username="demo-college-yti")
    waiting = report_create(
        actor=yti_admin,
        kind=Report.Kind.QUALITY,
        year=2025,
        college=colleges["yti"],
        narrative={"overview": "A first draft for the committee."},
    )
    report_step(report=waiting, actor=yti_admin, action="submit_for_review")
    report_create(actor=yti_admin, kind=Report.Kind.EMPLOYMENT, year=2025, college=colleges["yti"])


def _seed_waiting(
    colleges: dict[str, College],
    enterprises: dict[str, Enterprise],
    skills: dict[str, Skill],
    engineer: User,
    teacher: User,
    college_admin: User,
    evaluator: User,
) -> None:
    """Something waiting for each role's every action: terms to accept, evidence to verify
    (and some rejected, with the reason), scorecards at each review step, training to close,
    and a second evaluator."""
    from courses.models import TrainingSession
    from evaluation.models import Scorecard
    from evaluation.services import scorecard_review
    from ledger import services as ledger_services

    title = "Robot cell safety audit"
    if Project.objects.filter(title=title).exists():
        return
    # An enterprise waiting to be vetted, with a posting students do not see yet; and a
    # posting a student flagged, waiting for a platform admin.
    newcomer = Enterprise.objects.create(
        code="nanhai-parts", name="Nanhai Precision Parts", region="Guangdong", industry="manufacturing"
    )
    newcomer_engineer = _user("demo-engineer-2", Role.ENGINEER, enterprise=newcomer, first="Chen", last="Hao")
    pending, _created = _project(
        newcomer,
        newcomer_engineer,
        "CNC fixture redesign",
        "Redesign two CNC fixtures to cut changeover time; drawings provided.",
        [skills["plc-programming"]],
        2,
        Project.Visibility.PUBLIC,
    )
    project_services.project_open(project=pending, actor=newcomer_engineer)
    flagged, _created = _project(
        enterprises["huaxin"],
        engineer,
        "Paid app testing from home",
        "Earn money testing apps at home; pay a 200 yuan deposit for the test phone.",
        [skills["machine-vision"]],
        5,
        Project.Visibility.PUBLIC,
    )
    project_services.project_open(project=flagged, actor=engineer)
    vetting.flag_raise(
        project=flagged,
        actor=User.objects.get(username="demo-student"),
        reason="It asks students for a deposit, which no real project does.",
    )
    # A teacher proposes a module for an open project (the enterprise answers), and the
    # enterprise invites a module of the same college into another (the college answers).
    sorting = Project.objects.get(title="Vision-based part sorting")
    Project.objects.filter(pk=sorting.pk).update(
        mentor=engineer, starts_on=datetime.date(2026, 9, 7), ends_on=datetime.date(2026, 12, 18)
    )
    matching.match_request(
        project=sorting,
        module=Module.objects.get(title="Vision-guided picking"),
        actor=teacher,
        message="Our vision module runs this autumn; the sorting cell would be its final case.",
    )
    matching.match_request(
        project=pending,
        module=Module.objects.get(title="Robot programming basics"),
        actor=newcomer_engineer,
        message="The fixtures are loaded by a robot: a good case for your programming module.",
    )
    project, _created = _project(
        enterprises["huaxin"],
        engineer,
        title,
        "Audit two robot cells against GB 11291 and propose fixes.",
        [skills["robot-maintenance"]],
        2,
        "partners",
    )
    project_services.project_open(project=project, actor=engineer)
    project_services.project_take_on(project=project, actor=college_admin, college=colleges["prvc"])
    careers.ip_agreement_create(
        project=project,
        enterprise_pct=Decimal(50),
        college_pct=Decimal(40),
        students_pct=Decimal(10),
        revenue_share_pct=Decimal(10),
        embargo_days=90,
    )
    prvc = colleges["prvc"]
    for indicator, value, note in (
        ("patents_transferred", 1, "Patent CN 2026 1 0345678.9 licensed to Huaxin."),
        ("standards_contributed", 1, "Co-drafted the provincial standard for robot cell maintenance."),
        ("smes_served", 3, "Three machine shops in Foshan advised on PLC retrofits."),
    ):
        ledger_services.evidence_submit(
            actor=college_admin,
            indicator=indicator,
            college=prvc,
            value=Decimal(value),
            occurred_on=datetime.date(2026, 9, 15),
            note=note,
        )
    rejected = ledger_services.evidence_submit(
        actor=college_admin,
        indicator="training_hours",
        college=prvc,
        value=Decimal(400),
        occurred_on=datetime.date(2026, 3, 10),
        note="Spring training for suppliers.",
    )
    ledger_services.evidence_reject(
        evidence=rejected,
        actor=evaluator,
        note="No attendance list attached: submit again with the sign-in sheets.",
    )
    # The newest year's college scorecards, one at each step of the review.
    cards = Scorecard.objects.filter(subject_type="college", period=2026, status="draft").order_by(
        "subject_id"
    )
    steps = {"yti": ("submit_for_review",), "cip": ("submit_for_review", "approve")}
    for card in cards:
        for step in steps.get(card.college.code if card.college else "", ()):
            scorecard_review(scorecard=card, actor=evaluator, action=step, comment="Demo review")
    # The demo engineer's enterprise is invited into another college's industry college.
    from colleges import partnerships
    from colleges.models import IndustryCollege

    partnerships.partnership_propose(
        industry_college=IndustryCollege.objects.get(college__code="yti"),
        enterprise_id=enterprises["huaxin"].pk,
        actor=User.objects.get(username="demo-college-yti"),
    )
    # A second teacher, proposed as a broker at the demo engineer's enterprise.
    teacher_2 = _user("demo-teacher-2", Role.TEACHER, college=prvc, first="Liu", last="Yang")
    college_services.dual_position_propose(
        actor=college_admin,
        teacher=teacher_2,
        enterprise_id=enterprises["huaxin"].pk,
        role=DualPosition.Role.BROKER,
        title="Technology broker for robot cells",
        start_date=datetime.date(2026, 9, 1),
    )
    # The demo student follows a module now (one to withdraw from, or to be graded in).
    student = User.objects.get(username="demo-student")
    maintenance = Offering.objects.get(module__title="Robot maintenance", term="2026-autumn")
    course_services.offering_enroll(offering=maintenance, learner=student)
    session = TrainingSession.objects.create(
        college=prvc,
        title="Robot safety for line supervisors",
        date=datetime.date(2026, 10, 20),
        hours=Decimal(6),
    )
    session.attendees.set([_user("demo-learner-external", Role.STUDENT, first="Zhou", last="Min")])


def _seed_internships(
    colleges: dict[str, College],
    majors: dict[tuple[str, str], Major],
    enterprises: dict[str, Enterprise],
    skills: dict[str, Skill],
    modules: dict[str, Module],
    students: list[User],
    college_admin: User,
    teacher: User,
    engineer: User,
) -> None:
    """Internships at Huaxin in every state, played through the real services: one proposed
    and waiting for the parties, one ready to start, one under way (with an 11-hour day that
    raised an alert), one ended with a job offer and both evaluations, one cancelled."""
    from internships import services as internship_services
    from internships.models import Internship, Position

    huaxin = enterprises["huaxin"]
    if Internship.objects.filter(enterprise=huaxin).exists():
        return
    huaxin.staff = 400
    huaxin.save(update_fields=["staff"])
    position = Position.objects.create(
        enterprise=huaxin, name="Robot cell technician", staff=40, probation_wage=Decimal(4800)
    )
    position.skills.set([skills["plc-programming"], skills["robot-maintenance"]])
    robotics = majors[("prvc", "robotics")]

    def propose(student: User, start: datetime.date, end: datetime.date, born: datetime.date) -> Internship:
        return internship_services.internship_create(
            actor=college_admin,
            student=student,
            student_birth_date=born,
            college=colleges["prvc"],
            major=robotics,
            enterprise=huaxin,
            position=position,
            kind=Internship.Kind.PLACEMENT,
            start_date=start,
            end_date=end,
            mentor=engineer,
            supervisor=teacher,
            pay_per_month=Decimal(4000),
            hours_per_day=Decimal(8),
            insurer="PICC Property and Casualty",
            policy_number=f"PICC-{student.username}",
            insured_from=start,
            insured_to=end,
        )

    def prepare(internship: Internship, *, plan: bool = True) -> None:
        internship_services.internship_accept_agreement(
            internship=internship, actor=internship.student, guardian_name="Wang Jun"
        )
        internship_services.internship_accept_agreement(internship=internship, actor=college_admin)
        internship_services.internship_accept_agreement(internship=internship, actor=engineer)
        before = min(internship.start_date - datetime.timedelta(days=3), timezone.localdate())
        internship_services.training_record(
            internship=internship,
            actor=teacher,
            kind="safety",
            topic="Robot cell safety",
            completed_on=before,
        )
        internship_services.training_record(
            internship=internship,
            actor=teacher,
            kind="process",
            topic="Line changeover procedure",
            module=modules["Robot maintenance"],
            completed_on=before,
        )
        if plan:
            written = internship_services.plan_create(
                internship=internship,
                actor=engineer,
                tasks=[
                    {
                        "title": "Program a palletising routine",
                        "skills": [skills["plc-programming"]],
                        "module": modules["Robot programming basics"],
                    },
                    {
                        "title": "Preventive maintenance of a robot arm",
                        "skills": [skills["robot-maintenance"]],
                    },
                ],
            )
            internship_services.plan_agree(plan=written, actor=teacher)

    # Ended in August, hired, both sides evaluated.
    ended = propose(
        students[3], datetime.date(2026, 3, 2), datetime.date(2026, 8, 28), datetime.date(2005, 5, 4)
    )
    prepare(ended)
    ended = internship_services.internship_start(internship=ended, actor=college_admin)
    for offset in range(5):
        internship_services.log_create(
            internship=ended,
            actor=students[3],
            date=datetime.date(2026, 3, 2) + datetime.timedelta(days=offset),
            hours=Decimal(8),
            shift="day",
            tasks="Palletising routine with the mentor",
        )
    internship_services.pay_record(
        internship=ended, actor=engineer, month=datetime.date(2026, 3, 1), amount=Decimal(4000)
    )
    internship_services.visit_create(
        internship=ended,
        actor=teacher,
        kind="visit",
        date=datetime.date(2026, 4, 15),
        notes="Well guided; safe.",
    )
    plan = ended.plan
    for task in plan.tasks.all():
        task.progress = 100
        task.save(update_fields=["progress"])
    ended = internship_services.internship_end(
        internship=ended,
        actor=engineer,
        on=datetime.date(2026, 8, 28),
        hired=True,
        job_position="Robot technician",
    )
    internship_services.evaluation_create(
        internship=ended, actor=engineer, rating=5, comment="Independent by June."
    )
    internship_services.evaluation_create(internship=ended, actor=teacher, rating=4)

    # Under way since September: the demo student, with a day that broke the 8-hour rule.
    student = students[0]
    active = propose(
        student, datetime.date(2026, 9, 1), datetime.date(2027, 2, 26), datetime.date(2008, 10, 12)
    )
    prepare(active)
    active = internship_services.internship_start(internship=active, actor=college_admin)
    for offset, hours in ((1, "8"), (2, "7.5"), (3, "11")):
        log = internship_services.log_create(
            internship=active,
            actor=student,
            date=datetime.date(2026, 9, 1) + datetime.timedelta(days=offset),
            hours=Decimal(hours),
            shift="day",
            tasks="Robot cell changeover and checks",
        )
        if offset == 1:
            internship_services.log_confirm(log=log, actor=engineer)

    # Ready to start (every party accepted, insured, trained, plan agreed) and just proposed.
    ready = propose(
        students[1], datetime.date(2027, 1, 4), datetime.date(2027, 6, 25), datetime.date(2006, 2, 2)
    )
    prepare(ready)
    proposed = propose(
        students[2], datetime.date(2027, 3, 1), datetime.date(2027, 8, 27), datetime.date(2006, 7, 9)
    )
    # Its safety briefing is named but not given yet: the completion waits to be recorded.
    internship_services.training_record(
        internship=proposed, actor=teacher, kind="safety", topic="Robot cell safety"
    )
    cancelled = propose(
        students[4], datetime.date(2027, 3, 1), datetime.date(2027, 6, 30), datetime.date(2006, 1, 1)
    )
    internship_services.internship_cancel(internship=cancelled, actor=college_admin)


def _seed_transfer(
    colleges: dict[str, College],
    enterprises: dict[str, Enterprise],
    skills: dict[str, Skill],
    engineer: User,
    engineer_ln: User,
    teacher: User,
    college_admin: User,
) -> None:
    """Technology summaries (public and partners only, with and without transfers) and
    industry calls (taking responses and closed) with responses in every state: submitted,
    shortlisted, declined, and shortlisted ones that opened a project and a dual position."""
    from transfer import services as transfer_services
    from transfer.models import Call, TechSummary

    if TechSummary.objects.filter(college=colleges["prvc"]).exists():
        return
    today = timezone.localdate()
    teacher_yti = User.objects.get(username="demo-teacher-yti")
    admin_yti = User.objects.get(username="demo-college-yti")
    gripper = transfer_services.summary_publish(
        actor=college_admin,
        college=colleges["prvc"],
        title="Askew-part detection before robotic picking",
        kind=TechSummary.Kind.PATENT,
        abstract="A camera and a light curtain find parts that sit askew on a conveyor before a "
        "gripper picks them, and stop the cell in time.",
        patent_number="ZL202410001234.5",
        patent_status=TechSummary.PatentStatus.GRANTED,
        industries="industrial robotics, automotive parts",
        contact=teacher,
        visibility=TechSummary.Visibility.PUBLIC,
        skills=[skills["machine-vision"], skills["robot-maintenance"]],
        inventors=[(teacher, Decimal(60)), (college_admin, Decimal(40))],
    )
    transfer_services.transfer_record(
        summary=gripper,
        actor=college_admin,
        kind="licence",
        licensee=enterprises["huaxin"],
        licensee_name="",
        income=Decimal("80000.00"),
        date=today - datetime.timedelta(days=40),
    )
    transfer_services.summary_publish(
        actor=college_admin,
        college=colleges["prvc"],
        title="PLC retrofit toolkit for legacy presses",
        kind=TechSummary.Kind.SOFTWARE,
        abstract="Function blocks and a commissioning checklist that bring 1990s presses onto a modern PLC.",
        industries="metal forming, industrial automation",
        contact=college_admin,
        visibility=TechSummary.Visibility.PARTNERS,
        skills=[skills["plc-programming"]],
        inventors=[(teacher, Decimal(100))],
    )
    transfer_services.summary_publish(
        actor=college_admin,
        college=colleges["prvc"],
        title="Enterprise standard for robot cell safety checks",
        kind=TechSummary.Kind.STANDARD,
        abstract="A weekly safety checklist for robot cells, adopted by two enterprises of the industry college.",
        industries="industrial robotics",
        contact=college_admin,
        visibility=TechSummary.Visibility.PUBLIC,
        skills=[skills["robot-maintenance"]],
        inventors=[(college_admin, Decimal(70)), (teacher, Decimal(30))],
    )
    telemetry = transfer_services.summary_publish(
        actor=admin_yti,
        college=colleges["yti"],
        title="Campus network telemetry know-how",
        kind=TechSummary.Kind.KNOW_HOW,
        abstract="How to collect and read switch telemetry across a campus to find failing links early.",
        industries="telecommunications, data centres",
        contact=teacher_yti,
        visibility=TechSummary.Visibility.PUBLIC,
        skills=[skills["routing-switching"], skills["network-security"]],
        inventors=[(teacher_yti, Decimal(50)), (admin_yti, Decimal(50))],
    )
    transfer_services.transfer_record(
        summary=telemetry,
        actor=admin_yti,
        kind="assignment",
        licensee=None,
        licensee_name="Suzhou Netlink Co., Ltd.",
        income=Decimal("30000.01"),
        date=today - datetime.timedelta(days=20),
    )
    # A call started from a summary: taking responses, confidential, none yet.
    transfer_services.summary_start_call(
        summary=gripper,
        actor=engineer_ln,
        budget_band="50k-200k",
        deadline=today + datetime.timedelta(days=30),
        confidential=True,
    )

    answer = {
        "problem": "Parts that sit askew jam the gripper and stop the line.",
        "approach": "A camera over the conveyor and a small classifier on the cell's edge box.",
        "prior_results": "Our granted patent ZL202410001234.5 and two inspection cells built with students.",
        "team": "Two teachers and four students of industrial robotics.",
    }
    open_call = transfer_services.call_post(
        actor=engineer,
        enterprise=enterprises["huaxin"],
        title="A vision inspection for our gripper line",
        need="Find askew parts on conveyor 4 before the gripper picks them; today the line stops twice a shift.",
        budget_band="50k-200k",
        deadline=today + datetime.timedelta(days=21),
        skills=[skills["machine-vision"], skills["python"]],
    )
    transfer_services.response_submit(call=open_call, actor=teacher, **answer)
    shortlisted = transfer_services.response_submit(
        call=open_call,
        actor=teacher_yti,
        **{**answer, "team": "One teacher and three students of networking."},
    )
    transfer_services.response_shortlist(
        response=shortlisted, actor=engineer, reason="Your telemetry work fits our line's data."
    )
    declined = transfer_services.response_submit(call=open_call, actor=admin_yti, **answer)
    transfer_services.response_decline(
        response=declined, actor=engineer, reason="We need a team that can be on site in Foshan."
    )

    closed = transfer_services.call_post(
        actor=engineer,
        enterprise=enterprises["huaxin"],
        title="Predictive maintenance for our welding robots",
        need="Warn us a week before a welding robot's joint fails.",
        budget_band="200k-1m",
        deadline=today + datetime.timedelta(days=1),
        confidential=True,
        skills=[skills["robot-maintenance"], skills["data-analysis"]],
    )
    to_project = transfer_services.response_submit(call=closed, actor=teacher, **answer)
    to_position = transfer_services.response_submit(call=closed, actor=teacher_yti, **answer)
    for response in (to_project, to_position):
        transfer_services.response_shortlist(response=response, actor=engineer, reason="A strong approach.")
    transfer_services.response_open_project(response=to_project, actor=engineer, seats=2)
    transfer_services.response_open_dual_position(response=to_position, actor=engineer)
    late = transfer_services.response_submit(call=closed, actor=admin_yti, **answer)
    transfer_services.response_decline(response=late, actor=engineer, reason="We chose two responses.")
    # Its deadline has passed: it takes no new responses.
    Call.objects.filter(pk=closed.pk).update(deadline=today - datetime.timedelta(days=3))
