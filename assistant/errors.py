"""Errors the user sees. Every message is Chinese and names the file, row or cell."""


class NianbaoError(Exception):
    """Base class: an error whose message is meant for the user."""


class UnreadableInput(NianbaoError):
    """The input could not be read as a report at all (CLI exit code 2)."""
