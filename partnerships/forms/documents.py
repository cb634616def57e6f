"""Uploading a partnership document."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnerships.models import PartnershipDocument


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=PartnershipDocument.Kind.choices,
        initial=PartnershipDocument.Kind.AGREEMENT,
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (DOCX), ODT, Excel (XLSX), PNG or JPEG, up to 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt,.xlsx,.png,.jpg,.jpeg"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "document")
        super().__init__(*args, **kwargs)
