app_name = "employers"
urlpatterns: list[object] = []
