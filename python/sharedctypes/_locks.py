"""``Lock`` and ``RLock`` over the same 8 bytes of shared memory as TypeScript's, so that a
Python thread and a Node.js thread exclude each other.

A lock is two int32 cells: the state (0 when free, else the holder's agent id, plus
WAITING (1 << 30) when others may be asleep on it) and an RLock's acquisitions beyond the
first. An uncontended acquire is one compare-and-swap 0 -> id, a release one exchange (or
compare-and-swap) back to 0, waking one sleeper if WAITING was set. A waiter marks the
state WAITING, sleeps on it in the kernel's futex in slices of 50 ms, and tries 0 -> id |
WAITING again. After a slice in which the state did not change it asks whether the holder
has ended; if so it takes the lock over and raises AbandonedLockError, holding it.
"""

import ctypes
import math
import operator
import time

from . import _named, _native, _segments
from ._native import SEQ_CST, WAITING, _compare_exchange, _exchange, current_agent

UNLOCKED = 0
LOCK_BYTES = 8
_TIMED_OUT, _ACQUIRED, _ABANDONED = 0, 1, 2
_NO_WAIT = -math.inf
_FOREVER = math.inf


class AbandonedLockError(RuntimeError):
    """The holder of a lock ended (its thread or process died) while holding it. Raised by
    the acquire that took the lock over: the lock is now held by the calling thread, which
    may repair the data it protects and must release it. ``with`` blocks release it and
    re-raise without running their body. ``error.lock`` is the lock."""

    def __init__(self, lock):
        super().__init__('the holder of this lock ended while holding it; the lock is now '
                         'held by this thread')
        self.lock = lock


def _seconds(timeout):
    """A timeout as a float. Raises TypeError for a non-number, ValueError for NaN."""
    if isinstance(timeout, (str, bytes, bytearray)):
        raise TypeError(f'expected timeout to be a number of seconds or None, got {timeout!r}')
    try:
        seconds = float(timeout)
    except TypeError:
        raise TypeError(f'expected timeout to be a number of seconds or None, '
                        f'got {timeout!r}') from None
    if math.isnan(seconds):
        raise ValueError('expected timeout to be a number of seconds or None, got nan')
    return seconds


def _deadline(block, timeout):
    """The monotonic deadline of an acquire: _FOREVER, _NO_WAIT, or a time."""
    if not block:
        return _NO_WAIT
    if timeout is None:
        return _FOREVER
    seconds = _seconds(timeout)
    return _NO_WAIT if seconds <= 0 else time.monotonic() + seconds


def _check_arguments(block, timeout):
    if block is not True:
        try:
            operator.index(block)
        except TypeError:
            raise TypeError(f'expected block to be a bool, got {block!r}') from None
    if timeout is not None:
        _seconds(timeout)


