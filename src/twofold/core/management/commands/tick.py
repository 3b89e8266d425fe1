import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from twofold.core.housekeeping import tick_round


class Command(BaseCommand):
    help = "Find due work every few seconds (TWOFOLD_TICK_SECONDS) until stopped."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one round, then exit.")

    def handle(self, *args, once: bool = False, **options) -> None:
        running = True

        def stop(signum, frame) -> None:
            nonlocal running
            running = False

        if not once:
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
        while True:
            close_old_connections()
            tick_round()
            if once:
                return
            next_round = time.monotonic() + settings.TWOFOLD_TICK_SECONDS
            while running and time.monotonic() < next_round:
                time.sleep(0.2)
            if not running:
                return
