"""The demo's CPython side: the same increments with multiprocessing, timed the same way."""
import json
import multiprocessing as mp
import sys
import time


def work(mode, value, iterations, barrier):
    raw, lock = value.get_obj(), value.get_lock()
    barrier.wait()
    if mode == 'unguarded':
        for _ in range(iterations):
            raw.value += 1
    else:
        for _ in range(iterations):
            with lock:
                raw.value += 1


def run(mode, workers, iterations):
    value = mp.Value('i', 0)
    barrier = mp.Barrier(workers + 1)
    processes = [mp.Process(target=work, args=(mode, value, iterations, barrier)) for _ in range(workers)]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - start
    return {'count': value.value, 'ns': elapsed / (workers * iterations) * 1e9}


if __name__ == '__main__':
    options = json.load(sys.stdin)
    print(json.dumps({mode: run(mode, options['workers'], options['iterations']) for mode in ('unguarded', 'locked')}))
