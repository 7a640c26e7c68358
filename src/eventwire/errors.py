"""One exception tree for eventwire, each class with a stable code and a message that says what to do.

    EventwireError (EW000)
    ├── ConfigError (EW100)              bad settings file or option
    │   └── BackendUnavailableError (EW101)  an optional backend's extra, Java or files are missing
    ├── PipelineError (EW200)            a pipeline that cannot work (missing stage, bad order)
    ├── ResourceError (EW300)            a model, gazetteer or data file is missing or broken
    ├── InputError (EW400)               one article or input file cannot be read
    │   ├── EmptyInputError (EW401)
    │   ├── BinaryInputError (EW402)
    │   ├── EncodingError (EW403)
    │   ├── MalformedInputError (EW404)  bad JSON line, CSV row, HTML
    │   ├── UnsupportedLanguageError (EW405)
    │   └── InputTooLargeError (EW406)
    ├── StoreError (EW500)               the database cannot be opened, is locked or corrupt
    │   ├── StoreLockedError (EW501)
    │   ├── StoreCorruptError (EW502)
    │   ├── SchemaVersionError (EW503)
    │   ├── StoreConnectionError (EW504)   the database server cannot be reached or refuses us
    │   ├── StoreURLError (EW505)          a --db URL that is malformed or of an unknown kind
    │   └── NotAStoreError (EW506)         a database that belongs to another program
    ├── StageError (EW600)               a stage failed on one document (a bug: please report it)
    └── FetchError (EW700)               one URL (feed or page) could not be fetched or used
        ├── HttpStatusError (EW701)      the server answered 4xx/5xx
        ├── FetchTimeoutError (EW702)    timed out or could not connect
        ├── RobotsDisallowedError (EW703)
        ├── ResponseTooLargeError (EW704)
        ├── UnsupportedContentError (EW705)  not text/html (or not a feed)
        ├── RedirectError (EW706)        a redirect loop or too many redirects
        └── FeedError (EW707)            not a readable RSS/Atom feed

Messages name the input and say what to do next; the CLI prints ``error[EWnnn]: message``.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    code = "EW000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(EventwireError):
    code = "EW100"


class BackendUnavailableError(ConfigError):
    """A setting chose an optional backend (``[dates] backend = "heideltime"``) that cannot run here."""

    code = "EW101"


class PipelineError(EventwireError):
    code = "EW200"


class ResourceError(EventwireError):
    code = "EW300"


class InputError(EventwireError):
    """One input (a file, a line, a row) cannot be turned into an article."""

    code = "EW400"

    def __init__(self, message: str, *, origin: str | None = None, hint: str | None = None) -> None:
        self.origin = origin
        super().__init__(f"{origin}: {message}" if origin else message, hint=hint)
        self.reason = message


class EmptyInputError(InputError):
    code = "EW401"


class BinaryInputError(InputError):
    code = "EW402"


class EncodingError(InputError):
    code = "EW403"


class MalformedInputError(InputError):
    code = "EW404"


class UnsupportedLanguageError(InputError):
    code = "EW405"


class InputTooLargeError(InputError):
    code = "EW406"


class StoreError(EventwireError):
    code = "EW500"


class StoreLockedError(StoreError):
    code = "EW501"


class StoreCorruptError(StoreError):
    code = "EW502"


class SchemaVersionError(StoreError):
    code = "EW503"


class StoreConnectionError(StoreError):
    code = "EW504"


class StoreURLError(StoreError):
    code = "EW505"


class NotAStoreError(StoreError):
    code = "EW506"


class StageError(EventwireError):
    code = "EW600"


class FetchError(EventwireError):
    """One URL could not be fetched or used; ``transient`` errors are worth retrying later."""

    code = "EW700"
    transient = False

    def __init__(self, message: str, *, url: str | None = None, hint: str | None = None,
                 transient: bool | None = None) -> None:
        super().__init__(f"{url}: {message}" if url else message, hint=hint)
        self.url = url
        self.reason = message
        if transient is not None:
            self.transient = transient


class HttpStatusError(FetchError):
    code = "EW701"


class FetchTimeoutError(FetchError):
    code = "EW702"
    transient = True


class RobotsDisallowedError(FetchError):
    code = "EW703"


class ResponseTooLargeError(FetchError):
    code = "EW704"


class UnsupportedContentError(FetchError):
    code = "EW705"


class RedirectError(FetchError):
    code = "EW706"


class FeedError(FetchError):
    code = "EW707"
    transient = True  # a feed that is broken now may be fixed by the next poll
