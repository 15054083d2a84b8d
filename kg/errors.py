"""The one exception hierarchy of lgkg. Every error says where: file, article, span."""
from __future__ import annotations


class LgkgError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, article: str | None = None,
                 span: tuple[int, int] | None = None):
        self.message = message
        self.file = file
        self.article = article
        self.span = span
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [w for w in (self.file, self.article and f"article {self.article}",
                             self.span and f"chars {self.span[0]}-{self.span[1]}") if w]
        return f"{': '.join(where)}: {self.message}" if where else self.message


class UsageError(LgkgError):
    """The command line asked for something impossible."""
    exit_code = 2


class LexiconError(UsageError):
    """A lexicon file (kg build --lexicon) that is not valid TOML or not in the lexicon
    format; the message names the file and the line."""


class InputError(LgkgError):
    """A file that cannot be read as text (binary, undecodable, missing)."""


class ExtractionError(LgkgError):
    """A recogniser failed on an article."""


class StoreError(LgkgError):
    """The store cannot be opened or written."""


class StoreLockedError(StoreError):
    """Another process is writing the store."""


class EndpointError(StoreError):
    """A SPARQL server cannot be reached, times out, or refuses a request; ``status`` is
    the HTTP status of a refusal."""

    def __init__(self, message: str, *, status: int | None = None, **where):
        self.status = status
        super().__init__(message, **where)


class QueryError(LgkgError):
    """A SPARQL query is malformed, unknown, or lacks a parameter."""


class UnsafeQueryError(QueryError):
    """A query would write or reach the network without the user allowing it."""
    exit_code = 2


class ValidationError(LgkgError):
    """The graph violates the SHACL shapes."""
