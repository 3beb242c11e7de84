"""Pages of the web interface: landing, dashboards, the report page, officer pages."""

from django.urls import path

from factory_eval.web.views import benchmarks, eligibility, home, officer, report

app_name = "web"

urlpatterns = [
    path("", home.landing, name="landing"),
    path("manager/", home.manager_home, name="manager-home"),
    path("reviewer/", home.reviewer_home, name="reviewer-home"),
    path("officer/", home.officer_home, name="officer-home"),
    path("officer/eligibility/", eligibility.eligibility, name="eligibility"),
    path("officer/awards/", eligibility.record_award, name="record-award"),
    path("officer/awards/export/", eligibility.awards_export, name="awards-export"),
    path("officer/awards/<int:pk>/annul/", eligibility.annul_award, name="annul-award"),
    path("officer/certificates/", officer.certificate_register, name="certificates"),
    path("benchmarks/", benchmarks.benchmarks, name="benchmarks"),
    path("overview/", home.admin_home, name="admin-home"),
    path("reports/<int:pk>/", report.report_page, name="report"),
]
