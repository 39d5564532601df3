"""The charts drawn on the server as SVG data: a session's trend, a patient's course, the quality
report, on one shared linear scale. Pure layout over loaded rows; templates draw the SVG."""
