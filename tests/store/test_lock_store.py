"""The file lock store serialises one conversation across tasks and processes, and only that one."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap

from rasa.utils.endpoints import EndpointConfig

from store.lock_store import FileLockStore


def _store(tmp_path) -> FileLockStore:
    return FileLockStore(EndpointConfig(directory=str(tmp_path / "locks")))


def test_same_conversation_waits_other_conversation_does_not(tmp_path):
    store = _store(tmp_path)
    order: list[str] = []

    async def hold(conversation: str, name: str, release: asyncio.Event) -> None:
        async with store.lock(conversation):
            order.append(f"{name} in")
            await release.wait()
            order.append(f"{name} out")

    async def main() -> None:
        first_release, second_release, other_release = asyncio.Event(), asyncio.Event(), asyncio.Event()
        first = asyncio.create_task(hold("anna", "first", first_release))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(hold("anna", "second", second_release))
        other = asyncio.create_task(hold("bo", "other", other_release))
        await asyncio.sleep(0.2)
        assert order == ["first in", "other in"]  # "second" is waiting for anna's lock
        other_release.set()
        first_release.set()
        second_release.set()
        await asyncio.gather(first, second, other)

    asyncio.run(main())
    assert order.index("second in") > order.index("first out")


def test_lock_holds_across_processes(tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import asyncio, sys
        from rasa.utils.endpoints import EndpointConfig
        from store.lock_store import FileLockStore
        async def main():
            async with FileLockStore(EndpointConfig(directory={str(tmp_path / "locks")!r})).lock("anna"):
                print("held", flush=True)
                sys.stdin.readline()
        asyncio.run(main())
        print("released", flush=True)
    """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        store = _store(tmp_path)

        async def main() -> None:
            acquired = asyncio.Event()

            async def take() -> None:
                async with store.lock("anna"):
                    acquired.set()

            task = asyncio.create_task(take())
            await asyncio.sleep(0.3)
            assert not acquired.is_set()  # the other process still holds it
            holder.stdin.write("\n")
            holder.stdin.flush()
            await asyncio.wait_for(task, timeout=20)
            assert acquired.is_set()

        asyncio.run(main())
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait()
