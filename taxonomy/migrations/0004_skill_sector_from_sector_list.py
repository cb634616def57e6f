"""A skill's sector is one of taxonomy's sectors (the list partnerships, programmes and
vacancies use) instead of a list of its own.

Two old codes named the same sectors differently; transversal and language skills belong to
no sector (they keep their starter collections, ``starter-transversal`` and
``starter-language``, which is what they were).
"""

import django.db.models.deletion
from django.db import migrations, models

OLD_TO_NEW = {
    "health_care": "health_care",
    "ict": "ict",
    "agriculture_food": "agriculture_food",
    "construction": "construction",
    "manufacturing_welding": "manufacturing",
    "hospitality": "hospitality",
    "transport": "transport",
    "domestic_work": "domestic_work",
    "teaching": "education",
    "transversal": None,
    "language": None,
}


def to_sector_rows(apps, schema_editor):
    Skill = apps.get_model("taxonomy", "Skill")
    known = set(apps.get_model("taxonomy", "Sector").objects.values_list("code", flat=True))
    for old in Skill.objects.exclude(sector="").values_list("sector", flat=True).distinct():
        new = OLD_TO_NEW.get(old)
        if new in known:
            Skill.objects.filter(sector=old).update(sector_ref=new)


def to_sector_codes(apps, schema_editor):
    Skill = apps.get_model("taxonomy", "Skill")
    new_to_old = {new: old for old, new in OLD_TO_NEW.items() if new}
    for new in Skill.objects.exclude(sector_ref=None).values_list("sector_ref", flat=True).distinct():
        Skill.objects.filter(sector_ref=new).update(sector=new_to_old.get(new, ""))


class Migration(migrations.Migration):
    dependencies = [
        ("taxonomy", "0003_sector"),
    ]

    operations = [
        migrations.AddField(
            model_name="skill",
            name="sector_ref",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="skills",
                to="taxonomy.sector",
            ),
        ),
        migrations.RunPython(to_sector_rows, to_sector_codes),
        migrations.RemoveField(model_name="skill", name="sector"),
        migrations.RenameField(model_name="skill", old_name="sector_ref", new_name="sector"),
    ]
