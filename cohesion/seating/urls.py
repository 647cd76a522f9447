app_name = "seating"
urlpatterns: list = []
