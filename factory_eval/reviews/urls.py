"""Pages of the review workflow."""

from django.urls import path

from factory_eval.reviews import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.queue, name="queue"),
    path("reviews/start/<int:report_pk>/", views.start, name="start"),
    path("reviews/<int:pk>/", views.review_page, name="review"),
    path("reviews/<int:pk>/gates/<str:gate_id>/", views.confirm_gate, name="confirm-gate"),
    path("reviews/<int:pk>/approve/", views.approve, name="approve"),
    path("reviews/<int:pk>/return/", views.return_report, name="return"),
]
