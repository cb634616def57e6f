from rest_framework.routers import SimpleRouter

from taxonomy.api import views

app_name = "taxonomy-api"
# Path converters, not regexes: occupations and skills take a bounded ``<id:pk>``.
router = SimpleRouter(use_regex_path=False)
router.register("occupations", views.OccupationViewSet, basename="occupation")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("countries", views.CountryViewSet, basename="country")
router.register("languages", views.LanguageViewSet, basename="language")
router.register("isced-levels", views.IscedLevelViewSet, basename="isced-level")
router.register("isced-fields", views.IscedFieldViewSet, basename="isced-field")
router.register("cefr-levels", views.CefrLevelViewSet, basename="cefr-level")
urlpatterns = router.urls
