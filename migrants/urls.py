app_name = "migrants"
urlpatterns: list[object] = []
