"""Guarded increments in CPython: sharedctypes.Value against multiprocessing.Value, and a
bare acquire and release of each one's lock, in interleaved rounds; prints the minimum
nanoseconds per operation of each. Run from the repository:

    PYTHONPATH=python python3 bench/pythonIncrement.py
"""
import multiprocessing
import time

import sharedctypes

OPERATIONS = 200_000
ROUNDS = 5


def guarded_increments(counter):
    lock = counter.get_lock()
    for _ in range(OPERATIONS):
        with lock:
            counter.value += 1


def acquire_release(counter):
    lock = counter.get_lock()
    for _ in range(OPERATIONS):
        lock.acquire()
        lock.release()


def main():
    counters = {'sharedctypes': sharedctypes.Value('i', 0),
                'multiprocessing': multiprocessing.Value('i', 0)}
    best = {}
    for _ in range(ROUNDS):
        for task in (guarded_increments, acquire_release):
            for label, counter in counters.items():
                start = time.perf_counter_ns()
                task(counter)
                elapsed = (time.perf_counter_ns() - start) / OPERATIONS
                key = f'{task.__name__} {label}'
                best[key] = min(best.get(key, elapsed), elapsed)
    for key, ns in best.items():
        print(f'{key:40} {ns:8.0f} ns')
    assert counters['sharedctypes'].value == counters['multiprocessing'].value


if __name__ == '__main__':
    main()
