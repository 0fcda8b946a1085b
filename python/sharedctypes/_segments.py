"""Memory of the process context: POSIX shared memory segments, opened as files of
``/dev/shm`` (what ``shm_open`` does) and mapped with ``mmap``. Not
``multiprocessing.shared_memory``: its resource tracker would unlink even segments it only
attached to when this process exits.

Segments are created exclusively with mode 0600. Unnamed ones (``/sharedctypes-<pid>-<32
random hex digits>``) keep their name while the creating process lives, so that a handle
in flight can still be opened, and lose it when that process exits (``atexit``); names
left by a process that was killed carry its pid, and the next process of either language
that creates one removes those of dead processes. Named objects' segments
(``/sharedctypes_<name>``) stay until :func:`unlink`.

Small objects (up to 1 KiB) are bump-allocated, 16-byte aligned, in 8 KiB segments, as in
TypeScript; a larger object gets a segment of its own.

Each segment is mapped once per process while any object over it lives (every object
holds its region, which holds the mmap); a registry of the live regions by address tells
which segment a ctypes object lies in.
"""

import atexit
import ctypes
import mmap
import os
import re
import secrets
import threading
import weakref

FOLDER = '/dev/shm'
SEGMENT_PREFIX = 'sharedctypes-'
SEGMENT_NAME = re.compile(r'/sharedctypes-[1-9][0-9]{0,9}-[0-9a-f]{32}\Z')
NAMED_PREFIX = '/sharedctypes_'
NAMED_SEGMENT_NAME = re.compile(r'/sharedctypes_[A-Za-z0-9._-]{1,64}\Z')


class Region:
    """One mapped segment: its mmap, where it is in this process, and its handle record."""

    __slots__ = ('mm', 'address', 'id', 'byte_length', 'identity', '__weakref__')

    def __init__(self, mm, segment_id, byte_length, identity):
        self.mm = mm
        view = ctypes.c_char.from_buffer(mm)
        self.address = ctypes.addressof(view)
        del view
        self.id = segment_id
        self.byte_length = byte_length
        self.identity = identity

    @property
    def description(self):
        """The memory record of a handle: ``{context, id, byteLength}``."""
        return {'context': 'process', 'id': self.id, 'byteLength': self.byte_length}


_guard = threading.Lock()
# Live regions by address and by segment id, held weakly.
_by_address = {}
_by_id = {}
_created_names = set()
_creator_pid = os.getpid()
_swept = False


def _path(segment_id):
    return FOLDER + segment_id


def _forget(address, segment_id, ref):
    if _by_address.get(address) is ref:
        del _by_address[address]
    if _by_id.get(segment_id) is ref:
        del _by_id[segment_id]


def _register(region):
    ref = weakref.ref(region)
    _by_address[region.address] = ref
    _by_id[region.id] = ref
    weakref.finalize(region, _forget, region.address, region.id, ref)
    return region


