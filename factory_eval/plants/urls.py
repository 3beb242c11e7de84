"""Pages of plants."""

from django.urls import path

from factory_eval.plants import views

app_name = "plants"

urlpatterns = [
    path("plants/new/", views.plant_new, name="plant-new"),
]
