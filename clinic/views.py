from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from clinic import selectors


@login_required
def home(request):
    return render(request, "home.html", selectors.home_overview(request.user, now=timezone.now()))
