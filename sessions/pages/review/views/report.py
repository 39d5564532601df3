"""The clinic quality report, as a page and as CSV; the definitions live in `sessions/quality.py`."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from clinic.access import sites_for
from sessions.charts.report import build_report_chart
from sessions.clinical import quality
from sessions.pages.review import selectors as review_selectors
from sessions.pages.review.forms import QualityReportForm


def _report(request):
    """The form, and the report when the form is valid (else None); sites default to all of the user's."""
    form = QualityReportForm(request.GET, user=request.user, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    sites = form.cleaned_data["sites"] or sites_for(request.user)
    report = review_selectors.quality_report(
        request.user, sites=sites, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
    )
    return form, report


@login_required
def quality_report(request):
    form, report = _report(request)
    context = {"form": form, "report": report, "chart": build_report_chart(report) if report else None}
    return render(request, "sessions/review/quality_report.html", context)


@login_required
def quality_report_csv(request):
    form, report = _report(request)
    if report is None:
        return HttpResponse("; ".join(error for errors in form.errors.values() for error in errors), status=400)
    dates = f"{form.cleaned_data['date_from']:%Y%m%d}-{form.cleaned_data['date_to']:%Y%m%d}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quality-report-{dates}.csv"'
    writer = csv.writer(response)
    writer.writerow(["section", "item", "severity", "count", "rate", "unit"])
    writer.writerows(quality.csv_rows(report))
    return response
