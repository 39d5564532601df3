"""The physician's review pages, under /review/ (included from sessions/urls.py)."""

from django.urls import path

from sessions.pages.review.views import course_plan, notifications, report, review

urlpatterns = [
    path("alerts/", review.alert_list, name="review-alerts"),
    path("alerts/critical/", review.critical_banner, name="review-critical-banner"),
    path("alerts/<int:pk>/", review.alert_detail, name="review-alert"),
    path("alerts/<int:pk>/acknowledge/", review.alert_acknowledge, name="review-alert-acknowledge"),
    path("alerts/<int:pk>/snooze/", review.alert_snooze, name="review-alert-snooze"),
    path("notifications/", notifications.target_list, name="notification-targets"),
    path("notifications/<int:pk>/", notifications.target_detail, name="notification-target"),
    path("notifications/<int:pk>/test/", notifications.target_test, name="notification-target-test"),
    path("sessions/", review.session_list, name="review-sessions"),
    path("sessions/<int:pk>/", review.session_review, name="review-session"),
    path("sessions/<int:pk>/sign/", review.session_sign, name="review-session-sign"),
    path("sessions/<int:pk>/addenda/", review.addendum_create, name="review-addendum-create"),
    path("sessions/<int:pk>/history/", review.session_history, name="review-session-history"),
    path("patients/<int:pk>/course/", review.patient_course, name="review-patient-course"),
    path("patients/<int:pk>/history/", review.patient_history, name="review-patient-history"),
    path("patients/<int:pk>/course-plan/", course_plan.course_plan, name="review-course-plan"),
    path("patients/<int:pk>/course-plan/end/", course_plan.course_plan_end, name="review-course-plan-end"),
    path("report/", report.quality_report, name="review-report"),
    path("report.csv", report.quality_report_csv, name="review-report-csv"),
]
