#!/usr/bin/env python3
"""Writes the committed Fashion-MNIST subset: the FIRST 6000 training and FIRST 1000 test items, in order.

Standard library only. Usage: python3 make_subset.py [SOURCE_DIR] (default /usr/share/datasets/fashion-mnist,
where Debian's package dataset-fashion-mnist installs the IDX files). Prints the class balance for the README.
"""
import collections
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
OUT = os.path.dirname(os.path.abspath(__file__))
COUNTS = {"train": 6000, "t10k": 1000}


def subset(name, count, item_size, header_ints):
    with gzip.open(os.path.join(SRC, name + ".gz"), "rb") as f:
        data = f.read()
    header = list(struct.unpack(">" + "I" * header_ints, data[: 4 * header_ints]))
    assert header[1] >= count, (name, header)
    header[1] = count
    body = data[4 * header_ints: 4 * header_ints + count * item_size]
    # mtime=0 keeps the .gz bytes reproducible from run to run.
    with gzip.GzipFile(os.path.join(OUT, name + ".gz"), "wb", mtime=0) as g:
        g.write(struct.pack(">" + "I" * header_ints, *header) + body)
    return body


for prefix, count in COUNTS.items():
    subset(prefix + "-images-idx3-ubyte", count, 28 * 28, 4)
    labels = subset(prefix + "-labels-idx1-ubyte", count, 1, 2)
    balance = collections.Counter(labels)
    print(prefix, count, [balance[c] for c in range(10)])
