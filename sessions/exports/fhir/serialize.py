"""FHIR JSON text with decimals written exactly as stored.

FHIR decimals carry their precision (38.50 is not 38.5), which the standard library's float
conversion would lose, so resources are written by this small serializer instead.
"""

import json
from decimal import Decimal


def dumps(value) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(key))}:{dumps(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a FHIR decimal")
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)
