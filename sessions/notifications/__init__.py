"""Telling people outside the chart: webhook and e-mail deliveries of escalated alerts, and their queue."""
