from rest_framework.routers import SimpleRouter


class ClinicRouter(SimpleRouter):
    """Routes with Django path converters: ids are `<int:…>`, so the schema types them as integers and
    /sessions/abc/ is a 404 from the resolver. Nested prefixes are written the same way
    (`sessions/<int:session_pk>/vitals`)."""

    def __init__(self):
        super().__init__(use_regex_path=False)
        self._default_value_pattern = "int"
