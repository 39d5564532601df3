"""The alert-rule pages: the rules of a site, the editor with its backtest, medicine-class responses
and overdue grace per phase."""