def _map(fd, segment_id, byte_length, status):
    try:
        mm = mmap.mmap(fd, byte_length, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
    finally:
        os.close(fd)
    return _register(Region(mm, segment_id, byte_length, (status.st_dev, status.st_ino)))


def _create(segment_id, byte_length):
    """A new zeroed segment, or None when the name exists."""
    try:
        fd = os.open(_path(segment_id), os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    try:
        os.ftruncate(fd, byte_length)
        # Pages reserved now: a full /dev/shm is an OSError (ENOSPC) here, not a SIGBUS on
        # the first write.
        os.posix_fallocate(fd, 0, byte_length)
        status = os.fstat(fd)
    except BaseException:
        os.close(fd)
        os.unlink(_path(segment_id))
        raise
    return _map(fd, segment_id, byte_length, status)


def create_unnamed(byte_length):
    """A new segment of ``byte_length`` zeroed bytes under a new unguessable name, whose
    name this process removes when it exits."""
    global _swept
    with _guard:
        if not _swept:
            _swept = True
            remove_names_of_dead_processes()
        while True:
            segment_id = f'/{SEGMENT_PREFIX}{os.getpid()}-{secrets.token_hex(16)}'
            region = _create(segment_id, byte_length)
            if region is not None:
                _created_names.add(segment_id)
                return region


def create_named(segment_id, byte_length):
    """The new segment ``segment_id``, or None when the name exists."""
    with _guard:
        return _create(segment_id, byte_length)


class SegmentError(ValueError):
    """A segment that is gone, has another size, or belongs to another user."""


def open_checked(segment_id, byte_length):
    """Opens the segment for mapping: an open descriptor and its status, checked to be this
    user's and exactly ``byte_length`` bytes. The caller maps it with :func:`map_opened`
    or closes the descriptor.

    Raises SegmentError when it does not exist or does not match.
    """
    try:
        fd = os.open(_path(segment_id), os.O_RDWR)
    except FileNotFoundError:
        raise SegmentError(f'no shared memory segment {segment_id} (its creator ended, or it '
                           'was unlinked)') from None
    status = os.fstat(fd)
    if status.st_uid != os.geteuid() or status.st_size != byte_length:
        os.close(fd)
        raise SegmentError(f'shared memory segment {segment_id} has {status.st_size} bytes or '
                           f'another owner; expected {byte_length} bytes of this user')
    return fd, status


def map_opened(segment_id, byte_length, fd, status):
    """The region over an opened segment: the one already mapped if it is the same segment."""
    with _guard:
        ref = _by_id.get(segment_id)
        known = ref and ref()
        if known is not None and known.identity == (status.st_dev, status.st_ino):
            os.close(fd)
            return known
        return _map(fd, segment_id, byte_length, status)


def segment_size(segment_id):
    """The byte length of the segment, or -1 when there is none."""
    try:
        return os.stat(_path(segment_id)).st_size
    except FileNotFoundError:
        return -1


def unlink_segment(segment_id):
    """Removes the name; mappings stay valid. False when there was none."""
    with _guard:
        _created_names.discard(segment_id)
        try:
            os.unlink(_path(segment_id))
            return True
        except FileNotFoundError:
            return False


def region_of(address, size):
    """The live region that holds ``size`` bytes at ``address``, or None."""
    for ref in list(_by_address.values()):
        region = ref()
        if region is not None and region.address <= address and (
                address + size <= region.address + region.byte_length):
            return region
    return None


SLAB_BYTES = 8 * 1024
LARGEST_SLAB_OBJECT = 1024


class _SlabHeap:
    """Small objects bump-allocated, 16-byte aligned, in 8 KiB segments; larger ones get a
    segment of their own."""

    def __init__(self):
        self._guard = threading.Lock()
        self._slab = None
        self._top = SLAB_BYTES

    def allocate(self, size):
        block = max(16, -(-size // 16) * 16)
        if block > LARGEST_SLAB_OBJECT:
            return create_unnamed(block), 0
        with self._guard:
            if self._top + block > SLAB_BYTES:
                self._slab = create_unnamed(SLAB_BYTES)
                self._top = 0
            offset = self._top
            self._top += block
            return self._slab, offset


_heap = _SlabHeap()


def _new_heap():
    # A forked child must not carve objects out of its parent's current slab.
    global _heap
    _heap = _SlabHeap()


os.register_at_fork(after_in_child=_new_heap)


def allocate(size):
    """``size`` zeroed bytes of shared memory, 16-aligned: a region and an offset in it."""
    return _heap.allocate(size)


def _is_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except PermissionError:
        return True
    except ProcessLookupError:
        return False


def remove_names_of_dead_processes():
    """Removes the unnamed segments' names left by processes that are dead (killed before
    they could remove them); returns how many were removed."""
    removed = 0
    for entry in os.listdir(FOLDER):
        if not SEGMENT_NAME.match('/' + entry):
            continue
        pid = int(entry[len(SEGMENT_PREFIX):entry.index('-', len(SEGMENT_PREFIX))])
        if pid != os.getpid() and not _is_alive(pid):
            try:
                os.unlink(os.path.join(FOLDER, entry))
                removed += 1
            except FileNotFoundError:
                pass
    return removed


@atexit.register
def _remove_created_names():
    # A forked child that exits normally runs this too: only the creator removes its names.
    if os.getpid() != _creator_pid:
        return
    for segment_id in list(_created_names):
        try:
            os.unlink(_path(segment_id))
        except FileNotFoundError:
            pass
    _created_names.clear()


def _forget_in_child():
    global _creator_pid
    _creator_pid = os.getpid()
    _created_names.clear()


os.register_at_fork(after_in_child=_forget_in_child)
