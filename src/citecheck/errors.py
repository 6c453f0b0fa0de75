"""Run-fatal errors: the only exceptions citecheck raises on purpose.

A broken link is never one of these (it is a `LinkStatus`). The tree::

    CitecheckError
    ├── InputError              a path is missing, empty, a directory without documents, …
    │   ├── UnsupportedFormat   no parser recognises the input (or its extra is missing)
    │   └── UnreadableDocument  the bytes cannot be decoded or parsed at all
    ├── ConfigError             a bad option or configuration value
    └── NetworkUnavailable      every host failed to resolve: the machine seems offline

`cli` catches `CitecheckError` once, prints one line and exits 2. Imports: stdlib only.
"""

from __future__ import annotations


class CitecheckError(Exception):
    """Root of every run-fatal citecheck error."""


class InputError(CitecheckError):
    """An input path cannot be used."""


class UnsupportedFormat(InputError):
    """No parser recognises the document."""


class UnreadableDocument(InputError):
    """The document's bytes cannot be decoded or parsed."""


class ConfigError(CitecheckError):
    """One or more options or configuration values are invalid; all of them are named at
    once, so a user fixes a file in one go."""

    def __init__(self, *messages: str) -> None:
        """One message per invalid value ("file: key: expected …")."""
        self.messages: tuple[str, ...] = messages
        if len(messages) == 1:
            text = messages[0]
        else:
            text = f"{len(messages)} configuration errors:\n" + "\n".join(
                f"  {m}" for m in messages
            )
        super().__init__(text)


class NetworkUnavailable(CitecheckError):
    """Every host failed to resolve; reporting all links dead would be wrong."""
