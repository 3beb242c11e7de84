"""Pages of the web interface: landing, dashboards, the report page, officer pages."""

from django.urls import path

from factory_eval.web.views import home, officer, report

app_name = "web"

urlpatterns = [
    path("", home.landing, name="landing"),
    path("manager/", home.manager_home, name="manager-home"),
    path("reviewer/", home.reviewer_home, name="reviewer-home"),
    path("officer/", home.officer_home, name="officer-home"),
    path("officer/eligibility/", officer.eligibility, name="eligibility"),
    path("benchmarks/", officer.benchmarks, name="benchmarks"),
    path("overview/", home.admin_home, name="admin-home"),
    path("reports/<int:pk>/", report.report_page, name="report"),
]
