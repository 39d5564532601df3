"""The physician's pages: live alerts, sessions to review and sign, a patient's course and plan,
notification targets and the quality report."""
