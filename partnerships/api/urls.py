app_name = "partnerships-api"
urlpatterns: list[object] = []
