"""User-facing errors: reported as one line naming the culprit, never as a traceback."""


class AnalysisError(Exception):
    """Bad input or configuration; the message names the file, row, column or parameter."""
