"""Data going out: streamed CSV files and FHIR R4 resources, scoped like every other read.

`urls.urlpatterns` is mounted by the project under /api/v1/.
"""
