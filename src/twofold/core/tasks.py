from django.tasks import task

from twofold.core.housekeeping import run_housekeeping


@task
def housekeeping() -> dict[str, int]:
    """Delete expired sessions and old closed invitations (run by the worker)."""
    return run_housekeeping()
