"""The nurse's pages: the board, finding a patient and starting a session, the chart with its
readings, corrections, artifacts, events, side effects and discharge, and the printable documents."""
