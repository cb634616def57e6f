"""Forms of the training pages. They check shape and build the services' inputs; the rules (who
may link a programme to a partnership, seats, transitions, certification) stay in
``training.services``.

Skills and occupations of a programme are chosen with a picker: the chosen ones as ticked boxes,
then the concepts matching what the provider types (live with htmx, or with the Search button
without JavaScript, which re-shows the form with nothing typed lost).
"""

from training.forms.cohorts import COHORT_STATUS_ORDER, CohortBoardFilterForm, CohortForm
from training.forms.enrolments import (
    BulkActionForm,
    EnrolmentAddForm,
    EnrolmentFilterForm,
    OutcomeForm,
    ProgressForm,
    ReasonForm,
    TrackChangeForm,
)
from training.forms.imports import ImportUploadForm
from training.forms.pickers import Picker, picker
from training.forms.programmes import FundingLineForm, ProgrammeFilterForm, ProgrammeForm

__all__ = [
    "COHORT_STATUS_ORDER",
    "BulkActionForm",
    "CohortBoardFilterForm",
    "CohortForm",
    "EnrolmentAddForm",
    "EnrolmentFilterForm",
    "FundingLineForm",
    "ImportUploadForm",
    "OutcomeForm",
    "Picker",
    "ProgrammeFilterForm",
    "ProgrammeForm",
    "ProgressForm",
    "ReasonForm",
    "TrackChangeForm",
    "picker",
]
