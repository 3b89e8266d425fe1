app_name = "feelings"
urlpatterns: list = []
