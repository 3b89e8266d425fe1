app_name = "selfmap"
urlpatterns: list = []
