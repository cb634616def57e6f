from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from pytest_django.fixtures import Settings

from accounts.models import User
from audit.models import AuditEvent
from core.demo import DEMO_PASSWORD
from demo.tests.support import seed_demo_twice
from migrants.demo import demo_migrants
from migrants.models import (
    ConsentGrant,
    Education,
    LanguageSkill,
    MigrantProfile,
    ProfileSkill,
    WorkExperience,
)

pytestmark = pytest.mark.django_db

CORRIDORS = {"MA", "TN", "NG", "XK", "PH", "MX", "BD", "LK", "NP"}


# What seeding again must not add to.
COUNTED = (
    User,
    MigrantProfile,
    Education,
    ProfileSkill,
    LanguageSkill,
    WorkExperience,
    ConsentGrant,
    AuditEvent,
)


def test_seed_demo_creates_varied_migrants_across_the_corridors_once(
    settings: Settings,
) -> None:
    seed_demo_twice(settings, *COUNTED)

    profiles = MigrantProfile.objects.all()
    assert profiles.count() >= 200
    assert set(profiles.values_list("nationality_id", flat=True)) >= CORRIDORS
    assert not profiles.filter(skills__isnull=True).exists()
    assert not profiles.filter(languages__isnull=True).exists()
    assert not profiles.filter(education__isnull=True).exists()
    skills_per_profile = set(
        profiles.annotate(n=Count("skills")).values_list("n", flat=True).distinct()
    )
    assert min(skills_per_profile) >= 3
    assert max(skills_per_profile) <= 8
    assert 0.2 < profiles.filter(user__isnull=True).count() / profiles.count() < 0.4
    active = ConsentGrant.objects.filter(withdrawn_at__isnull=True)
    for purpose in ("pool_destination", "pool_partnership", "statistics", "counselling"):
        assert active.filter(purpose=purpose).exists(), purpose
    assert (
        profiles.filter(consents__purpose="pool_destination").distinct().count()
        > profiles.count() / 2
    )

    amina = MigrantProfile.objects.get(user__email="migrant@demo.example.org")
    assert (str(amina), amina.nationality_id) == ("Amina Haddad", "MA")
    assert amina.skills.filter(skill__sector="ict").exists()
    assert amina.experience.exists() and amina.qualifications.exists()
    self_registered = User.objects.filter(email__startswith="migrant.0").order_by("email").first()
    assert self_registered is not None
    assert Client().login(email=self_registered.email, password=DEMO_PASSWORD)


def test_demo_people_are_generated_deterministically() -> None:
    skills = {"ict": ["a", "b", "c", "d", "e", "f", "g", "h"], "transversal": ["t"]}
    skills |= {
        sector: [f"{sector}-{n}" for n in range(10)]
        for sector in (
            "health_care",
            "construction",
            "manufacturing_welding",
            "agriculture_food",
            "hospitality",
            "transport",
            "domestic_work",
            "teaching",
        )
    }
    assert demo_migrants(skills) == demo_migrants(skills)
    phones = [p.profile.phone for p in demo_migrants(skills)]
    assert len(set(phones)) == len(phones)


ESCO_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco-v1"


@pytest.mark.skipif(
    not ESCO_DIR.is_dir(),
    reason="the shared ESCO files are not beside the repo",
)
def test_demo_migrants_seed_after_an_esco_import_links_the_starter_skills(
    settings: Settings,
) -> None:
    from taxonomy.esco import esco_import

    settings.DEBUG = True
    esco_import(
        directory=Path(__file__).resolve().parents[2].parent / "shared" / "data" / "esco-v1"
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert MigrantProfile.objects.count() >= 200
