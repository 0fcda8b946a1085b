"""Handles: the plain data (JSON) that names a shared object, lock or wrapper in any
process of either language, in TypeScript's format (version 4). What
``JSON.stringify(obj)`` gives in Node is ``{"__sharedctypes__": record}``, where a record is
one of::

    {"version": 4, "kind": "object", "memory": M, "offset": n, "type": T}
    {"version": 4, "kind": "lock" | "rlock", "memory": M, "offset": n}
    {"version": 4, "kind": "synchronized", "memory": M, "offset": n, "type": T,
     "lockKind": "lock" | "rlock", "lockMemory": M, "lockOffset": n}

with ``M = {"context": "process", "id": "/sharedctypes-...", "byteLength": n}``.
"""

import ctypes
import json
import os

from . import _segments
from ._locks import LOCK_BYTES, Lock, RLock
from ._types import describe, from_description, to_json
from ._wrappers import SynchronizedBase, wrap

HANDLE_KEY = '__sharedctypes__'
VERSION = 4
_OBJECT_KEYS = {'version', 'kind', 'memory', 'offset', 'type'}
_LOCK_KEYS = {'version', 'kind', 'memory', 'offset'}
_SYNCHRONIZED_KEYS = {'version', 'kind', 'memory', 'offset', 'type', 'lockKind', 'lockMemory',
                      'lockOffset'}
_MEMORY_KEYS = {'context', 'id', 'byteLength'}


def placed(obj, region, description):
    """Marks a raw ctypes object over ``region`` with its description; returns it."""
    obj.__sharedctypes__ = region, description
    return obj


def _object_record(obj):
    mark = getattr(obj, '__sharedctypes__', None)
    size = ctypes.sizeof(obj)
    address = ctypes.addressof(obj)
    region = _segments.region_of(address, size)
    if region is None:
        raise TypeError(f'expected an object in shared memory of sharedctypes, got {obj!r}')
    description = mark[1] if isinstance(mark, tuple) else describe(type(obj))
    return {'version': VERSION, 'kind': 'object', 'memory': region.description,
            'offset': address - region.address, 'type': description}


def _lock_record(lock):
    return {'version': VERSION, 'kind': lock.kind, 'memory': lock._region.description,
            'offset': lock._offset}


def record_of(obj):
    """The handle record of a shared object, lock or wrapper of sharedctypes."""
    if isinstance(obj, (Lock, RLock)):
        return _lock_record(obj)
    if isinstance(obj, SynchronizedBase):
        record, lock = _object_record(obj._obj), _lock_record(obj._lock)
        return {'version': VERSION, 'kind': 'synchronized', 'memory': record['memory'],
                'offset': record['offset'], 'type': record['type'], 'lockKind': lock['kind'],
                'lockMemory': lock['memory'], 'lockOffset': lock['offset']}
    if isinstance(obj, (ctypes._SimpleCData, ctypes.Array, ctypes.Structure)):
        return _object_record(obj)
    raise TypeError(f'expected a shared object, lock or wrapper of sharedctypes, got {obj!r}')


def handle(obj):
    """The JSON text that ``mp.attach(JSON.parse(text))`` takes in Node, and
    :func:`attach` here, for a shared object, lock or wrapper.

    Raises TypeError for anything else (a ctypes object outside sharedctypes' memory).
    """
    return to_json({HANDLE_KEY: record_of(obj)})


class _Decoded:
    """A checked record: its kind, memory (id, byte length), offset and type."""

    __slots__ = ('kind', 'segment', 'offset', 'ctype', 'description', 'object', 'lock')


def _fail(name, expected, got):
    raise ValueError(f'expected {name} to be {expected}, got {got!r}')


def _keys(record, keys, name):
    if not isinstance(record, dict):
        _fail(name, 'a handle record', record)
    if set(record) != keys:
        _fail(name, f"a record with the keys {', '.join(sorted(keys))}", sorted(record))


def _place(memory, offset, size, alignment, memory_name, offset_name):
    _keys(memory, _MEMORY_KEYS, memory_name)
    if memory['context'] != 'process':
        _fail(f'{memory_name}.context', "'process' (Python attaches the process context's "
              'objects only)', memory['context'])
    segment_id, byte_length = memory['id'], memory['byteLength']
    if not isinstance(segment_id, str) or not (_segments.SEGMENT_NAME.match(segment_id) or
                                               _segments.NAMED_SEGMENT_NAME.match(segment_id)):
        _fail(f'{memory_name}.id', 'the name of a shared memory segment of sharedctypes',
              segment_id)
    if type(byte_length) is not int or byte_length <= 0 or byte_length % 8:
        _fail(f'{memory_name}.byteLength', 'a positive multiple of 8', byte_length)
    if type(offset) is not int or offset < 0:
        _fail(offset_name, 'a non-negative integer byte offset', offset)
    if offset + size > byte_length:
        _fail(offset_name, f'an offset at which {size} bytes fit in {byte_length}', offset)
    if offset % alignment:
        _fail(offset_name, f'a multiple of {alignment}', offset)
    return (segment_id, byte_length), offset


def _version_and_kind(record, name):
    if not isinstance(record, dict):
        _fail(name, 'a handle record', record)
    if record.get('version') != VERSION or type(record.get('version')) is not int:
        _fail(f'{name}.version', f'{VERSION}, the handle format of this version of '
              'sharedctypes', record.get('version'))
    return record.get('kind')


