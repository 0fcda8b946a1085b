"""Named objects: memory that unrelated processes of either language meet at by a name.
The first to ask creates the segment ``/sharedctypes_<name>`` exclusively, writes its
header and the object's initial value, then marks it ready; every other one waits until it
is ready and checks that the object there is the one it asked for.

A region starts with a 16-byte header of int32s: the state (0 while the creator
initializes, 1 once ready, 2 when it failed and removed the name), the creator's agent id
(so that a creator that ended half-way is reported instead of waited for), the byte length
of the signature that follows in UTF-8, and 0. The signature is ``label + "\\n" + exact``: a readable label such as
``c_int with an RLock``, and the JSON of the type and lock that must match exactly. The
object's bytes follow at a 16-aligned offset.
"""

import ctypes
import re
import time

from . import _native, _segments
from ._types import to_json, type_name

NAME = re.compile(r'[A-Za-z0-9._-]{1,64}\Z')
HEADER_BYTES = 16
STATE, CREATOR, SIGNATURE_BYTES = 0, 1, 2
READY = 1
# Its creator could not initialize it and removed the name: try again.
FAILED = 2
# Slices an opener waits for a region whose creator never wrote its identity.
SLICES_WITHOUT_CREATOR = 20
ATTEMPTS = 1000


def check_name(name):
    """Checks a named object's name: 1 to 64 of [A-Za-z0-9._-]."""
    if not isinstance(name, str):
        raise TypeError(f'expected name to be a str of 1 to 64 of [A-Za-z0-9._-], got {name!r}')
    if not NAME.match(name):
        raise ValueError(f'expected name to be 1 to 64 of [A-Za-z0-9._-], got {name!r}')
    return name


def object_signature(description, lock):
    """The signature of a named object of the described type, with its own RLock or none."""
    label = type_name(description) + (' with an RLock' if lock else '')
    return label, to_json({'type': description, 'lock': 'rlock' if lock else None})


def lock_signature(kind):
    """The signature of a named ``'Lock'`` or ``'RLock'``."""
    return f"{'a' if kind == 'Lock' else 'an'} {kind}", to_json({'lock': kind})


def _cell(region, index):
    return ctypes.c_void_p(region.address + 4 * index)


def _int32s(region):
    return (ctypes.c_int32 * 4).from_buffer(region.mm)


def _await_ready(region, name):
    """Waits until the creator marked the region ready; False when it failed and removed
    the name (ask again). Raises RuntimeError when it ended before that, or never said who
    it is."""
    state_cell = _cell(region, STATE)
    slices = 0
    while True:
        state = _native.load(state_cell)
        if state == READY:
            return True
        if state == FAILED:
            return False
        _native.futex_wait(state_cell, state, _native.WAIT_SLICE)
        slices += 1
        if _native.load(state_cell) != 0:
            continue
        creator = _native.load(_cell(region, CREATOR))
        stuck = slices > SLICES_WITHOUT_CREATOR if creator == 0 else _native.has_ended(creator)
        if stuck:
            raise RuntimeError(
                f'The named object {to_json(name)} was left unfinished (its creator ended '
                'while making it, or something else made that name); remove it with '
                f'unlink({to_json(name)})')


# The messages are TypeScript's, word for word.
def _check_signature(region, name, label, exact):
    length = _int32s(region)[SIGNATURE_BYTES]
    found = region.mm[HEADER_BYTES:HEADER_BYTES + length].decode('utf-8', 'replace')
    if found == f'{label}\n{exact}':
        return
    found_label, _, found_exact = found.partition('\n')
    same_label = found_label == label
    raise TypeError(f'Expected the named object {to_json(name)} to be '
                    f'{exact if same_label else label}, got '
                    f'{found_exact if same_label else found_label} (the object of that name)')


def _open(segment_id):
    byte_length = _segments.segment_size(segment_id)
    if byte_length < HEADER_BYTES:
        return None
    try:
        fd, status = _segments.open_checked(segment_id, byte_length)
    except _segments.SegmentError:
        return None
    return _segments.map_opened(segment_id, byte_length, fd, status)


def create_or_open(name, signature, byte_length, initialize):
    """Creates or opens the named object ``name`` of ``byte_length`` bytes: returns its
    region and the offset of its bytes. A new one is set up by ``initialize(region,
    offset)`` before anyone else can use it.

    Raises TypeError when an object of another signature has that name; RuntimeError when
    its creator ended before it was ready.
    """
    label, exact = signature
    encoded = f'{label}\n{exact}'.encode()
    offset = -(-(HEADER_BYTES + len(encoded)) // 16) * 16
    total = -(-(offset + byte_length) // 8) * 8
    segment_id = _segments.NAMED_PREFIX + name
    for _ in range(ATTEMPTS):
        made = _segments.create_named(segment_id, total)
        if made is not None:
            cells = _int32s(made)
            cells[CREATOR] = _native.current_agent().id
            cells[SIGNATURE_BYTES] = len(encoded)
            made.mm[HEADER_BYTES:HEADER_BYTES + len(encoded)] = encoded
            state = _cell(made, STATE)
            try:
                initialize(made, offset)
            except BaseException:
                _segments.unlink_segment(segment_id)
                _native.store(state, FAILED)
                _native.futex_wake(state, _native.WAKE_ALL)
                raise
            _native.store(state, READY)
            _native.futex_wake(state, _native.WAKE_ALL)
            return made, offset
        opened = _open(segment_id)
        if opened is None:
            time.sleep(0.001)
            continue
        if not _await_ready(opened, name):
            continue
        _check_signature(opened, name, label, exact)
        if opened.byte_length != total:
            raise TypeError(f'Expected the named object {to_json(name)} to have {total} bytes, '
                            f'got {opened.byte_length} (the object of that name)')
        return opened, offset
    raise RuntimeError(f'The named object {to_json(name)} could not be created or opened: its '
                       'name kept changing')


def unlink(name):
    """Removes the named object ``name``; objects already opened stay valid. Returns
    whether there was one."""
    return _segments.unlink_segment(_segments.NAMED_PREFIX + check_name(name))
