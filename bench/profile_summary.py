#!/usr/bin/env python3
"""Self time per operator in a libtorch profiler trace, to compare one step of pretrain4j with PyTorch's.

Reads Chrome traces written by `pretrain4j benchmark --profile FILE` (DJL's writer: a JSON list of events) and by
`bench/peers/torch_peer.py --profile FILE` (torch's export_chrome_trace: {"traceEvents": [...]}). An operator's self
time is its duration less that of the operators it called (events nested inside it on the same thread).

Usage: bench/profile_summary.py TRACE [TRACE2] [--top N]
With two traces, prints them side by side (calls and self ms per operator) sorted by the larger self time.
"""
import argparse
import json
from collections import defaultdict


def load(path):
    with open(path) as f:
        text = f.read()
    data = json.loads(text)
    events = data["traceEvents"] if isinstance(data, dict) else data
    return [e for e in events if e.get("ph") == "X" and "dur" in e]


def self_times(events):
    """name -> [calls, self microseconds]."""
    out = defaultdict(lambda: [0, 0.0])
    by_thread = defaultdict(list)
    for e in events:
        by_thread[e.get("tid")].append(e)
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, event, child time]
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and ts >= stack[-1][0]:
                end, top, child = stack.pop()
                out[top["name"]][1] += float(top["dur"]) - child
            if stack:
                stack[-1][2] += dur
            out[e["name"]][0] += 1
            stack.append([ts + dur, e, 0.0])
        while stack:
            end, top, child = stack.pop()
            out[top["name"]][1] += float(top["dur"]) - child
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("traces", nargs="+")
    p.add_argument("--top", type=int, default=40)
    args = p.parse_args()
    tables = [self_times(load(t)) for t in args.traces]
    names = sorted(set().union(*tables), key=lambda n: -max(t[n][1] if n in t else 0 for t in tables))
    head = "operator".ljust(44) + "".join(f"{'calls':>8}{'self ms':>10}" for _ in tables)
    print(head)
    for n in names[:args.top]:
        print(n[:44].ljust(44) + "".join(f"{t[n][0] if n in t else 0:>8}{(t[n][1] if n in t else 0) / 1e3:>10.2f}"
                                          for t in tables))
    print("total".ljust(44) + "".join(f"{sum(c for c, _ in t.values()):>8}{sum(s for _, s in t.values()) / 1e3:>10.2f}"
                                      for t in tables))


if __name__ == "__main__":
    main()