def _object_place(memory, offset, description, name):
    decoded = _Decoded()
    decoded.kind = 'object'
    decoded.description = description
    decoded.ctype = from_description(description, f'{name}.type')
    size = ctypes.sizeof(decoded.ctype)
    # A scalar sits at its natural alignment; arrays and structures may sit anywhere.
    alignment = size if issubclass(decoded.ctype, ctypes._SimpleCData) else 1
    decoded.segment, decoded.offset = _place(memory, offset, size, alignment, f'{name}.memory',
                                             f'{name}.offset')
    return decoded


def _lock_place(memory, offset, kind, memory_name, offset_name):
    decoded = _Decoded()
    decoded.kind = kind
    decoded.segment, decoded.offset = _place(memory, offset, LOCK_BYTES, 4, memory_name,
                                             offset_name)
    return decoded


def _decode_object(record, name):
    _keys(record, _OBJECT_KEYS, name)
    return _object_place(record['memory'], record['offset'], record['type'], name)


def _decode_lock(record, kind, name):
    _keys(record, _LOCK_KEYS, name)
    return _lock_place(record['memory'], record['offset'], kind, f'{name}.memory',
                       f'{name}.offset')


def decode(record, name=HANDLE_KEY):
    """Checks a handle record; returns what it describes, nothing opened yet.

    Raises ValueError for a record that is not one of this version's, or whose object does
    not fit in its memory.
    """
    kind = _version_and_kind(record, name)
    if kind == 'object':
        return _decode_object(record, name)
    if kind in ('lock', 'rlock'):
        return _decode_lock(record, kind, name)
    if kind == 'synchronized':
        _keys(record, _SYNCHRONIZED_KEYS, name)
        lock_kind = record['lockKind']
        if lock_kind not in ('lock', 'rlock'):
            _fail(f'{name}.lockKind', "'lock' or 'rlock'", lock_kind)
        decoded = _Decoded()
        decoded.kind = 'synchronized'
        decoded.object = _object_place(record['memory'], record['offset'], record['type'], name)
        decoded.lock = _lock_place(record['lockMemory'], record['lockOffset'], lock_kind,
                                   f'{name}.lockMemory', f'{name}.lockOffset')
        return decoded
    _fail(f'{name}.kind', "'object', 'lock', 'rlock' or 'synchronized'", kind)


def _find_handles(data, found):
    """Every handle record in ``data`` (dicts and lists), decoded, in ``found``."""
    if isinstance(data, dict):
        if HANDLE_KEY in data:
            found[id(data)] = data, decode(data[HANDLE_KEY])
        else:
            for value in data.values():
                _find_handles(value, found)
    elif isinstance(data, list):
        for value in data:
            _find_handles(value, found)


def _segments_of(decoded):
    if decoded.kind == 'synchronized':
        return [decoded.object.segment, decoded.lock.segment]
    return [decoded.segment]


def _open_all(found):
    """Opens every segment the handles name: all checked before any is mapped."""
    opened = {}
    try:
        for _, decoded in found.values():
            for segment in _segments_of(decoded):
                if segment not in opened:
                    opened[segment] = _segments.open_checked(*segment)
    except BaseException:
        for fd, _ in opened.values():
            os.close(fd)
        raise
    return {segment: _segments.map_opened(*segment, fd, status)
            for segment, (fd, status) in opened.items()}


class _Builder:
    def __init__(self, regions):
        self.regions = regions
        self.locks = {}

    def object(self, decoded):
        region = self.regions[decoded.segment]
        obj = decoded.ctype.from_buffer(region.mm, decoded.offset)
        return placed(obj, region, decoded.description)

    def lock(self, decoded):
        key = decoded.segment, decoded.offset, decoded.kind
        lock = self.locks.get(key)
        if lock is None:
            region = self.regions[decoded.segment]
            lock_class = Lock if decoded.kind == 'lock' else RLock
            lock = self.locks[key] = lock_class._over(region, decoded.offset)
        return lock

    def build(self, decoded):
        if decoded.kind == 'object':
            return self.object(decoded)
        if decoded.kind == 'synchronized':
            return wrap(self.object(decoded.object), self.lock(decoded.lock))
        return self.lock(decoded)

    def walk(self, data, found):
        if isinstance(data, dict):
            if id(data) in found:
                return self.build(found[id(data)][1])
            return {key: self.walk(value, found) for key, value in data.items()}
        if isinstance(data, list):
            return [self.walk(value, found) for value in data]
        return data


def attach(data):
    """The live objects that handles name, over the same memory and locks as in every other
    process: ``data`` is JSON text (``sharedctypes.handle(obj)``, or ``JSON.stringify(obj)``
    in Node) or the parsed value, a handle or dicts and lists holding some. Handles become
    objects (raw ctypes objects, wrappers, locks); everything around them is copied.
    Objects that share a lock in one call share one lock object.

    Raises TypeError when ``data`` is not text, a dict or a list; ValueError when it holds
    no handle, a handle is damaged or of another version, or names memory that is gone or
    does not match (nothing is mapped then).
    """
    if isinstance(data, (str, bytes, bytearray)):
        data = json.loads(data)
    elif not isinstance(data, (dict, list)):
        raise TypeError(f'expected JSON text, a dict or a list holding sharedctypes handles, '
                        f'got {data!r}')
    found = {}
    _find_handles(data, found)
    if not found:
        raise ValueError(f'expected a sharedctypes handle, or dicts and lists holding some, '
                         f'got {data!r}')
    try:
        regions = _open_all(found)
    except _segments.SegmentError as error:
        raise ValueError(f'expected a handle of existing memory: {error}') from None
    return _Builder(regions).walk(data, found)
