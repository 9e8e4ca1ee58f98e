"""Errors of the alerts package: bad rule files and refused deliveries."""

from __future__ import annotations


class AlertsError(Exception):
    """Base class of every error raised by `streams.alerts`."""


class RulesFileError(AlertsError):
    """The alert rules file cannot be read, parsed or validated. The message names the file and the problem."""


class AlertmanagerRejected(AlertsError):
    """Alertmanager answered 4xx: the request itself is wrong (a bug), so retrying cannot help."""

    def __init__(self, status_code: int, body: str, url: str) -> None:
        self.status_code = status_code
        self.body = body
        self.url = url
        super().__init__(f"Alertmanager rejected POST {url}: HTTP {status_code}: {body[:500]}")
