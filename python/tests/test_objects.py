"""Objects made in Python behave as multiprocessing's do: CPython's own Value, Array,
RawValue and RawArray are the oracle for values, conversions, indexing, slices, reprs and
error classes."""

import ctypes
import multiprocessing
import multiprocessing.sharedctypes as mp_sharedctypes
import unittest

import sharedctypes


class Point(ctypes.Structure):
    _fields_ = [('x', ctypes.c_int), ('y', ctypes.c_double), ('tag', ctypes.c_char * 8)]


class Packed(ctypes.Structure):
    _pack_ = 1
    _fields_ = [('a', ctypes.c_byte), ('b', ctypes.c_int)]


def outcome(make):
    """The value or the class of the error that ``make()`` gives."""
    try:
        return 'value', make()
    except Exception as error:  # noqa: BLE001 - the class is the result
        return 'error', type(error)


VALUE_CASES = [
    ('i', (5,)), ('i', (2**31,)), ('B', (256,)), ('d', (1.5,)), ('f', (0.1,)), ('c', (b'x',)),
    ('c', (65,)), ('u', ('é',)), ('q', (-(2**63),)), ('Q', (2**64 + 3,)), ('h', ()),
    (ctypes.c_bool, (7,)), ('i', (1.5,)), ('i', ('3',)), ('c', (b'xy',)), ('x', (1,)),
    (Point, (1, 2.5, b'hi')), (Point, (1, 2.5, b'123456789')), (Packed, (1, 2)),
]

ARRAY_CASES = [
    ('i', 3), ('i', [1, 2, 3]), ('d', (0.5, 1.5)), ('c', b'hello'), ('u', 'héllo'),
    ('i', -1), ('i', 1.5), ('i', [1, 'a']), ('B', [300]), (Point, 2), ('q', 0),
]


def read(obj):
    """What a test compares: values of scalars, arrays and structures."""
    if isinstance(obj, ctypes.Array):
        return [read(item) if isinstance(item, ctypes.Structure) else item for item in obj]
    if isinstance(obj, ctypes.Structure):
        return [read(getattr(obj, name)) for name, *_ in obj._fields_]
    if isinstance(obj, ctypes._SimpleCData):
        return obj.value
    return obj


