"""Every API token expires, and a token may be read-only.

Tokens created before expiry was required get the default lifetime from the day of the
migration, so no running script stops without warning.
"""

from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone

DEFAULT_LIFETIME = timedelta(days=90)


def give_every_token_an_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + DEFAULT_LIFETIME
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_notification"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(
                default=False, help_text="The token may only read, never change anything."
            ),
        ),
        migrations.RunPython(give_every_token_an_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
