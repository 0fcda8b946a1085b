"""sharedctypes for CPython: ``multiprocessing``'s ``Value``, ``Array``, ``RawValue``,
``RawArray``, ``Lock`` and ``RLock`` over the shared memory of the TypeScript library's
process context, so that Python and Node.js processes share one object under one lock.

    import sharedctypes
    counter = sharedctypes.attach(text)        # a handle from Node: JSON.stringify(obj)
    with counter.get_lock():
        counter.value += 1
    print(sharedctypes.handle(sharedctypes.Value('d', 1.5)))   # for mp.attach in Node

Pure Python (ctypes, mmap), CPython 3.9 or newer, Linux on x86-64 or aarch64, with
libatomic. Raw objects are plain ctypes objects laid over the shared memory; wrappers and
locks behave like ``multiprocessing.sharedctypes``' and ``multiprocessing``'s. Memory
comes in 8 KiB segments shared by small objects (a larger object gets its own), as in
TypeScript (see ``_segments``).
"""

import ctypes

from . import _named, _segments
from ._handles import attach, handle, placed, record_of
from ._locks import LOCK_BYTES, AbandonedLockError, Lock, RLock
from ._types import resolve
from ._wrappers import (Synchronized, SynchronizedArray, SynchronizedBase,
                        SynchronizedString, wrap)

__all__ = [
    'AbandonedLockError', 'Array', 'Lock', 'RLock', 'RawArray', 'RawValue', 'Synchronized',
    'SynchronizedArray', 'SynchronizedBase', 'SynchronizedString', 'Value', 'attach', 'copy',
    'handle', 'synchronized', 'unlink',
]

def _new_object(ctype, description):
    region, offset = _segments.allocate(ctypes.sizeof(ctype))
    return placed(ctype.from_buffer(region.mm, offset), region, description)


def _array_type(typecode_or_type, size_or_initializer):
    ctype, description = resolve(typecode_or_type)
    if isinstance(size_or_initializer, int):
        array_type, items = ctype * size_or_initializer, None
    else:
        items = size_or_initializer
        array_type = ctype * len(items)
    return array_type, {'element': description, 'length': array_type._length_}, items


def _lock_option(lock):
    if lock is True or lock is None:
        return RLock()
    if lock is False or isinstance(lock, (Lock, RLock)):
        return lock
    raise TypeError(f'expected lock to be True, False, None, or a sharedctypes Lock or RLock, '
                    f'got {lock!r}')


def _named_lock_option(lock):
    if lock is True or lock is None or lock is False:
        return lock is not False
    raise TypeError(f'expected lock to be True, False or None for a named object (its RLock '
                    f'lives in its own memory), got {lock!r}')


def _named_object(ctype, description, init, synchronized, name):
    _named.check_name(name)
    size = ctypes.sizeof(ctype)
    lock_offset = -(-size // 4) * 4
    byte_length = lock_offset + LOCK_BYTES if synchronized else size

    def initialize(region, offset):
        if init is not None:
            ctype.from_buffer(region.mm, offset).__init__(*init)

    signature = _named.object_signature(description, synchronized)
    region, offset = _named.create_or_open(name, signature, byte_length, initialize)
    obj = placed(ctype.from_buffer(region.mm, offset), region, description)
    return wrap(obj, RLock._over(region, offset + lock_offset)) if synchronized else obj


def RawValue(typecode_or_type, *args, name=None):
    """A ctypes object in shared memory, initialized with ``args`` as ctypes does.

    ``name``: the named object that processes of either language meet at (1 to 64 of
    ``[A-Za-z0-9._-]``): the first to ask creates it with ``args``, every other one opens
    it as it is. Raises TypeError for an unknown type or a bad initializer, or a name taken
    by another type.
    """
    ctype, description = resolve(typecode_or_type)
    if name is not None:
        return _named_object(ctype, description, args, False, name)
    obj = _new_object(ctype, description)
    obj.__init__(*args)
    return obj


def RawArray(typecode_or_type, size_or_initializer, *, name=None):
    """A ctypes array in shared memory: ``size_or_initializer`` zeroed elements, or the
    given ones. ``name`` as for :func:`RawValue`."""
    array_type, description, items = _array_type(typecode_or_type, size_or_initializer)
    if name is not None:
        return _named_object(array_type, description, items, False, name)
    obj = _new_object(array_type, description)
    if items is not None:
        obj.__init__(*items)
    return obj


def Value(typecode_or_type, *args, lock=True, name=None):
    """A synchronized object, like ``multiprocessing.Value``: ``lock`` True or None for a
    new RLock, False for the raw object, or a sharedctypes Lock or RLock to use. With
    ``name``, the named object (see :func:`RawValue`) with its own RLock unless ``lock`` is
    False."""
    if name is not None:
        ctype, description = resolve(typecode_or_type)
        return _named_object(ctype, description, args, _named_lock_option(lock), name)
    lock = _lock_option(lock)
    obj = RawValue(typecode_or_type, *args)
    return obj if lock is False else wrap(obj, lock)


def Array(typecode_or_type, size_or_initializer, *, lock=True, name=None):
    """A synchronized array, like ``multiprocessing.Array``; ``lock`` and ``name`` as for
    :func:`Value`."""
    if name is not None:
        array_type, description, items = _array_type(typecode_or_type, size_or_initializer)
        return _named_object(array_type, description, items, _named_lock_option(lock), name)
    lock = _lock_option(lock)
    obj = RawArray(typecode_or_type, size_or_initializer)
    return obj if lock is False else wrap(obj, lock)


def synchronized(obj, lock=None):
    """The synchronized wrapper of a raw object in shared memory, with ``lock`` (a new RLock
    when None, True or False, as multiprocessing's ``lock or RLock()``). Raises TypeError for
    a wrapper or an object outside shared memory."""
    if isinstance(obj, SynchronizedBase):
        raise TypeError(f'expected a raw object, got {obj!r} (already synchronized)')
    record_of(obj)
    return wrap(obj, _lock_option(lock) or RLock())


def copy(obj):
    """A new raw object in shared memory with a copy of ``obj``'s contents (read under its
    lock for a wrapper)."""
    if isinstance(obj, SynchronizedBase):
        with obj.get_lock():
            return copy(obj.get_obj())
    record = record_of(obj)
    if record['kind'] != 'object':
        raise TypeError(f'expected a raw object or a wrapper, got {obj!r}')
    new = _new_object(type(obj), record['type'])
    ctypes.memmove(ctypes.addressof(new), ctypes.addressof(obj), ctypes.sizeof(obj))
    return new


def unlink(name):
    """Removes the named object ``name``; objects already opened stay valid, and the next to
    ask creates a new one. Returns whether there was one."""
    return _named.unlink(name)
