"""DRF's browsable API and Swagger UI are developer pages whose markup carries inline styles.
They may apply those styles; scripts stay limited to our own files, as everywhere else."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from rest_framework import renderers

INLINE_STYLES = {"style-src": [UNSAFE_INLINE]}

allow_inline_styles = csp_update(INLINE_STYLES)


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = INLINE_STYLES  # read by django-csp's middleware, as csp_update sets it
        return super().render(data, accepted_media_type, renderer_context)
