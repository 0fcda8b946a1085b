"""Named objects: processes that start at once meet at one object, created once with its
initial value; a name taken by another type or lock is a TypeError naming both; the
segment holds TypeScript's header and signature."""

import ctypes
import multiprocessing
import os
import struct
import threading
import unittest

import sharedctypes
from sharedctypes import _native, _segments

PREFIX = f'pytest{os.getpid()}'


def meet(run, times):
    counter = sharedctypes.Value('i', 0, name=f'{run}-counter')
    lock = sharedctypes.Lock(name=f'{run}-lock')
    total = sharedctypes.RawValue('q', 0, name=f'{run}-total')
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1
        with lock:
            total.value += 1


class Named(unittest.TestCase):
    def setUp(self):
        self.names = []

    def tearDown(self):
        for name in self.names:
            sharedctypes.unlink(name)

    def fresh(self, label):
        self.names.append(f'{PREFIX}-{label}')
        return self.names[-1]

    def test_processes_that_start_at_once_meet_at_one_object(self):
        run = self.fresh('race')
        self.names += [f'{run}-counter', f'{run}-lock', f'{run}-total']
        context = multiprocessing.get_context('spawn')
        children = [context.Process(target=meet, args=(run, 2000)) for _ in range(3)]
        for child in children:
            child.start()
        for child in children:
            child.join()
        self.assertEqual([child.exitcode for child in children], [0, 0, 0])
        self.assertEqual(sharedctypes.Value('i', name=f'{run}-counter').value, 6000)
        self.assertEqual(sharedctypes.RawValue('q', name=f'{run}-total').value, 6000)

    def test_the_first_initial_value_is_kept(self):
        name = self.fresh('first')
        first = sharedctypes.Value('d', 2.5, name=name)
        second = sharedctypes.Value('d', 9, name=name)
        self.assertEqual(second.value, 2.5)
        second.value = 4
        self.assertEqual(first.value, 4)
        array = sharedctypes.Array('i', [1, 2, 3], name=self.fresh('array'))
        self.assertEqual(sharedctypes.Array('i', [7, 7, 7], name=self.names[-1])[:], [1, 2, 3])
        self.assertEqual(array[:], [1, 2, 3])

    def test_the_segment_holds_the_header_and_signature(self):
        name = self.fresh('layout')
        value = sharedctypes.Value('q', 7, name=name)
        with open(f'/dev/shm/sharedctypes_{name}', 'rb') as segment:
            data = segment.read()
        state, creator, length, zero = struct.unpack_from('<4i', data)
        signature = 'c_longlong with an RLock\n{"type":"c_longlong","lock":"rlock"}'
        self.assertEqual((state, creator, length, zero),
                         (1, _native.current_agent().id, len(signature), 0))
        self.assertEqual(data[16:16 + length].decode(), signature)
        offset = -(-(16 + length) // 16) * 16
        self.assertEqual(struct.unpack_from('<q', data, offset)[0], 7)
        self.assertEqual(len(data), offset + 16)
        self.assertEqual(ctypes.addressof(value.get_obj()) % 16, 0)

    def test_signatures_are_typescript_s(self):
        class Point(ctypes.Structure):
            _fields_ = [('x', ctypes.c_int), ('tag', ctypes.c_char * 4)]

        cases = [
            (lambda name: sharedctypes.RawArray('c', 4, name=name),
             'c_char_Array_4\n{"type":{"element":"c_char","length":4},"lock":null}'),
            (lambda name: sharedctypes.Value(Point, name=name),
             'Point with an RLock\n{"type":{"name":"Point","pack":0,"fields":[["x","c_int"],'
             '["tag",{"element":"c_char","length":4}]]},"lock":"rlock"}'),
            (lambda name: sharedctypes.Lock(name=name), 'a Lock\n{"lock":"Lock"}'),
            (lambda name: sharedctypes.RLock(name=name), 'an RLock\n{"lock":"RLock"}'),
        ]
        for index, (make, signature) in enumerate(cases):
            name = self.fresh(f'signature{index}')
            make(name)
            with open(f'/dev/shm/sharedctypes_{name}', 'rb') as segment:
                data = segment.read()
            self.assertEqual(data[16:16 + len(signature.encode())].decode(), signature)

    def test_another_type_or_lock_under_the_name_is_a_type_error(self):
        name = self.fresh('typed')
        sharedctypes.Value('i', 1, name=name)
        with self.assertRaisesRegex(TypeError, 'c_int with an RLock.*c_double with an RLock'
                                    '|c_double with an RLock.*c_int with an RLock'):
            sharedctypes.Value('d', name=name)
        with self.assertRaises(TypeError):
            sharedctypes.Value('i', name=name, lock=False)
        lock_name = self.fresh('lock')
        sharedctypes.Lock(name=lock_name)
        with self.assertRaises(TypeError):
            sharedctypes.RLock(name=lock_name)

    def test_names_and_options_are_checked(self):
        for bad, error in (('', ValueError), ('a/b', ValueError), ('x' * 65, ValueError),
                           (5, TypeError)):
            with self.subTest(bad=bad), self.assertRaises(error):
                sharedctypes.RawValue('i', name=bad)
        with self.assertRaises(TypeError):
            sharedctypes.Value('i', name=self.fresh('lockoption'), lock=sharedctypes.Lock())

    def test_unlink_removes_the_name_and_keeps_opened_objects(self):
        name = self.fresh('unlink')
        first = sharedctypes.RawValue('i', 5, name=name)
        self.assertTrue(sharedctypes.unlink(name))
        self.assertFalse(sharedctypes.unlink(name))
        first.value = 6
        self.assertEqual(first.value, 6)
        self.assertEqual(sharedctypes.RawValue('i', 1, name=name).value, 1)

    def test_a_failed_initial_value_leaves_no_name(self):
        name = self.fresh('failed')
        with self.assertRaises(TypeError):
            sharedctypes.RawValue('i', 'x', name=name)
        self.assertEqual(_segments.segment_size(_segments.NAMED_PREFIX + name), -1)

    def test_an_opener_waiting_on_a_creator_that_failed_asks_again(self):
        name = self.fresh('failedcreator')
        segment_id = _segments.NAMED_PREFIX + name
        region = _segments.create_named(segment_id, 64)
        header = (ctypes.c_int32 * 4).from_buffer(region.mm)
        header[1] = _native.current_agent().id

        def fail():
            _segments.unlink_segment(segment_id)
            state = ctypes.c_void_p(region.address)
            _native.store(state, 2)
            _native.futex_wake(state, _native.WAKE_ALL)

        failing = threading.Thread(target=fail)
        failing.start()
        self.assertEqual(sharedctypes.RawValue('i', 3, name=name).value, 3)
        failing.join()

    def test_a_region_whose_creator_never_said_who_it_is_is_reported(self):
        name = self.fresh('anonymous')
        _segments.create_named(_segments.NAMED_PREFIX + name, 64)
        with self.assertRaisesRegex(RuntimeError, 'unfinished'):
            sharedctypes.RawValue('i', name=name)

    def test_a_creator_that_ended_half_way_is_reported(self):
        name = self.fresh('unfinished')
        region = _segments.create_named(_segments.NAMED_PREFIX + name, 64)
        # A creator thread that is gone: this process's id with other start-time bits.
        header = (ctypes.c_int32 * 4).from_buffer(region.mm)
        header[1] = _native.current_agent().id ^ (1 << 22)
        with self.assertRaisesRegex(RuntimeError, 'unfinished'):
            sharedctypes.RawValue('i', name=name)


if __name__ == '__main__':
    unittest.main()
