"""The machine-level parts, through ctypes only: 32-bit atomic operations on shared
memory (libatomic's ``__atomic_*_4``, the same instructions as JavaScript's ``Atomics``),
futex waits and wake-ups that reach every process (never the process-private futex), and
who the current thread is as a lock holder.

A lock holder is an *agent id*: the OS thread id (below 2**22 on Linux) with the low 8 bits
of the thread's start time (field 22 of ``/proc/<tid>/stat``, in clock ticks since boot)
in bits 22 to 29, as Node's side of sharedctypes records it. Thread ids are reused once a
thread is gone; the start-time bits tell a holder that ended from a later thread with its
id (255 cases of 256).
"""

import ctypes
import os
import platform
import threading
import time

SEQ_CST = 5
WAITING = 1 << 30
THREAD_ID_BITS = 22
THREAD_ID_MASK = (1 << THREAD_ID_BITS) - 1
START_BITS_MASK = 0xFF
FUTEX_WAIT = 0
FUTEX_WAKE = 1
WAKE_ALL = 2**31 - 1
# A waiter's slice, in seconds: also how often a holder that may have ended is asked about.
WAIT_SLICE = 0.05

_FUTEX_SYSCALLS = {'x86_64': 202, 'amd64': 202, 'aarch64': 98, 'arm64': 98}

_machine = platform.machine().lower()
if not platform.system() == 'Linux' or _machine not in _FUTEX_SYSCALLS:
    raise ImportError(
        'sharedctypes works on Linux on x86-64 or aarch64, not on '
        f'{platform.system()} {platform.machine()}'
    )

try:
    # PyDLL: the atomic operations never block, so they keep the GIL (cheaper per call).
    _atomic = ctypes.PyDLL('libatomic.so.1')
except OSError as error:
    raise ImportError(
        'sharedctypes needs libatomic.so.1 (Debian and Ubuntu: apt-get install libatomic1; '
        f'Fedora: dnf install libatomic): {error}'
    ) from error

# No argtypes: addresses are passed as c_void_p objects and values as C ints, the
# cheapest way through ctypes (about 200 ns a call against 500 ns with argtypes).
_compare_exchange = getattr(_atomic, '__atomic_compare_exchange_4')
_compare_exchange.restype = ctypes.c_bool
_exchange = getattr(_atomic, '__atomic_exchange_4')
_load = getattr(_atomic, '__atomic_load_4')
_store = getattr(_atomic, '__atomic_store_4')
_store.restype = None

_libc = ctypes.CDLL(None)
_syscall = _libc.syscall
_syscall.restype = ctypes.c_long
_SYS_FUTEX = ctypes.c_long(_FUTEX_SYSCALLS[_machine])


class _Timespec(ctypes.Structure):
    _fields_ = [('tv_sec', ctypes.c_long), ('tv_nsec', ctypes.c_long)]


def load(address):
    """Atomically reads the int32 at ``address``."""
    return _load(address, SEQ_CST)


def store(address, value):
    """Atomically writes ``value`` to the int32 at ``address``."""
    _store(address, value, SEQ_CST)


def futex_wait(address, expected, seconds):
    """Sleeps while the int32 at ``address`` is ``expected``, at most ``seconds``; may return
    early (woken, interrupted, or the value differed): callers look at the cell again."""
    whole = int(seconds)
    timeout = _Timespec(whole, int((seconds - whole) * 1e9))
    _syscall(
        _SYS_FUTEX,
        address,
        ctypes.c_long(FUTEX_WAIT),
        ctypes.c_long(expected),
        ctypes.byref(timeout),
        None,
        ctypes.c_long(0),
    )


def futex_wake(address, count):
    """Wakes up to ``count`` threads of any process sleeping on the int32 at ``address``."""
    _syscall(_SYS_FUTEX, address, ctypes.c_long(FUTEX_WAKE), ctypes.c_long(count), None, None,
             ctypes.c_long(0))


_PF_EXITING = 0x4
"""The flag of a task that has begun to exit (``PF_EXITING`` in the kernel's ``sched.h``)."""


