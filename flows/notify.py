"""Failures that reach someone: a failed or crashed nightly run, and the dead runs a later run finds,
are announced at HONLEA_NOTIFY_URL, an Apprise address (json://host:port/path for a webhook,
mailtos://user:password@host?to=... for e-mail, slack://... for Slack, several separated by spaces)."""

from __future__ import annotations

import logging

import apprise

from honlea.config.settings import load_settings

_LOG = logging.getLogger(__name__)


def notify(title: str, body: str, failure: bool = True) -> bool:
    """Send the message to every configured address; False when none is set or a sending failed
    (logged: a notice that cannot be sent must not fail the run)."""
    addresses = load_settings().notify_url.split()
    if not addresses:
        return False
    sender = apprise.Apprise()
    for address in addresses:
        sender.add(address)
    sent = sender.notify(
        title=title, body=body, notify_type=apprise.NotifyType.FAILURE if failure else apprise.NotifyType.INFO
    )
    if not sent:
        _LOG.warning("The notification %r could not be sent to HONLEA_NOTIFY_URL", title)
    return bool(sent)


def run_failed(flow: object, flow_run: object, state: object) -> None:
    """Prefect hook (on_failure, on_crashed) of the nightly flow."""
    name = getattr(flow_run, "name", "")
    message = getattr(state, "message", "") or ""
    notify(f"HONLEA nightly run {name} {getattr(state, 'name', 'failed').lower()}", message)
