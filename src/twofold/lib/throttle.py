"""A small fixed-window counter on the shared cache, for limits that are not about logins."""

import time

from django.core.cache import cache


def _cache_key(key: str, window_seconds: int) -> str:
    return f"throttle:{key}:{int(time.time() // window_seconds)}"


def count(key: str, window_seconds: int) -> int:
    """How many attempts KEY has made in the current window."""
    return cache.get(_cache_key(key, window_seconds), 0)


def allow(key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for KEY; False once LIMIT attempts fall in the current window."""
    cache_key = _cache_key(key, window_seconds)
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit
