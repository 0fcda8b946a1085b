"""Locks: multiprocessing's semantics and error classes (CPython's own locks are the
oracle), exact totals between threads and processes, and abandoned locks: a holder that
ended holding a lock is reported to the next acquirer, which then holds it."""

import multiprocessing
import os
import signal
import threading
import unittest

import sharedctypes


def outcome(action):
    try:
        return 'value', action()
    except Exception as error:  # noqa: BLE001 - the class is the result
        return 'error', type(error)


def add(counter, times):
    # Through the raw object: a wrapper's own accessors would take a Lock a second time.
    raw = counter.get_obj()
    for _ in range(times):
        with counter.get_lock():
            raw.value += 1


def in_thread(action):
    result = []
    thread = threading.Thread(target=lambda: result.append(outcome(action)))
    thread.start()
    thread.join()
    return result[0]


def hold_in_child(lock):
    """Forks a child that acquires ``lock`` and waits; returns its pid once it holds it."""
    ready_read, ready_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        lock.acquire()
        os.write(ready_write, b'1')
        signal.pause()
        os._exit(0)
    os.close(ready_write)
    os.read(ready_read, 1)
    os.close(ready_read)
    return pid


def end(pid):
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


class LocksAsMultiprocessing(unittest.TestCase):
    def test_errors_are_multiprocessing_s(self):
        for kind in ('Lock', 'RLock'):
            ours, oracle = getattr(sharedctypes, kind)(), getattr(multiprocessing, kind)()
            with self.subTest(kind=kind):
                self.assertEqual(outcome(ours.release), outcome(oracle.release))
                for args in ((True, 'soon'), (True, None), (False,), (1, 0.01)):
                    self.assertEqual(outcome(lambda: ours.acquire(*args)),
                                     outcome(lambda: oracle.acquire(*args)), args)
                # A misplaced options dict: an acquire without timeout in CPython 3.12+,
                # refused up to 3.11 (whose block takes integers only), and here.
                self.assertEqual(outcome(lambda: ours.acquire({'timeout': 1})),
                                 ('error', TypeError))
                self.assertEqual(in_thread(ours.release), in_thread(oracle.release))

    def test_lock_is_not_recursive_and_anyone_may_release_it(self):
        lock = sharedctypes.Lock()
        self.assertTrue(lock.acquire())
        self.assertFalse(lock.acquire(timeout=0.01))
        self.assertFalse(lock.acquire(False))
        self.assertEqual(in_thread(lock.release), ('value', None))
        self.assertTrue(lock.acquire(block=False))
        lock.release()

    def test_rlock_counts_its_owner_s_acquisitions(self):
        lock = sharedctypes.RLock()
        with lock:
            with lock:
                self.assertEqual(in_thread(lambda: lock.acquire(timeout=0.01)), ('value', False))
                self.assertRegex(repr(lock), r'^<RLock\(\d+, 2\)>$')
            self.assertEqual(in_thread(lock.release), ('error', AssertionError))
        self.assertEqual(repr(lock), '<RLock(None, 0)>')
        self.assertEqual(in_thread(lambda: lock.acquire(False) and lock.release()),
                         ('value', None))

    def test_threads_add_exactly(self):
        for lock in (sharedctypes.Lock(), sharedctypes.RLock()):
            counter = sharedctypes.Value('i', 0, lock=lock)
            threads = [threading.Thread(target=add, args=(counter, 3000)) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertEqual(counter.value, 12000)

    def test_processes_add_exactly(self):
        counter = sharedctypes.Value('i', 0)
        context = multiprocessing.get_context('fork')
        children = [context.Process(target=add, args=(counter, 3000)) for _ in range(3)]
        for child in children:
            child.start()
        add(counter, 3000)
        for child in children:
            child.join()
        self.assertEqual([child.exitcode for child in children], [0, 0, 0])
        self.assertEqual(counter.value, 12000)

    def test_a_release_wakes_a_waiter(self):
        lock = sharedctypes.Lock()
        lock.acquire()
        result = []
        waiter = threading.Thread(target=lambda: result.append(lock.acquire()) or lock.release())
        waiter.start()
        lock.release()
        waiter.join()
        self.assertEqual(result, [True])


class AbandonedLocks(unittest.TestCase):
    def test_the_next_acquire_holds_it_and_raises(self):
        for kind in ('Lock', 'RLock'):
            lock = getattr(sharedctypes, kind)()
            end(hold_in_child(lock))
            with self.assertRaises(sharedctypes.AbandonedLockError) as raised:
                lock.acquire()
            self.assertIs(raised.exception.lock, lock)
            self.assertEqual(in_thread(lambda: lock.acquire(False)), ('value', False))
            lock.release()
            self.assertTrue(lock.acquire(False), 'later acquisitions are ordinary')
            lock.release()

    def test_non_blocking_and_timed_acquires_look_once_before_giving_up(self):
        for args in ((False,), (True, 0.01)):
            lock = sharedctypes.Lock()
            end(hold_in_child(lock))
            with self.assertRaises(sharedctypes.AbandonedLockError):
                lock.acquire(*args)
            lock.release()

    def test_a_waiter_already_waiting_is_told(self):
        lock = sharedctypes.RLock()
        pid = hold_in_child(lock)
        result = []

        def wait():
            result.append(outcome(lock.acquire))
            result.append(outcome(lock.release))

        waiter = threading.Thread(target=wait)
        waiter.start()
        end(pid)
        waiter.join()
        self.assertEqual(result, [('error', sharedctypes.AbandonedLockError), ('value', None)])

    def test_a_thread_that_ended_holding_it(self):
        lock = sharedctypes.Lock()
        holder = threading.Thread(target=lock.acquire)
        holder.start()
        holder.join()
        with self.assertRaises(sharedctypes.AbandonedLockError):
            lock.acquire()
        lock.release()

    def test_with_blocks_and_wrappers_release_it_without_running(self):
        counter = sharedctypes.Value('i', 5)
        lock = counter.get_lock()
        ran = []
        end(hold_in_child(lock))
        with self.assertRaises(sharedctypes.AbandonedLockError):
            with lock:
                ran.append(1)
        self.assertEqual(in_thread(lambda: lock.acquire(False) and lock.release()),
                         ('value', None))
        for action in (lambda: counter.value, lambda: setattr(counter, 'value', 9)):
            end(hold_in_child(lock))
            with self.assertRaises(sharedctypes.AbandonedLockError):
                action()
        end(hold_in_child(lock))
        with self.assertRaises(sharedctypes.AbandonedLockError):
            with counter:
                ran.append(2)
        self.assertEqual((ran, counter.value), ([], 5))


if __name__ == '__main__':
    unittest.main()
