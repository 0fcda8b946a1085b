"""Handles: what ``handle`` writes is TypeScript's format byte for byte, ``attach`` takes it
back over the same memory and lock, and a damaged handle, or one of memory that is gone or
differs, is refused before anything is mapped."""

import ctypes
import json
import multiprocessing
import pickle
import unittest

import sharedctypes
from sharedctypes import _segments


class Inner(ctypes.Structure):
    _pack_ = 2
    _fields_ = [('flag', ctypes.c_bool), ('wide', ctypes.c_wchar * 3)]


class Outer(ctypes.Structure):
    _fields_ = [('inner', Inner), ('values', ctypes.c_long * 2), ('ratio', ctypes.c_float)]


def record(obj):
    return json.loads(sharedctypes.handle(obj))['__sharedctypes__']


def mappings():
    """Segments of sharedctypes mapped in this process, by /proc/self/maps."""
    with open('/proc/self/maps') as maps:
        return sorted(line.split()[-1] for line in maps if '/dev/shm/sharedctypes' in line)


def add_in_child(counter, times):
    for _ in range(times):
        with counter.get_lock():
            counter.value += 1


class Handles(unittest.TestCase):
    def test_records_are_typescript_s(self):
        value = sharedctypes.RawValue('q', 5)
        text = sharedctypes.handle(value)
        memory = record(value)['memory']
        self.assertEqual(text, '{"__sharedctypes__":{"version":4,"kind":"object","memory":'
                         f'{{"context":"process","id":"{memory["id"]}","byteLength":8192}},'
                         f'"offset":{record(value)["offset"]},"type":"c_longlong"}}}}')
        self.assertRegex(memory['id'], r'^/sharedctypes-[1-9][0-9]*-[0-9a-f]{32}$')
        wrapper = sharedctypes.Value('i', 1, lock=sharedctypes.Lock())
        self.assertEqual(list(record(wrapper)), ['version', 'kind', 'memory', 'offset', 'type',
                                                 'lockKind', 'lockMemory', 'lockOffset'])
        self.assertEqual(record(wrapper)['lockKind'], 'lock')
        self.assertEqual(record(wrapper)['lockOffset'], record(wrapper.get_lock())['offset'])
        self.assertEqual(list(record(wrapper.get_lock())), ['version', 'kind', 'memory', 'offset'])

    def test_types_are_described_as_typescript_describes_them(self):
        self.assertEqual(record(sharedctypes.RawValue(Outer))['type'], {
            'name': 'Outer', 'pack': 0, 'fields': [
                ['inner', {'name': 'Inner', 'pack': 2, 'fields': [
                    ['flag', 'c_bool'], ['wide', {'element': 'c_wchar', 'length': 3}]]}],
                ['values', {'element': 'c_long', 'length': 2}], ['ratio', 'c_float']]})
        self.assertEqual(record(sharedctypes.RawArray('Q', 2))['type'],
                         {'element': 'c_ulonglong', 'length': 2})
        self.assertEqual(record(sharedctypes.RawValue(ctypes.c_longlong))['type'], 'c_long')

    def test_attach_gives_the_same_memory_and_lock(self):
        outer = sharedctypes.Value(Outer)
        again = sharedctypes.attach(sharedctypes.handle(outer))
        self.assertEqual(type(again.get_obj()).__name__, 'Outer')
        again.values = (ctypes.c_long * 2)(7, 8)
        outer.inner.wide = 'hé'
        self.assertEqual((list(outer.values), again.inner.wide), ([7, 8], 'hé'))
        self.assertEqual(sharedctypes.handle(again), sharedctypes.handle(outer))
        lock = sharedctypes.Lock()
        self.assertTrue(lock.acquire())
        self.assertFalse(sharedctypes.attach(sharedctypes.handle(lock)).acquire(False))
        lock.release()

    def test_views_into_objects_have_handles(self):
        outer = sharedctypes.RawValue(Outer)
        values = sharedctypes.attach(sharedctypes.handle(outer.values))
        values[1] = 9
        self.assertEqual(outer.values[1], 9)
        self.assertEqual(record(outer.inner)['offset'], record(outer)['offset'])

    def test_attach_walks_dicts_and_lists_and_shares_locks_in_one_call(self):
        lock = sharedctypes.RLock()
        first = sharedctypes.Value('i', 1, lock=lock)
        second = sharedctypes.Array('d', 2, lock=lock)
        data = {'items': [json.loads(sharedctypes.handle(first)), 5,
                          json.loads(sharedctypes.handle(second))], 'name': 'x'}
        attached = sharedctypes.attach(json.dumps(data))
        one, plain, two = attached['items']
        self.assertEqual((plain, attached['name'], one.value), (5, 'x', 1))
        self.assertIs(one.get_lock(), two.get_lock())

    def test_pickles_as_its_handle_into_other_processes(self):
        counter = sharedctypes.Value('i', 0)
        self.assertEqual(pickle.loads(pickle.dumps(counter)).value, 0)
        context = multiprocessing.get_context('spawn')
        children = [context.Process(target=add_in_child, args=(counter, 500)) for _ in range(2)]
        for child in children:
            child.start()
        add_in_child(counter, 500)
        for child in children:
            child.join()
        self.assertEqual([child.exitcode for child in children], [0, 0])
        self.assertEqual(counter.value, 1500)

    def test_what_is_not_shared_has_no_handle(self):
        for bad in (ctypes.c_int(1), 5, multiprocessing.Value('i'), None):
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                sharedctypes.handle(bad)

    def test_damaged_handles_are_refused(self):
        good = record(sharedctypes.Value('i', 1))
        obj = record(sharedctypes.Value('i', 1).get_obj())

        def changed(**fields):
            return {**obj, **fields}

        memory = obj['memory']
        cases = {
            'version 2': changed(version=2),
            'unknown kind': changed(kind='thing'),
            'extra key': {**obj, 'extra': 1},
            'missing key': {key: obj[key] for key in obj if key != 'type'},
            'offset outside': changed(offset=memory['byteLength']),
            'misaligned scalar': changed(offset=obj['offset'] + 2),
            'negative offset': changed(offset=-4),
            'offset as text': changed(offset='16'),
            'thread context': changed(memory={**memory, 'context': 'thread'}),
            'foreign segment': changed(memory={**memory, 'id': '/other'}),
            'odd size': changed(memory={**memory, 'byteLength': 8191}),
            'unknown type': changed(type='c_int128'),
            'bad structure name': changed(type={'name': '1x', 'pack': 0, 'fields': []}),
            'repeated field': changed(type={'name': 'S', 'pack': 0,
                                            'fields': [['a', 'c_int'], ['a', 'c_int']]}),
            'negative length': changed(type={'element': 'c_int', 'length': -1}),
            'synchronized lock kind': {**good, 'lockKind': 'object'},
            'synchronized lock outside': {**good, 'lockOffset': memory['byteLength']},
            'synchronized lock memory': {**good, 'lockMemory': {**memory, 'context': 'thread'}},
            'synchronized nested records': {'version': 4, 'kind': 'synchronized', 'object': obj,
                                            'lock': record(sharedctypes.Lock())},
            'gone segment': changed(memory={**memory, 'id': '/sharedctypes_gone-for-test'}),
            'other size': changed(memory={**memory, 'byteLength': 16384}),
        }
        before = mappings()
        for label, bad in cases.items():
            with self.subTest(label), self.assertRaises(ValueError):
                sharedctypes.attach({'__sharedctypes__': bad})
        # A good handle with a bad one in the same call: nothing is mapped for either.
        named = sharedctypes.RawValue('i', name='handles-test-unmapped')
        named_record = record(named)
        del named
        sharedctypes.unlink('handles-test-unmapped')
        with self.assertRaises(ValueError):
            sharedctypes.attach([{'__sharedctypes__': named_record},
                                 {'__sharedctypes__': cases['gone segment']}])
        self.assertEqual(mappings(), before)
        for bad in (5, None, b'\xff', '{"__sharedctypes__":'):
            with self.subTest(bad=bad), self.assertRaises((TypeError, ValueError)):
                sharedctypes.attach(bad)
        with self.assertRaises(TypeError):
            sharedctypes.attach(5)
        with self.assertRaises(ValueError):
            sharedctypes.attach({'no': 'handle'})

    def test_each_segment_is_mapped_once(self):
        value = sharedctypes.RawValue('i', 1)
        before = len(_segments._by_address)
        attached = [sharedctypes.attach(sharedctypes.handle(value)) for _ in range(50)]
        self.assertEqual(len(_segments._by_address), before)
        self.assertEqual(len(attached), 50)


if __name__ == '__main__':
    unittest.main()