class ObjectsAsMultiprocessing(unittest.TestCase):
    def test_values_and_errors_of_raw_value(self):
        for code, args in VALUE_CASES:
            with self.subTest(code=code, args=args):
                ours = outcome(lambda: read(sharedctypes.RawValue(code, *args)))
                oracle = outcome(lambda: read(mp_sharedctypes.RawValue(code, *args)))
                self.assertEqual(ours, oracle)

    def test_values_and_errors_of_raw_array(self):
        for code, init in ARRAY_CASES:
            with self.subTest(code=code, init=init):
                ours = outcome(lambda: read(sharedctypes.RawArray(code, init)))
                oracle = outcome(lambda: read(mp_sharedctypes.RawArray(code, init)))
                self.assertEqual(ours, oracle)

    def test_synchronized_wrappers_read_and_write_like_multiprocessing(self):
        ours = sharedctypes.Array('i', [1, 2, 3, 4, 5])
        oracle = multiprocessing.Array('i', [1, 2, 3, 4, 5])
        for wrapper in (ours, oracle):
            wrapper[-1] = 50
            wrapper[0:2] = [10, 20]
        for key in (0, -1, slice(None, None, -2), slice(1, 9), slice(4, 1, -1)):
            self.assertEqual(ours[key], oracle[key])
        self.assertEqual(len(ours), len(oracle))
        for key, value in ((5, 1), (-6, 1), ('a', 1), (slice(0, 2), [1])):
            self.assertEqual(outcome(lambda: ours.__setitem__(key, value)),
                             outcome(lambda: oracle.__setitem__(key, value)))
        self.assertEqual(outcome(lambda: ours[5]), outcome(lambda: oracle[5]))

    def test_char_arrays_have_value_and_raw(self):
        ours, oracle = sharedctypes.Array('c', b'hello'), multiprocessing.Array('c', b'hello')
        for wrapper in (ours, oracle):
            wrapper.value = b'hi'
        self.assertEqual((ours.value, ours.raw), (oracle.value, oracle.raw))
        for attribute, value in (('value', b'too long!'), ('raw', b'hey'), ('value', 'str')):
            self.assertEqual(outcome(lambda: setattr(ours, attribute, value)),
                             outcome(lambda: setattr(oracle, attribute, value)))
        self.assertEqual(ours.raw, oracle.raw)

    def test_reprs_and_classes_are_multiprocessing_s(self):
        cases = [(lambda f: f.Value('i', 5)), (lambda f: f.Array('i', 3)),
                 (lambda f: f.Array('c', 3)), (lambda f: f.Value(Point))]
        for make in cases:
            ours, oracle = make(sharedctypes), make(multiprocessing)
            self.assertEqual(type(ours).__name__, type(oracle).__name__)
            self.assertEqual(repr(ours).split(' object at')[0], repr(oracle).split(' object at')[0])
        self.assertEqual(repr(sharedctypes.Value('d', 1.5)),
                         '<Synchronized wrapper for c_double(1.5)>')

    def test_structure_wrappers_guard_each_field(self):
        point = sharedctypes.Value(Point, 1, 2.5, b'origin')
        point.x += 10
        point.tag = b'moved'
        self.assertEqual((point.x, point.y, point.tag), (11, 2.5, b'moved'))
        self.assertIsInstance(point.get_obj(), Point)

    def test_lock_options(self):
        lock = sharedctypes.Lock()
        shared = sharedctypes.Value('i', 1, lock=lock)
        self.assertIs(shared.get_lock(), lock)
        self.assertIs(sharedctypes.Array('d', 2, lock=lock).get_lock(), lock)
        self.assertIsInstance(sharedctypes.Value('i', lock=False), ctypes.c_int)
        self.assertIsInstance(sharedctypes.Value('i', lock=None).get_lock(), sharedctypes.RLock)
        for bad in (multiprocessing.Lock(), 'yes', 1):
            with self.assertRaises(TypeError):
                sharedctypes.Value('i', lock=bad)

    def test_raw_objects_are_plain_ctypes_objects_over_shared_memory(self):
        value = sharedctypes.RawValue('i', 3)
        self.assertIs(type(value), ctypes.c_int)
        array = sharedctypes.RawArray('d', 4)
        self.assertIs(type(array), ctypes.c_double * 4)
        view = (ctypes.c_double * 4).from_address(ctypes.addressof(array))
        view[2] = 7.5
        self.assertEqual(array[2], 7.5)

    def test_objects_are_zeroed_and_do_not_overlap(self):
        made = [sharedctypes.RawArray('B', size) for size in (1, 15, 16, 17, 1000, 1025, 5000)]
        for array in made:
            self.assertEqual(bytes(array), bytes(len(array)))
            ctypes.memset(ctypes.addressof(array), 0xFF, len(array))
        spans = sorted((ctypes.addressof(a), ctypes.addressof(a) + len(a)) for a in made)
        for (_, end), (start, _) in zip(spans, spans[1:]):
            self.assertLessEqual(end, start)

    def test_synchronized_and_copy(self):
        raw = sharedctypes.RawValue('i', 4)
        guarded = sharedctypes.synchronized(raw)
        self.assertIs(guarded.get_obj(), raw)
        for lock in (None, True, False):  # multiprocessing: lock or RLock()
            with self.subTest(lock=lock):
                wrapped = sharedctypes.synchronized(raw, lock)
                self.assertIsInstance(wrapped.get_lock(), sharedctypes.RLock)
                with wrapped:
                    wrapped.value += 1
        self.assertEqual(raw.value, 7)
        with self.assertRaises(TypeError):
            sharedctypes.synchronized(guarded)
        with self.assertRaises(TypeError):
            sharedctypes.synchronized(ctypes.c_int(1))
        copied = sharedctypes.copy(guarded)
        raw.value = 5
        self.assertEqual((copied.value, type(copied)), (7, ctypes.c_int))

    def test_unknown_types_are_type_errors(self):
        for bad in ('x', '', ctypes.c_char_p, ctypes.c_void_p, ctypes.c_longdouble, int,
                    ctypes.POINTER(ctypes.c_int)):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                sharedctypes.RawValue(bad)

        class WithBits(ctypes.Structure):
            _fields_ = [('a', ctypes.c_int, 3)]

        class Base(ctypes.Structure):
            _fields_ = [('a', ctypes.c_int), ('b', ctypes.c_char)]

        class Derived(Base):
            _fields_ = [('c', ctypes.c_char)]

        class Both(ctypes.Union):
            _fields_ = [('a', ctypes.c_int)]

        for bad in (WithBits, Derived, Both):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                sharedctypes.RawValue(bad)


if __name__ == '__main__':
    unittest.main()
