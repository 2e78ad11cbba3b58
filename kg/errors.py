"""Errors the command line reports as one line with exit code 2, never as a traceback."""


class KGInputError(Exception):
    """Bad input: a missing or malformed file, an unknown entity or option value.

    The message names the file and line, or the entity, in one line.
    """
