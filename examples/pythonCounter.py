"""Adds 10,000 to the counter that examples/pythonCounter.ts shares, under the same lock
as Node's increments. Run by that script:

    PYTHONPATH=node_modules/sharedctypes/python python3 pythonCounter.py '<handle JSON>'
"""
import sys

import sharedctypes

counter = sharedctypes.attach(sys.argv[1])  # JSON.stringify(counter), from Node
for _ in range(10_000):
    with counter.get_lock():  # the lock Node's counter.withLock takes
        counter.value += 1
