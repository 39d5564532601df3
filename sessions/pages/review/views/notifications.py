"""Notification targets of the user's sites: physicians and admins add, edit, disable and test
them and read each one's delivery log. The secret is shown once, on the page that created it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from clinic.access import Action, scope, site_ids_for
from sessions import services
from sessions.models import NotificationTarget
from sessions.pages.forms import apply_service_errors
from sessions.pages.review.forms import NotificationTargetForm

DELIVERY_LOG_ROWS = 50


def _configurable(user):
    if not site_ids_for(user, Action.CONFIGURE_RULES):
        raise PermissionDenied("Only physicians and clinic admins configure notifications.")
    return scope(NotificationTarget.objects.select_related("site"), user, Action.CONFIGURE_RULES)


def _saved(request, form) -> NotificationTarget | None:
    if not form.is_valid():
        return None
    try:
        return services.save_notification_target(target=form.instance, by=request.user)
    except ValidationError as refused:
        apply_service_errors(form, refused)
        return None


@login_required
def target_list(request):
    targets = _configurable(request.user)
    form = NotificationTargetForm(request.POST or None, user=request.user)
    if request.method == "POST" and (target := _saved(request, form)):
        return _detail_page(request, target, NotificationTargetForm(instance=target, user=request.user), new=True)
    return render(request, "sessions/notifications/list.html", {"targets": targets, "form": form})


@login_required
def target_detail(request, pk):
    target = get_object_or_404(_configurable(request.user), pk=pk)
    form = NotificationTargetForm(request.POST or None, instance=target, user=request.user)
    if request.method == "POST" and _saved(request, form):
        messages.success(request, f"Saved {target.name}.")
        return redirect("notification-target", pk=target.pk)
    return _detail_page(request, target, form)


@require_POST
@login_required
def target_test(request, pk):
    target = get_object_or_404(_configurable(request.user), pk=pk)
    services.send_test_notification(target=target, by=request.user)
    messages.success(request, "Test notification queued; its outcome appears in the log below.")
    return redirect("notification-target", pk=target.pk)


def _detail_page(request, target, form, new=False):
    context = {
        "target": target,
        "form": form,
        "new_secret": target.secret if new else None,
        "deliveries": target.deliveries.select_related("alert")[:DELIVERY_LOG_ROWS],
    }
    return render(request, "sessions/notifications/detail.html", context)
