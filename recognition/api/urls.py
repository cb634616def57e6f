app_name = "recognition-api"
urlpatterns: list[object] = []
