"""The participant file upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


# --- Participant import -----------------------------------------------------------------------
class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Participant file"),
        help_text=_(
            "CSV (UTF-8) or Excel (XLSX), one participant per row, with the template's columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
