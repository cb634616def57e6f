"""Partnership sectors point at taxonomy's sector list instead of a list of their own.

The codes of ``partnerships.models.Sector`` (removed) are the codes of ``taxonomy.Sector``,
so the mapping below is the identity today; it is spelled out so that a reader (and the
test) can check every old value has a home. A value outside it, which only a hand-edited
database could hold, becomes a sector row of its own rather than failing the migration.
"""

import django.db.models.deletion
from django.db import migrations, models

OLD_TO_NEW = {
    "health_care": "health_care",
    "ict": "ict",
    "agriculture_food": "agriculture_food",
    "construction": "construction",
    "manufacturing": "manufacturing",
    "hospitality": "hospitality",
    "transport": "transport",
    "domestic_work": "domestic_work",
    "education": "education",
    "energy": "energy",
    "other": "other",
}


def to_taxonomy_codes(apps, schema_editor):
    Sector = apps.get_model("taxonomy", "Sector")
    PartnershipSector = apps.get_model("partnerships", "PartnershipSector")
    known = set(Sector.objects.values_list("code", flat=True))
    for old in PartnershipSector.objects.values_list("sector", flat=True).distinct():
        new = OLD_TO_NEW.get(old, old)
        if new not in known:
            Sector.objects.create(code=new, label=new.replace("_", " ").capitalize(), rank=999)
            known.add(new)
        if new != old:
            PartnershipSector.objects.filter(sector=old).update(sector=new)


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0002_document_upload_path"),
        ("taxonomy", "0003_sector"),
    ]

    operations = [
        migrations.RunPython(to_taxonomy_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="partnershipsector",
            name="sector",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="taxonomy.sector",
            ),
        ),
    ]
