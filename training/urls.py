from django.urls import path

from training.views import certificates, cohorts, enrolments, participant_imports, programmes

app_name = "training"

urlpatterns = [
    path("", programmes.programme_list, name="programme-list"),
    path("programmes/new/", programmes.programme_create, name="programme-create"),
    path("programmes/pick/<slug:name>/", programmes.programme_picker, name="programme-picker"),
    path("programmes/<id:pk>/", programmes.programme_detail_view, name="programme-detail"),
    path("programmes/<id:pk>/edit/", programmes.programme_edit, name="programme-edit"),
    path(
        "programmes/<id:pk>/action/<slug:move>/",
        programmes.programme_move,
        name="programme-move",
    ),
    path("programmes/<id:pk>/funding/", programmes.funding_set, name="funding-set"),
    path(
        "programmes/<id:pk>/funding/<id:line_pk>/remove/",
        programmes.funding_remove,
        name="funding-remove",
    ),
    path("programmes/<id:pk>/cohorts/new/", cohorts.cohort_create, name="cohort-create"),
    path("cohorts/", cohorts.cohort_board_view, name="cohort-board"),
    path("cohorts/<id:pk>/", cohorts.cohort_detail, name="cohort-detail"),
    path("cohorts/<id:pk>/edit/", cohorts.cohort_edit, name="cohort-edit"),
    path("cohorts/<id:pk>/action/<slug:move>/", cohorts.cohort_move, name="cohort-move"),
    path("cohorts/<id:pk>/people/", cohorts.enrolment_candidates, name="enrolment-candidates"),
    path("cohorts/<id:pk>/enrolments/add/", cohorts.enrolment_add, name="enrolment-add"),
    path("cohorts/<id:pk>/enrolments/bulk/", cohorts.enrolment_bulk, name="enrolment-bulk"),
    path("cohorts/<id:pk>/import/", participant_imports.import_create, name="import-create"),
    path("imports/template.csv", participant_imports.import_template, name="import-template"),
    path("imports/<id:pk>/", participant_imports.import_detail_view, name="import-detail"),
    path("imports/<id:pk>/confirm/", participant_imports.import_confirm, name="import-confirm"),
    path("imports/<id:pk>/cancel/", participant_imports.import_cancel, name="import-cancel"),
    path("enrolments/<id:pk>/", enrolments.enrolment_detail_view, name="enrolment-detail"),
    path(
        "enrolments/<id:pk>/action/<slug:move>/",
        enrolments.enrolment_move,
        name="enrolment-move",
    ),
    path("enrolments/<id:pk>/track/", enrolments.enrolment_track, name="enrolment-track"),
    path("enrolments/<id:pk>/progress/", enrolments.enrolment_progress, name="enrolment-progress"),
    path("enrolments/<id:pk>/outcome/", enrolments.enrolment_outcome, name="enrolment-outcome"),
    path(
        "enrolments/<id:pk>/certificate/revoke/",
        enrolments.certificate_revoke,
        name="certificate-revoke",
    ),
    path("mine/", enrolments.my_training, name="my-training"),
    path("mine/<id:pk>/", enrolments.my_enrolment, name="my-enrolment"),
    path(
        "certificates/<id:pk>/print/",
        certificates.certificate_print,
        name="certificate-print",
    ),
]
