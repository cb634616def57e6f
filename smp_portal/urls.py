from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from core.access import PUBLIC, Access
from core.api.verification import VerifyApi
from core.verification_views import verify, verify_json
from dashboards.views import home
from migrants.passport.urls import public_urlpatterns as passport_urlpatterns
from partnerships.urls import registry_urlpatterns
from smp_portal.api.docs import ApiRedocView, ApiSchemaView, ApiSwaggerView
from smp_portal.health import healthz

# The administration site signs people in through the portal's sign-in, so its second factor and
# its throttle on failed passwords apply there too; the admin's own password form is never shown.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

api_v1: list[URLPattern | URLResolver] = [
    path("accounts/", include("accounts.api.urls")),
    path("taxonomy/", include("taxonomy.api.urls")),
    path("partnerships/", include("partnerships.api.urls")),
    path("migrants/", include("migrants.api.urls")),
    path("recognition/", include("recognition.api.urls")),
    path("training/", include("training.api.urls")),
    path("employers/", include("employers.api.urls")),
    path("matching/", include("matching.api.urls")),
    path("verify/<str:code>/", VerifyApi.as_view(), name="api-verify"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("reference/", include("taxonomy.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("registry/", include((registry_urlpatterns, "registry"))),
    path("migrants/", include("migrants.urls")),
    path("recognition/", include("recognition.urls")),
    path("training/", include("training.urls")),
    path("employers/", include("employers.urls")),
    path("matching/", include("matching.urls")),
    path("verify/<str:code>/", verify, name="verify"),
    path("verify/<str:code>.json", verify_json, name="verify-json"),
    *passport_urlpatterns,
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", ApiSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", ApiRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

# Error answers: JSON in the API's Error shape under /api/, the HTML error pages elsewhere.
handler400 = "core.api.exceptions.bad_request"
handler403 = "core.api.exceptions.permission_denied"
handler404 = "core.api.exceptions.page_not_found"
handler500 = "core.api.exceptions.server_error"

# Who may use the routes of third-party packages, by the module their views come from: declared
# here once, as every project route declares its own (core.access; tests/test_route_inventory.py).
THIRD_PARTY_ACCESS = {
    # allauth's sign-in, sign-up, reset and MFA pages: open to anyone; the pages that manage an
    # account (e-mail, password, authenticators) require the login themselves.
    "allauth.": Access("anyone (sign-in pages); the account's owner (account pages)", login=False),
    "django.contrib.admin.": Access(
        "administrators with the staff flag, signed in through the portal with two factors",
        lambda user: bool(getattr(user, "is_staff", False)),
    ),
    "django.views.i18n": PUBLIC,
}
