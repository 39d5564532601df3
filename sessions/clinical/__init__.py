"""Clinical rules in plain modules: NEWS2, alert-rule evaluation, the reading schedule, discharge
readiness, dosing, questionnaires, plausibility, artifacts, REMS items, course arithmetic, the
backtest and the quality figures. Each cites its source and is tested from its reference table.
They read models and compute; they never answer a request (no HTTP, templates, DRF) nor write
(writes are `sessions.services`)."""
