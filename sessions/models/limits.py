"""What a reading may hold: the fields a protocol may require, and the physiologically plausible
ranges the database's check constraints enforce (`clinical/validation.py` turns them into the
messages a nurse reads). The lowest floor of the app: it imports nothing of it."""

from decimal import Decimal

from clinic import units

# What a protocol may require at every reading.
CHARTABLE_FIELDS = (
    "systolic",
    "diastolic",
    "heart_rate",
    "spo2",
    "respiratory_rate",
    "temperature_c",
    "etco2",
    "sedation_moaas",
    "dissociation",
    "pain",
    "consciousness",
    "on_oxygen",
)

INTEGER_LIMITS = {
    "systolic": (40, 300, "Systolic BP", "mmHg"),
    "diastolic": (20, 200, "Diastolic BP", "mmHg"),
    "heart_rate": (20, 250, "Heart rate", "/min"),
    "spo2": (50, 100, "SpO2", "%"),
    "respiratory_rate": (0, 60, "Respiratory rate", "/min"),
    "etco2": (0, 100, "EtCO2", "mmHg"),
    "sedation_moaas": (0, 5, "Sedation (MOAA/S)", ""),
    "dissociation": (0, 10, "Dissociation", ""),
    "pain": (0, 10, "Pain", ""),
}
TEMPERATURE_LIMITS = {
    units.CELSIUS: (Decimal("25.0"), Decimal("45.0")),
    units.FAHRENHEIT: (Decimal("77.0"), Decimal("113.0")),
}

# A reading's values as a nurse, the API or a device gives them: temperature in the unit it was
# entered in (the stored `temperature_c` is worked out from it).
ENTERED_FIELDS = (*INTEGER_LIMITS, "temperature_value", "temperature_unit", "consciousness", "on_oxygen")
