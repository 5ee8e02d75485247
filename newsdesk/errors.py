"""The one exception type that reaches a user: a clear, one-line reason."""


class NewsdeskError(Exception):
    """A user-facing error. The CLI prints its message on one line and exits non-zero."""
