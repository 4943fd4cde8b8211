"""The atomic Redis lock store (bot/stores/locks.py) on the machine's Redis: Rasa's ticket-lock
rules, Rasa's stored format both ways, and no ticket issued twice under concurrent use."""
from __future__ import annotations

import asyncio
import concurrent.futures
import uuid

import pytest
from rasa.core.lock import TicketLock
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.stores.locks import AtomicRedisLockStore
from helpers import machine_redis


@pytest.fixture
def store() -> AtomicRedisLockStore:
    host, port = machine_redis()
    return AtomicRedisLockStore(EndpointConfig(url=host, port=port, db=5, key_prefix=f"t{uuid.uuid4().hex[:8]}"))


def test_tickets_follow_rasas_rules(store: AtomicRedisLockStore) -> None:
    conversation = uuid.uuid4().hex
    assert [store.issue_ticket(conversation) for _ in range(3)] == [0, 1, 2]
    lock = store.get_lock(conversation)  # Rasa's own read of what the script wrote
    assert lock.now_serving == 0 and lock.is_locked(1) and lock.last_issued == 2
    store.cleanup(conversation, 0)
    assert store.get_lock(conversation).now_serving == 1
    store.cleanup(conversation, 2)  # finishing out of turn removes only that ticket
    assert [t.number for t in store.get_lock(conversation).tickets] == [1]
    store.cleanup(conversation, 1)  # nobody waiting: the lock is gone
    assert store.get_lock(conversation) is None
    store.cleanup(conversation, 7)  # finishing a lock that is gone is harmless
    assert store.get_lock(conversation) is None


def test_expired_tickets_are_dropped_and_keys_expire(store: AtomicRedisLockStore) -> None:
    conversation = uuid.uuid4().hex
    store.issue_ticket(conversation, lock_lifetime=-1)  # expired on arrival (a crashed holder)
    assert store.issue_ticket(conversation, lock_lifetime=30) == 0
    assert [t.number for t in store.get_lock(conversation).tickets] == [0]
    assert 0 < store.red.ttl(store.key_prefix + conversation) <= 32
    store.issue_ticket(conversation, lock_lifetime=-1)
    store.update_lock(conversation)
    assert [t.number for t in store.get_lock(conversation).tickets] == [0]


def test_reads_a_lock_rasa_wrote(store: AtomicRedisLockStore) -> None:
    conversation = uuid.uuid4().hex
    lock = TicketLock(conversation)
    lock.issue_ticket(60)
    lock.issue_ticket(60)
    RedisLockStore.save_lock(store, lock)
    assert store.issue_ticket(conversation) == 2


def test_no_ticket_is_issued_twice_under_concurrency(store: AtomicRedisLockStore) -> None:
    conversation = uuid.uuid4().hex
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        numbers = list(pool.map(lambda _: store.issue_ticket(conversation), range(400)))
    assert sorted(numbers) == list(range(400))


async def test_rasas_lock_serves_one_holder_at_a_time(store: AtomicRedisLockStore) -> None:
    conversation, held, order = uuid.uuid4().hex, [], []

    async def hold(name: str) -> None:
        async with store.lock(conversation, wait_time_in_seconds=0.01):
            held.append(name)
            assert len(held) == 1
            await asyncio.sleep(0.02)
            order.append(name)
            held.remove(name)

    await asyncio.gather(*(hold(str(i)) for i in range(5)))
    assert sorted(order) == [str(i) for i in range(5)] and store.get_lock(conversation) is None
