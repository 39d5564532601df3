from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from clinic import accounts, selectors


@login_required
def home(request):
    return render(request, "home.html", selectors.home_overview(request.user, now=timezone.now()))


@login_required
def account(request):
    """The user's API token and sessions: see, issue and revoke the token; log out everywhere."""
    token = Token.objects.filter(user=request.user).first()
    return render(request, "registration/account.html", {"token": token})


@require_POST
@login_required
def token_create(request):
    accounts.token_issue(user=request.user)
    messages.success(request, "A new API token is issued; any earlier one no longer works.")
    return redirect("account")


@require_POST
@login_required
def token_delete(request):
    accounts.token_revoke(user=request.user)
    messages.success(request, "Your API token is revoked.")
    return redirect("account")


@require_POST
@login_required
def logout_everywhere(request):
    accounts.sessions_end_all(user=request.user)
    messages.success(request, "You are logged out on every workstation.")
    return redirect("login")


def healthz(request):
    """For the load balancer and monitoring: 200 when the database answers and every migration
    is applied, 503 otherwise. No login, and nothing about the data."""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if pending:
        return JsonResponse({"status": "error", "database": "ok", "unapplied_migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "unapplied_migrations": 0})
