"""Seal and open throughput of `twofold.lib.sealed` (AES-256-GCM with bound associated data).

Run: uv run python bench/seal.py
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "twofold.settings")
os.environ.setdefault("TWOFOLD_DATA", "/tmp/twofold-bench-seal")

import django

django.setup()

from twofold.couples.models import Couple  # noqa: E402
from twofold.lib import crypto  # noqa: E402
from twofold.lib.keyring import KeyChain  # noqa: E402
from twofold.lib.sealed import open_for_person, seal_for_person  # noqa: E402

SECONDS = 1.5


def rate(label: str, size: int, work) -> None:
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < SECONDS:
        work()
        count += 1
    elapsed = time.perf_counter() - started
    per_second = count / elapsed
    throughput = per_second * size / 1e6
    print(f"  {label:<38} {per_second:>10,.0f} ops/s  {throughput:>8.1f} MB/s  {1e6 / per_second:>7.1f} µs/op")


def main() -> None:
    chain = KeyChain(user_id=1, version=1, data_key=crypto.random_key())
    private, public = crypto.new_keypair()
    row = Couple()
    print("Seal and open, one value at a time (text encoded as JSON first):")
    for size in (200, 10_000, 100_000):
        text = "x" * size
        sealed = chain.seal(text, row, "body")
        rate(f"seal {size:,} chars (data key)", size, lambda text=text: chain.seal(text, row, "body"))
        rate(f"open {size:,} chars (data key)", size, lambda sealed=sealed: chain.open(sealed, row, "body"))
    sealed = seal_for_person(public, 1, 1, "x" * 200, row, "detail")
    rate("seal 200 chars to a public key", 200, lambda: seal_for_person(public, 1, 1, "x" * 200, row, "detail"))
    rate("open 200 chars with the private key", 200, lambda: open_for_person(private, sealed, row, "detail"))


if __name__ == "__main__":
    main()