class _SharedLock:
    __slots__ = ('_region', '_offset', '_state', '_depth', '_address', '__weakref__')
    kind = ''
    _signature_kind = ''

    def __init__(self, *, name=None):
        if name is None:
            self._bind(*_segments.allocate(LOCK_BYTES))
            return
        _named.check_name(name)
        signature = _named.lock_signature(self._signature_kind)
        self._bind(*_named.create_or_open(name, signature, LOCK_BYTES, lambda *_: None))

    @classmethod
    def _over(cls, region, offset):
        """The lock whose cells are at ``offset`` of ``region``."""
        lock = cls.__new__(cls)
        lock._bind(region, offset)
        return lock

    def _bind(self, region, offset):
        self._region = region
        self._offset = offset
        self._state = ctypes.c_int32.from_buffer(region.mm, offset)
        self._depth = ctypes.c_int32.from_buffer(region.mm, offset + 4)
        self._address = ctypes.c_void_p(ctypes.addressof(self._state))

    def _take_over(self, agent, seen):
        """Takes the lock if its holder in state ``seen`` has ended (keeping WAITING)."""
        holder = seen & ~WAITING
        if holder == UNLOCKED or not agent.worth_asking(self._address.value, seen):
            return False
        if not _native.has_ended(holder):
            return False
        taken = agent.id | (seen & WAITING)
        if agent.compare_exchange(self._address, seen, taken) != seen:
            return False
        self._depth.value = 0
        return True

    def _lock_until(self, agent, seen, deadline):
        """Waits for the lock, held by another agent in state ``seen``, until ``deadline``."""
        address = self._address
        if deadline == _NO_WAIT:
            return _ABANDONED if self._take_over(agent, seen) else _TIMED_OUT
        state = seen
        while True:
            if state != UNLOCKED:
                marked = state
                if not state & WAITING:
                    marked = state | WAITING
                    if agent.compare_exchange(address, state, marked) != state:
                        marked = None
                if marked is not None:
                    left = _native.WAIT_SLICE if deadline == _FOREVER else deadline - time.monotonic()
                    if left <= 0:
                        return _ABANDONED if self._take_over(agent, marked) else _TIMED_OUT
                    _native.futex_wait(address, marked, min(left, _native.WAIT_SLICE))
                    if _native.load(address) == marked and self._take_over(agent, marked):
                        return _ABANDONED
            state = agent.compare_exchange(address, UNLOCKED, agent.id | WAITING)
            if state == UNLOCKED:
                return _ACQUIRED

    def _contended(self, agent, seen, block, timeout):
        """The acquire once the compare-and-swap 0 -> id saw ``seen``."""
        outcome = self._lock_until(agent, seen, _deadline(block, timeout))
        if outcome == _ABANDONED:
            raise AbandonedLockError(self)
        return outcome == _ACQUIRED

    def acquire(self, block=True, timeout=None):
        """Acquires the lock; ``timeout`` in seconds (None: no limit, <= 0: no wait).
        Returns whether it was acquired; raises AbandonedLockError, holding it, when its
        holder ended holding it."""
        if block is not True or timeout is not None:
            _check_arguments(block, timeout)
        agent = current_agent()
        if _compare_exchange(self._address, agent.expected_address, agent.id, SEQ_CST, SEQ_CST):
            return True
        return self._contended(agent, agent.seen(), block, timeout)

    # The uncontended acquire is written out again in __enter__: a call less per ``with``.
    def __enter__(self):
        agent = current_agent()
        if _compare_exchange(self._address, agent.expected_address, agent.id, SEQ_CST, SEQ_CST):
            return True
        try:
            return self._contended(agent, agent.seen(), True, None)
        except AbandonedLockError:
            self.release()
            raise

    def __exit__(self, *exc_info):
        self.release()

    def _enter_section(self):
        """Enters a wrapper's critical section as ``with`` does; whether the section must
        release the lock when it ends."""
        self.__enter__()
        return True

    def __reduce__(self):
        from ._handles import attach, handle
        return attach, (handle(self),)

    def _holder_thread(self):
        holder = _native.load(self._address) & ~WAITING
        return holder & _native.THREAD_ID_MASK if holder else None


class Lock(_SharedLock):
    """A non-recursive lock in shared memory, like ``multiprocessing.Lock()``: any thread of
    any process may release it. With ``name``, the named lock that processes of either
    language meet at, created unlocked by the first to ask."""

    __slots__ = ()
    kind = 'lock'
    _signature_kind = 'Lock'

    def release(self):
        """Releases the lock. Raises ValueError when it is not held."""
        seen = _exchange(self._address, UNLOCKED, SEQ_CST)
        if seen == UNLOCKED:
            raise ValueError('semaphore or lock released too many times')
        if seen & WAITING:
            _native.futex_wake(self._address, 1)

    def __repr__(self):
        return f'<Lock(owner={self._holder_thread()})>'


class RLock(_SharedLock):
    """A recursive lock in shared memory, like ``multiprocessing.RLock()``: owned by the
    thread that acquired it, free after as many releases. ``name`` as for :class:`Lock`."""

    __slots__ = ()
    kind = 'rlock'
    _signature_kind = 'RLock'

    def _contended(self, agent, seen, block, timeout):
        if seen & ~WAITING == agent.id:
            self._depth.value += 1
            return True
        return super()._contended(agent, seen, block, timeout)

    def _enter_section(self):
        # An RLock this thread owns already needs no second acquisition.
        if self._state.value & ~WAITING == current_agent().id:
            return False
        self.__enter__()
        return True

    def release(self):
        """Releases one acquisition. Raises AssertionError when this thread does not own it."""
        agent = current_agent()
        depth = self._depth.value
        if depth > 0:
            if self._state.value & ~WAITING == agent.id:
                self._depth.value = depth - 1
                return
        elif _compare_exchange(self._address, agent.own_address, UNLOCKED, SEQ_CST, SEQ_CST):
            return
        else:
            seen = agent.own.value
            agent.own.value = agent.id
            # Only the owner changes a held state, but for a waiter adding WAITING.
            if seen == agent.id | WAITING:
                _native.store(self._address, UNLOCKED)
                _native.futex_wake(self._address, 1)
                return
        raise AssertionError('attempt to release recursive lock not owned by thread')

    def __repr__(self):
        holder = self._holder_thread()
        if holder is None:
            return '<RLock(None, 0)>'
        return f'<RLock({holder}, {self._depth.value + 1})>'
