"""Synchronized wrappers, as ``multiprocessing.sharedctypes`` makes them: a raw ctypes
object and a lock, with every ``.value``, element, slice and field access one critical
section. Unlike multiprocessing's, each access enters the lock as ``with`` does, so a
lock whose holder died is released again and its AbandonedLockError propagates without
the access running; and an access by the thread that owns the RLock already does not
acquire it a second time.
"""

import ctypes
import weakref


class SynchronizedBase:
    """A raw object with a lock: ``get_obj()``, ``get_lock()``, ``acquire``/``release`` and
    ``with`` delegate to the lock."""

    def __init__(self, obj, lock):
        self._obj = obj
        self._lock = lock
        self.acquire = lock.acquire
        self.release = lock.release

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc_info):
        return self._lock.__exit__(*exc_info)

    def __reduce__(self):
        from ._handles import attach, handle
        return attach, (handle(self),)

    def get_obj(self):
        """The raw ctypes object in shared memory."""
        return self._obj

    def get_lock(self):
        """The lock (a sharedctypes Lock or RLock)."""
        return self._lock

    def __repr__(self):
        return f'<{type(self).__name__} wrapper for {self._obj}>'


def _guarded(name):
    def get(self):
        lock = self._lock
        entered = lock._enter_section()
        try:
            return getattr(self._obj, name)
        finally:
            if entered:
                lock.release()

    def put(self, value):
        lock = self._lock
        entered = lock._enter_section()
        try:
            setattr(self._obj, name, value)
        finally:
            if entered:
                lock.release()

    return property(get, put)


class Synchronized(SynchronizedBase):
    """A synchronized scalar: ``.value`` under the lock."""

    value = _guarded('value')


class SynchronizedArray(SynchronizedBase):
    """A synchronized array: ``len``, indexing and slices, each under the lock."""

    def __len__(self):
        return len(self._obj)

    def __getitem__(self, i):
        lock = self._lock
        entered = lock._enter_section()
        try:
            return self._obj[i]
        finally:
            if entered:
                lock.release()

    def __setitem__(self, i, value):
        lock = self._lock
        entered = lock._enter_section()
        try:
            self._obj[i] = value
        finally:
            if entered:
                lock.release()


class SynchronizedString(SynchronizedArray):
    """A synchronized ``'c'`` array: also ``.value`` and ``.raw`` under the lock."""

    value = _guarded('value')
    raw = _guarded('raw')


_structure_classes = weakref.WeakKeyDictionary()


def synchronized_class(ctype):
    """The wrapper class for objects of ``ctype``."""
    if issubclass(ctype, ctypes._SimpleCData):
        return Synchronized
    if issubclass(ctype, ctypes.Array):
        return SynchronizedString if ctype._type_ is ctypes.c_char else SynchronizedArray
    known = _structure_classes.get(ctype)
    if known is None:
        names = {field[0]: _guarded(field[0]) for field in ctype._fields_}
        known = type('Synchronized' + ctype.__name__, (SynchronizedBase,), names)
        _structure_classes[ctype] = known
    return known


def wrap(obj, lock):
    """The synchronized wrapper of the raw object ``obj`` with ``lock``."""
    return synchronized_class(type(obj))(obj, lock)
