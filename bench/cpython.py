"""CPython side of the benchmarks: the same operations with multiprocessing.

Reads {"quick": bool, "workers": [1, 2, ...]} on stdin, prints {name: ns_per_op} as JSON.
Run by bench/run.ts in the same run as the TypeScript side, so ratios compare like with like.
"""
import json
import multiprocessing as mp
import sys
import time
import timeit


def per_op(statement, setup_globals, number):
    timer = timeit.Timer(statement, globals=setup_globals)
    best = min(timer.repeat(repeat=3, number=number))
    return best / number * 1e9


def racing_worker(value, iterations, barrier, ends):
    barrier.wait()
    for _ in range(iterations):
        with value.get_lock():
            value.value += 1
    ends.put(time.time())


def racing(workers, iterations):
    """Time from a common start (a barrier, so process start-up is not counted) to the last end."""
    value = mp.Value('i', 0)
    barrier = mp.Barrier(workers + 1)
    ends = mp.Queue()
    processes = [
        mp.Process(target=racing_worker, args=(value, iterations, barrier, ends)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    start = time.time()
    last = max(ends.get() for _ in processes)
    for process in processes:
        process.join()
    elapsed = last - start
    if value.value != workers * iterations:
        raise SystemExit(f'lost updates: {value.value} != {workers * iterations}')
    return elapsed / (workers * iterations) * 1e9


def main():
    options = json.load(sys.stdin)
    scale = 0.1 if options['quick'] else 1.0
    n = lambda count: max(1, int(count * scale))
    value = mp.Value('i', 0)
    raw_doubles = mp.RawArray('d', 1000)
    sync_doubles = mp.Array('d', 1000)
    chars = mp.RawArray('c', b'hello world, shared')
    lock = mp.Lock()
    rlock = mp.RLock()
    values = list(range(1000))
    env = dict(globals(), **locals())
    results = {
        'alloc RawValue': per_op("mp.RawValue('i')", env, n(5000)),
        'alloc Value': per_op("mp.Value('i')", env, n(1000)),
        'alloc Array(d, 100)': per_op("mp.Array('d', 100)", env, n(1000)),
        'Value.value read': per_op('value.value', env, n(200000)),
        'Value.value write': per_op('value.value = 5', env, n(200000)),
        'guarded increment': per_op('with value.get_lock(): value.value += 1', env, n(100000)),
        'raw d get+set': per_op('raw_doubles[5] = raw_doubles[6] + 1.0', env, n(200000)),
        'sync d get+set': per_op('sync_doubles[5] = sync_doubles[6] + 1.0', env, n(100000)),
        'slice read 1000': per_op('raw_doubles[0:1000]', env, n(20000)),
        'slice write 1000': per_op('raw_doubles[0:1000] = values', env, n(20000)),
        "'c' .value": per_op('chars.value', env, n(200000)),
        'Lock acquire+release': per_op('lock.acquire(); lock.release()', env, n(200000)),
        'RLock acquire+release': per_op('rlock.acquire(); rlock.release()', env, n(200000)),
    }
    for workers in options['workers']:
        runs = sorted(racing(workers, n(200000)) for _ in range(3))
        results[f'racing x{workers}'] = runs[1]  # the median of three, as on the TypeScript side
    print(json.dumps(results))


if __name__ == '__main__':
    main()
