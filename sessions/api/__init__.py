"""The REST API (DRF): serializers validate, viewsets call the same services as the pages."""
