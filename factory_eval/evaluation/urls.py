"""Pages of evaluation."""

from django.urls import path

from factory_eval.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("reports/<int:pk>/criteria/", views.choose, name="choose"),
    path("reports/<int:pk>/assess/", views.assess_now, name="assess"),
]
