"""The esketamine REMS monitoring record of a session and the queue of records to submit."""
