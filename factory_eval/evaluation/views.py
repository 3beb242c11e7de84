"""Pages of evaluation: choosing the criteria sets a report is judged against, and asking for
a draft's figures and verdicts now (the same task a submission runs)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from factory_eval.core.dispatch import dispatch_on_commit
from factory_eval.core.pages import login_required, refusals_as_pages
from factory_eval.evaluation.models import CriteriaSet, ReportCriteria
from factory_eval.evaluation.services import choose_criteria
from factory_eval.organisations.access import ensure_manages
from factory_eval.reporting.editing import ensure_draft
from factory_eval.reporting.models import EnergyReport
from factory_eval.reporting.selectors import visible_reports

ASSESS_TASK = "factory_eval.evaluation.assess_report"


class ChooseForm(forms.Form):
    criteria = forms.MultipleChoiceField(
        label=gettext_lazy("criteria sets"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sets: list[CriteriaSet], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [(item.slug, item.slug) for item in sets]


def _draft_of(request: HttpRequest, pk: int) -> EnergyReport:
    report = get_object_or_404(visible_reports(request.user), pk=pk)
    ensure_manages(request.user, report.plant.organisation_id)
    ensure_draft(report)
    return report


def _sets() -> list[CriteriaSet]:
    return list(
        CriteriaSet.objects.select_related("current_version")
        .filter(current_version__isnull=False)
        .order_by("slug")
    )


@require_http_methods(["GET", "POST"])
@login_required
@refusals_as_pages
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick the sets; with none picked, every set in force applies (withdrawn ones only when
    picked). Saving evaluates the draft against them at once."""
    report = _draft_of(request, pk)
    sets = _sets()
    chosen = list(
        ReportCriteria.objects.filter(report=report).values_list("criteria_set__slug", flat=True)
    )
    form = ChooseForm(request.POST or None, sets=sets, initial={"criteria": chosen})
    if request.method == "POST" and form.is_valid():
        choose_criteria(report, form.cleaned_data["criteria"], actor=request.user)
        dispatch_on_commit(ASSESS_TASK, report.pk)
        messages.success(
            request, _("Criteria sets saved; the report is evaluated against them now.")
        )
        return redirect("web:report", pk=report.pk)
    rows = [
        {
            "set": item,
            "version": item.current_version,
            "document": item.current_version.document,
            "checked": item.slug in (form.data.getlist("criteria") if form.is_bound else chosen),
        }
        for item in sets
    ]
    return render(
        request,
        "evaluation/choose.html",
        {"report": report, "form": form, "rows": rows, "none_chosen": not chosen},
        status=400 if form.is_bound else 200,
    )


@require_POST
@login_required
@refusals_as_pages
def assess_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Compute and evaluate a draft now, to see its result before submitting it."""
    report = _draft_of(request, pk)
    dispatch_on_commit(ASSESS_TASK, report.pk)
    messages.success(
        request,
        _("The figures are being computed. This page shows them as soon as they are stored."),
    )
    return redirect("web:report", pk=report.pk)
