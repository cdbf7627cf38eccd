"""Errors a user can cause. The CLI prints their message as one line and exits non-zero."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error the user can fix; the message says what, where and what to do."""

    exit_code = 1


class InputError(KgError):
    """An input file or folder cannot be used."""

    exit_code = 2


class StoreError(KgError):
    """The store cannot be opened or written."""

    exit_code = 3


class QueryError(KgError):
    """A query name, file or parameter is wrong."""

    exit_code = 4
