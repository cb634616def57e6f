"""Fields the recognition API's inputs and outputs share.

"status", "kind", "outcome" name different choice sets across the API; our own schema
components keep the generated enum names stable and free of collisions.
"""

from __future__ import annotations

from core.api.fields import named_choice_field
from recognition.models import CompensationMeasure, Decision, RecognitionRequest

RequestStatusField = named_choice_field(RecognitionRequest.Status, "RecognitionStatusEnum")
PurposeField = named_choice_field(RecognitionRequest.Purpose, "RecognitionPurposeEnum")
DirectionField = named_choice_field(RecognitionRequest.Direction, "RecognitionDirectionEnum")
OutcomeField = named_choice_field(Decision.Outcome, "DecisionOutcomeEnum")
StageField = named_choice_field(Decision.Stage, "DecisionStageEnum")
MeasureKindField = named_choice_field(CompensationMeasure.Kind, "CompensationMeasureKindEnum")
