"""Errors the command line reports as one line with exit code 2, never as a traceback."""


class KGInputError(Exception):
    """Bad input: a missing or malformed file, an unknown entity or option value.

    The message names the file and line, or the entity, in one line.

    >>> from kg.store.endpoint import checked_iri
    >>> checked_iri("not an IRI")
    Traceback (most recent call last):
    ...
    kg.errors.KGInputError: not an absolute IRI: 'not an IRI'
    """


class KGEndpointError(KGInputError):
    """A SPARQL endpoint that is down, slow or answers an error, after the attempts allowed.

    The message names the URL, what happened and the number of attempts. ``status`` is the HTTP
    status of the last answer (None when there was none); ``timed_out`` whether it timed out.
    It is a :class:`KGInputError`, so the command line reports it the same way.

    >>> err = KGEndpointError("http://127.0.0.1:7878/query: HTTP 503 Service Unavailable (after 3 attempts)",
    ...                       status=503)
    >>> err.status, err.timed_out, isinstance(err, KGInputError)
    (503, False, True)
    >>> print(err)
    http://127.0.0.1:7878/query: HTTP 503 Service Unavailable (after 3 attempts)
    """

    def __init__(self, message: str, *, status: int | None = None, timed_out: bool = False):
        super().__init__(message)
        self.status = status
        self.timed_out = timed_out
