"""The nightly deployment: the flow on its cron schedule, served against a running Prefect server."""

from __future__ import annotations

from prefect.schedules import Cron
from prefect.settings import get_current_settings

from honlea.config.settings import Settings
from honlea.flows.nightly import nightly

DEPLOYMENT = "nightly"


def schedule(settings: Settings) -> Cron:
    """Every night at the configured time, in the configured time zone."""
    return Cron(settings.cron, timezone=settings.timezone)


def parameters(settings: Settings) -> dict[str, object]:
    """What the deployment's runs are called with (each finds out itself whether the schedule or a
    person started it: flows.nightly.run_trigger)."""
    return {
        "inbox": str(settings.inbox.resolve()),
        "warehouse_url": settings.warehouse_url,
        "data_dir": str(settings.data_dir.resolve()),
        "lock_wait_seconds": settings.lock_wait_seconds,
    }


def serve(settings: Settings) -> None:
    """Register the deployment and run its scheduled flow runs until interrupted."""
    if not get_current_settings().api.url:
        raise SystemExit(
            "honlea serve needs a running Prefect server: start one with `prefect server start`, then "
            "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and run honlea serve again."
        )
    nightly.serve(name=DEPLOYMENT, schedule=schedule(settings), parameters=parameters(settings))