def thread_start_time(tid):
    """When the live thread ``tid`` started (clock ticks since boot), or -1 when no such
    thread lives (gone, exiting, or a zombie not yet reaped).

    Raises OSError when ``/proc`` cannot be read (no permission, out of descriptors).
    """
    try:
        with open(f'/proc/{tid}/stat', 'rb') as stat:
            text = stat.read()
    except (FileNotFoundError, ProcessLookupError):
        return -1
    # The command name (field 2) is in parentheses and may hold anything: fields 3 on
    # follow the last ')'.
    fields = text[text.rindex(b')') + 1:].split()
    # A thread in the kernel's exit path (PF_EXITING in field 9) never runs its code again,
    # and its joiner may already have returned while it still shows as running.
    if fields[0] in (b'Z', b'X', b'x') or int(fields[6]) & _PF_EXITING:
        return -1
    return int(fields[19])


def agent_id_of(tid, start_time):
    """The agent id of thread ``tid`` that started at ``start_time``."""
    return tid | ((start_time & START_BITS_MASK) << THREAD_ID_BITS)


def has_ended(agent_id):
    """Whether the thread of ``agent_id`` has ended: no thread has its id any more, or the
    one that has it started at another time. An id no thread can have counts as ended.
    False where the calling thread cannot tell: it does not see itself in ``/proc`` (a PID
    namespace of its own), or ``/proc`` cannot be read; a dead holder's lock stays held
    rather than a live one's being taken."""
    if not current_agent().sees_threads:
        return False
    if not 0 < agent_id < WAITING:
        return True
    tid = agent_id & THREAD_ID_MASK
    if tid == 0:
        return True
    try:
        start_time = thread_start_time(tid)
    except OSError:
        return False
    return start_time < 0 or agent_id_of(tid, start_time) != agent_id


class Agent:
    """The calling thread as a lock holder: its agent id, whether it can tell that other
    threads ended, and its own int32 that
    ``__atomic_compare_exchange_4`` reads the expected value from and writes the value it saw
    to (0 between calls, so that a compare-and-swap 0 -> id passes ``expected_address``)."""

    __slots__ = ('id', 'sees_threads', 'expected', 'expected_address', 'own', 'own_address',
                 '_last_asked', '_asked_at')

    def __init__(self):
        tid = threading.get_native_id()
        if tid > THREAD_ID_MASK:
            raise RuntimeError(f'OS thread id {tid} is above 2**22, which locks cannot record')
        try:
            start_time = thread_start_time(tid)
        except OSError:
            start_time = -1
        # A thread that cannot see itself in /proc cannot tell that others ended either.
        self.sees_threads = start_time >= 0
        self.id = agent_id_of(tid, start_time) if self.sees_threads else tid
        self.expected = ctypes.c_int32(0)
        self.expected_address = ctypes.c_void_p(ctypes.addressof(self.expected))
        # Holds ``id`` between calls: the expected value of a release's compare-and-swap.
        self.own = ctypes.c_int32(self.id)
        self.own_address = ctypes.c_void_p(ctypes.addressof(self.own))
        self._last_asked = None
        self._asked_at = 0.0

    def worth_asking(self, address, seen):
        """Whether to ask /proc about the holder in state ``seen`` of the lock at
        ``address`` now: a loop of failing ``acquire(False)`` asks at most once a slice per
        lock state (a question reads /proc, some tens of microseconds)."""
        now = time.monotonic()
        if self._last_asked == (address, seen) and now - self._asked_at < WAIT_SLICE:
            return False
        self._last_asked = address, seen
        self._asked_at = now
        return True

    def seen(self):
        """What a failed compare-and-swap from ``expected`` saw; resets ``expected`` to 0."""
        value = self.expected.value
        self.expected.value = 0
        return value

    def compare_exchange(self, address, compare, desired):
        """Compare-and-swap ``compare`` -> ``desired``; returns the value seen (``compare``
        when it was swapped)."""
        self.expected.value = compare
        _compare_exchange(address, self.expected_address, desired, SEQ_CST, SEQ_CST)
        return self.seen()


_threads = threading.local()


def current_agent():
    """The calling thread's :class:`Agent`, made once per thread."""
    try:
        return _threads.agent
    except AttributeError:
        agent = _threads.agent = Agent()
        return agent


def _forget_agents():
    # A forked child's threads have new ids.
    global _threads
    _threads = threading.local()


os.register_at_fork(after_in_child=_forget_agents)
