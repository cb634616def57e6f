app_name = "recognition"
urlpatterns: list[object] = []
