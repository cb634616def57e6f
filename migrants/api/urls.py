app_name = "migrants-api"
urlpatterns: list[object] = []
