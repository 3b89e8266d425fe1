"""The `twofold` command: demo, serve, web, worker, tick, manage, check."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

STOP_GRACE_SECONDS = 5


def _setup_django(data: str | None) -> None:
    if data:
        os.environ["TWOFOLD_DATA"] = str(Path(data).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.settings")
    import django

    django.setup()


def _prepare(quiet: bool = True) -> None:
    """Bring the database and static files up to date; safe to run every start."""
    from django.core.management import call_command

    verbosity = 0 if quiet else 1
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=verbosity)
    call_command("collectstatic", interactive=False, verbosity=verbosity)
    call_command("load_content", verbosity=verbosity)


def _child(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "twofold.cli", *args], env=env)  # noqa: S603


def _supervise(host: str, port: int) -> int:
    """Run web, worker and tick together; stop all three on Ctrl-C or SIGTERM."""
    env = dict(os.environ)
    children = [
        _child(["web", "--host", host, "--port", str(port)], env),
        _child(["worker"], env),
        _child(["tick"], env),
    ]
    stopping = False

    def stop(signum, frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(f"Twofold is running on http://{host}:{port}/  (Ctrl-C stops it)", flush=True)
    exit_code = 0
    while not stopping:
        for child in children:
            if child.poll() is not None:
                print(f"A Twofold process stopped unexpectedly ({child.args[3]}).", file=sys.stderr)
                stopping, exit_code = True, 1
        time.sleep(0.2)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    _prepare()
    return _supervise(args.host, args.port)


def cmd_demo(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    _prepare()
    from twofold.core.demo import ensure_demo

    for line in ensure_demo():
        print(line)
    if args.no_serve:
        return 0
    return _supervise(args.host, args.port)


def cmd_web(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # quick when nothing changed
    threads = os.environ.get("TWOFOLD_WEB_THREADS", "4")
    workers = os.environ.get("TWOFOLD_WEB_WORKERS", "1")
    command = [
        sys.executable, "-m", "granian", "--interface", "wsgi",
        "--host", args.host, "--port", str(args.port),
        "--workers", workers, "--blocking-threads", threads,
        "--no-ws", "--log-level", "warning",
        "twofold.wsgi:application",
    ]  # fmt: skip
    os.execv(sys.executable, command)  # noqa: S606
    return 0  # not reached


def cmd_worker(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    from django.core.management import call_command

    call_command("db_worker", queue_name="*", interval=1.0, verbosity=0)
    return 0


def cmd_tick(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    from django.core.management import call_command

    call_command("tick", once=args.once)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    from django.conf import settings
    from django.core.management import call_command

    call_command("check", deploy=not settings.DEBUG, fail_level="WARNING" if args.strict else "ERROR")
    return 0


def cmd_rotate_keys(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    from django.core.management import call_command

    call_command("rotate_keys", retire=args.retire)
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django(args.data)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["twofold manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twofold", description="Twofold: a private space for two.")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func, help_text: str, serve: bool = False) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--data", help="data folder (default: $TWOFOLD_DATA or ./twofold-data)")
        if serve:
            command.add_argument("--host", default="127.0.0.1")
            command.add_argument("--port", type=int, default=8000)
        command.set_defaults(func=func)
        return command

    demo = add("demo", cmd_demo, "Set up a demo couple and serve Twofold.", serve=True)
    demo.add_argument("--no-serve", action="store_true", help="prepare the demo, then exit")
    add("serve", cmd_serve, "Migrate, then run web, worker and tick together.", serve=True)
    add("web", cmd_web, "Run the web server only.", serve=True)
    add("worker", cmd_worker, "Run the background task worker only.")
    tick = add("tick", cmd_tick, "Run the tick loop that finds due work.")
    tick.add_argument("--once", action="store_true", help="run one round, then exit")
    check = add("check", cmd_check, "Run Django's checks (and deployment checks unless debugging).")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    rotate = add("rotate-keys", cmd_rotate_keys, "Rotate the server-held wrapping key (no downtime).")
    rotate.add_argument("--retire", action="store_true", help="delete the old key versions afterwards")
    manage = add("manage", cmd_manage, "Run a Django management command.")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.umask(0o077)  # the data folder holds secrets and the database: private to this user
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
