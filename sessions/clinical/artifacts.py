"""Leaving artifact values out of judgement: rules, NEWS2 and the backtest see a reading with its
marked values blank, as if they had not been charted; the stored reading is never touched."""

import copy

# A marked temperature hides the value as entered too, not only its conversion.
_ALSO_HIDDEN = {"temperature_c": ("temperature_value",)}


def judged(readings, marks: dict[int, set[str]]) -> list:
    """Copies of `readings` with the values in `marks` (reading id → marked fields) blanked;
    unmarked readings are returned as they are."""
    result = []
    for reading in readings:
        fields = marks.get(reading.id)
        if not fields:
            result.append(reading)
            continue
        blanked = copy.copy(reading)
        vars(blanked).pop("_metric_values", None)  # a remembered value may be the artifact's
        for name in fields:
            for attribute in (name, *_ALSO_HIDDEN.get(name, ())):
                setattr(blanked, attribute, None)
        result.append(blanked)
    return result


def marks_by_reading(artifact_rows) -> dict[int, set[str]]:
    """Reading id → the fields marked as artifacts on it (every chartable field for a whole reading)."""
    marks: dict[int, set[str]] = {}
    for mark in artifact_rows:
        marks.setdefault(mark.reading_id, set()).update(mark.marked_fields)
    return marks


def marks_of_readings(readings) -> dict[int, set[str]]:
    """The same, from readings that carry their marks as `artifact_list` (no query)."""
    return marks_by_reading(mark for reading in readings for mark in reading.artifact_list)
