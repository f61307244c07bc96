"""Redis lock store whose lock is atomic across Rasa replicas.

Rasa 3.6's RedisLockStore issues tickets by reading, changing and writing a
JSON blob, which is not atomic: two replicas receiving messages for one
sender at the same moment can both get ticket 0, process in parallel and
lose events (seen in tests/e2e/test_scale_out.py). This store uses Redis'
own atomic lock (SET NX with expiry) per conversation instead.
"""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.01


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from the endpoint config alone.
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        mutex = self.red.lock(f"{self.key_prefix}atomic:{conversation_id}", timeout=lock_lifetime)
        deadline = time.monotonic() + lock_lifetime
        while not mutex.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            await asyncio.sleep(POLL_SECONDS)
        try:
            yield TicketLock(conversation_id)
        finally:
            try:
                mutex.release()
            except Exception:  # expired meanwhile: nothing left to release
                pass
