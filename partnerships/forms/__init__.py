"""Forms of the officer pages. They check shape (types, known codes, line syntax) and build the
services' inputs; the business rules stay in ``partnerships.services``. One module per concern;
the names the pages use are here.
"""

from partnerships.forms.codes import model_field_label
from partnerships.forms.costs import CostEntryForm
from partnerships.forms.documents import DocumentForm
from partnerships.forms.filters import PartnershipFilterForm
from partnerships.forms.members import MemberForm, member_partnership_choices
from partnerships.forms.partnership import PartnershipForm
from partnerships.forms.targets import AnnualTargetForm, CustomIndicatorForm

__all__ = [
    "AnnualTargetForm",
    "CostEntryForm",
    "CustomIndicatorForm",
    "DocumentForm",
    "MemberForm",
    "PartnershipFilterForm",
    "PartnershipForm",
    "member_partnership_choices",
    "model_field_label",
]
