"""Lifetime: the names of segments a Python process made go when it exits; a process
killed before it could remove them leaves names that the next process removes; a forked
child's exit does not remove its parent's names."""

import json
import os
import subprocess
import sys
import unittest

import sharedctypes
from sharedctypes import _segments

MAKE_AND_REPORT = '''
import sys, sharedctypes
values = [sharedctypes.Value('i', 1), sharedctypes.RawArray('d', 500)]
print(sharedctypes.handle(values[0]), sharedctypes.handle(values[1]), flush=True)
sys.stdin.read()
'''


def segment_ids(line):
    records = [json.loads(text)['__sharedctypes__'] for text in line.split()]
    return sorted({records[0]['memory']['id'], records[1]['memory']['id']})


def exists(segment_id):
    return os.path.exists('/dev/shm' + segment_id)


class Lifetime(unittest.TestCase):
    def start_maker(self):
        child = subprocess.Popen([sys.executable, '-c', MAKE_AND_REPORT], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True,
                                 env={**os.environ, 'PYTHONPATH': os.pathsep.join(sys.path)})
        return child, segment_ids(child.stdout.readline())

    def test_names_go_when_the_creating_process_exits(self):
        child, ids = self.start_maker()
        self.assertEqual(len(ids), 2, 'a slab and a large object')
        self.assertTrue(all(map(exists, ids)))
        attached = sharedctypes.attach(json.dumps(
            {'__sharedctypes__': {'version': 4, 'kind': 'lock', 'offset': 0, 'memory': {
                'context': 'process', 'id': ids[0],
                'byteLength': _segments.segment_size(ids[0])}}}))
        child.communicate('')
        self.assertEqual(child.returncode, 0)
        self.assertFalse(any(map(exists, ids)))
        self.assertTrue(attached.acquire(False), 'the memory outlives the name')

    def test_names_of_killed_processes_are_removed_by_the_next_process(self):
        child, ids = self.start_maker()
        child.kill()
        child.communicate()
        self.assertTrue(all(map(exists, ids)))
        self.assertGreaterEqual(_segments.remove_names_of_dead_processes(), 2)
        self.assertFalse(any(map(exists, ids)))

    def test_a_forked_child_leaves_its_parent_s_names(self):
        value = sharedctypes.RawValue('i', 1)
        segment_id = json.loads(sharedctypes.handle(value))['__sharedctypes__']['memory']['id']
        pid = os.fork()
        if pid == 0:
            own = sharedctypes.RawValue('i', 2)
            own_id = json.loads(sharedctypes.handle(own))['__sharedctypes__']['memory']['id']
            _segments._remove_created_names()
            os._exit(0 if own_id != segment_id and not exists(own_id) else 1)
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0)
        self.assertTrue(exists(segment_id))

    def test_live_processes_keep_their_names(self):
        child, ids = self.start_maker()
        try:
            _segments.remove_names_of_dead_processes()
            self.assertTrue(all(map(exists, ids)))
        finally:
            child.communicate('')


if __name__ == '__main__':
    unittest.main()
