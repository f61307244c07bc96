"""Lock stores that really serialise a conversation across processes.

Redis (scale-out): a lock that is atomic across Rasa replicas.

Rasa 3.6's RedisLockStore issues tickets by reading, changing and writing a
JSON blob, which is not atomic: two replicas receiving messages for one
sender at the same moment can both get ticket 0, process in parallel and
lose events (seen in tests/e2e/test_scale_out.py). This store uses Redis'
own atomic lock (SET NX with expiry) per conversation instead.
"""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import os
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncGenerator, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

POLL_SECONDS = 0.01


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        # Rasa builds custom lock stores from the endpoint config alone.
        super().__init__(host=endpoint_config.url or "localhost", **endpoint_config.kwargs)

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
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


class FileLockStore(LockStore):
    """Per-conversation lock between the Sanic workers of one machine (`make run`).

    Rasa refuses several workers with its in-memory lock store, and Redis is one
    more service to run. An exclusive flock() on a small file per conversation
    (hashed into a fixed set of files) serialises a conversation's messages
    across processes; the OS releases it if a worker dies.
    """

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        kwargs = endpoint_config.kwargs if endpoint_config else {}
        self.directory = Path(kwargs.get("directory") or "data/store/locks")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.buckets = int(kwargs.get("buckets") or 4096)

    def _path(self, conversation_id: Text) -> Path:
        digest = hashlib.sha256(conversation_id.encode("utf-8")).digest()
        return self.directory / f"{int.from_bytes(digest[:4], 'big') % self.buckets:04x}.lock"

    @asynccontextmanager
    async def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        fd = os.open(self._path(conversation_id), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + lock_lifetime
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.") from None
                    await asyncio.sleep(POLL_SECONDS)
            yield TicketLock(conversation_id)
        finally:
            os.close(fd)  # closing releases the lock

    # Rasa's ticket bookkeeping is not used: the flock is the whole lock.
    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        return None

    def delete_lock(self, conversation_id: Text) -> None:
        return None

    def save_lock(self, lock: TicketLock) -> None:
        return None
