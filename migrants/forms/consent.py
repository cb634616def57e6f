"""The form that records one consent."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from migrants.forms.choices import country_choices
from migrants.models import ConsentGrant, MigrantProfile, Qualification
from migrants.permissions import consent_recipients_for
from migrants.services import CURRENT_NOTICE_VERSION, ConsentInput


# --- Consent ----------------------------------------------------------------------------------
class ConsentForm(forms.Form):
    """A grant for one purpose, chosen before this form is shown; fields name its recipient."""

    def __init__(
        self,
        *args: Any,
        purpose: str,
        profile: MigrantProfile,
        user: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.purpose = purpose
        # The owner decides; anyone else records, in person, what the person said.
        self.in_person = profile.user_id != user.pk
        recipient = ConsentGrant.RECIPIENT_FIELD[ConsentGrant.Purpose(purpose)]
        if recipient == "partnership":
            from partnerships.selectors import public_partnership_list

            self.fields["partnership"] = forms.TypedChoiceField(
                label=_("Partnership"),
                coerce=int,
                choices=[
                    ("", _("Choose a partnership…")),
                    *[
                        (p.pk, f"{p.reference_code} {p.title}")
                        for p in public_partnership_list().only("pk", "reference_code", "title")
                    ],
                ],
            )
        elif recipient == "country":
            self.fields["country"] = forms.ChoiceField(
                label=_("Destination country"), choices=country_choices()
            )
        elif recipient == "organisation":
            # The organisations the service accepts for this purpose and this recorder.
            organisations = consent_recipients_for(user, profile, purpose).select_related("country")
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Organisation"),
                coerce=int,
                choices=[
                    ("", _("Choose an organisation…")),
                    *[(o.pk, f"{o.name} ({o.country.name})") for o in organisations],
                ],
            )
        if purpose == ConsentGrant.Purpose.RECOGNITION_SHARE:
            self.fields["qualification"] = forms.TypedChoiceField(
                label=_("Qualification to share"),
                coerce=int,
                choices=[
                    ("", _("Choose a qualification…")),
                    *[
                        (q.pk, q.title)
                        for q in Qualification.objects.filter(profile=profile).only("pk", "title")
                    ],
                ],
            )
        if self.in_person:
            self.fields["agreed"] = forms.BooleanField(
                label=_(
                    "The person agreed to this in person, after reading the privacy notice %(v)s"
                )
                % {"v": CURRENT_NOTICE_VERSION},
                error_messages={"required": _("Tick this box to record the person's agreement.")},
            )

    def to_input(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(
            purpose=self.purpose,
            partnership_id=data.get("partnership"),
            country=data.get("country"),
            organisation_id=data.get("organisation"),
            qualification_id=data.get("qualification"),
            channel=ConsentGrant.Channel.IN_PERSON if self.in_person else ConsentGrant.Channel.WEB,
        )
