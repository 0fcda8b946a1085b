"""CPython side of the benchmarks: the same operations with multiprocessing.

Reads {"quick": bool, "workers": [1, 2, ...]} on stdin, prints {name: ns_per_op} as JSON.
Run by bench/run.ts in the same run as the TypeScript side, so ratios compare like with like.
"""
import array
import ctypes
import json
import multiprocessing as mp
import subprocess
import sys
import time
import timeit


class Point(ctypes.Structure):
    _fields_ = [('x', ctypes.c_int), ('y', ctypes.c_double)]


class Line(ctypes.Structure):
    _fields_ = [('a', Point), ('b', Point)]


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


def retained(kind, count):
    """Run in a fresh interpreter: allocate and keep `count` objects, print ns per object."""
    make = {'RawValue': lambda: mp.RawValue('i'), 'Value': lambda: mp.Value('i')}[kind]
    start = time.perf_counter()
    kept = [make() for _ in range(count)]
    elapsed = time.perf_counter() - start
    print(json.dumps({'nsPerObject': elapsed / len(kept) * 1e9}))


def fresh_process(kind, count, repeat):
    """The median of `repeat` fresh interpreters allocating and keeping `count` objects."""
    runs = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, __file__, 'retained', kind, str(count)],
            check=True, capture_output=True, text=True,
        ).stdout
        runs.append(json.loads(output)['nsPerObject'])
    return sorted(runs)[len(runs) // 2]


def main():
    if sys.argv[1:2] == ['retained']:
        retained(sys.argv[2], int(sys.argv[3]))
        return
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
    doubles = array.array('d', (index * 0.5 for index in range(1000000)))
    plain = [index * 0.5 for index in range(1000000)]
    point = mp.RawValue(Point)
    line = mp.RawValue(Line)
    sync_point = mp.Value(Point)
    wide = mp.RawArray('u', 32)
    text = 'hello wörld, shared 🌍'
    double = mp.Value('d', 1234.5678)
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
        "RawArray('d', Float64Array(1e6))": per_op("mp.RawArray('d', doubles)", env, n(10)),
        "Array('d', Float64Array(1e6))": per_op("mp.Array('d', doubles)", env, n(10)),
        "RawArray('d', array of 1e6)": per_op("mp.RawArray('d', plain)", env, n(10)),
        'struct p.x += 1': per_op('point.x += 1', env, n(200000)),
        'nested struct line.a.x += 1': per_op('line.a.x += 1', env, n(200000)),
        "'u' .value = string": per_op('wide.value = text', env, n(200000)),
        "'u' .value read": per_op('wide.value', env, n(200000)),
        "String(Value('d'))": per_op('repr(double)', env, n(100000)),
    }
    with sync_point.get_lock():
        results['synchronized p.x += 1 under withLock'] = per_op('sync_point.x += 1', env, n(100000))
    # Fresh interpreters, median of three. Value: 10,000, as each one's lock is a POSIX
    # semaphore and 100,000 of them exhaust the system's (ENOMEM).
    repeat = 1 if options['quick'] else 3
    results['retained RawValue'] = fresh_process('RawValue', 100000, repeat)
    results['retained Value'] = fresh_process('Value', 10000, repeat)
    for workers in options['workers']:
        runs = sorted(racing(workers, n(200000)) for _ in range(3))
        results[f'racing x{workers}'] = runs[1]  # the median of three: each run takes seconds
    print(json.dumps(results))


if __name__ == '__main__':
    main()
