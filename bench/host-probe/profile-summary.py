#!/usr/bin/env python3
"""Where a Node process spent its CPU, from a `node --cpu-prof` profile, optionally within a time window:
    bench/host-probe/profile-summary.py PROFILE.cpuprofile [--from SECONDS] [--to SECONDS] [--top N]
Prints the functions with the most self time and the most inclusive time (seconds from the profile's start)."""
import argparse
import collections
import json
import os


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("profile")
    parser.add_argument("--from", dest="start", type=float, default=0.0)
    parser.add_argument("--to", dest="end", type=float, default=float("inf"))
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    with open(args.profile, encoding="utf-8") as f:
        profile = json.load(f)

    nodes = {node["id"]: node for node in profile["nodes"]}
    parent = {child: node["id"] for node in profile["nodes"] for child in node.get("children", [])}
    self_us = collections.Counter()
    inclusive_us = collections.Counter()
    clock = 0
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"]):
        clock += delta
        if not args.start <= clock / 1e6 <= args.end:
            continue
        self_us[name(nodes[node_id])] += delta
        seen = set()
        walk = node_id
        while walk is not None:
            label = name(nodes[walk])
            if label not in seen:
                inclusive_us[label] += delta
                seen.add(label)
            walk = parent.get(walk)

    total = sum(self_us.values()) or 1
    print(f"{total / 1e6:.1f} s of samples between {args.start} s and {min(args.end, clock / 1e6):.1f} s")
    for title, counter in (("self", self_us), ("inclusive", inclusive_us)):
        print(f"\n{title} time")
        for label, us in counter.most_common(args.top):
            print(f"{100 * us / total:6.1f}%  {label}")


def name(node):
    frame = node["callFrame"]
    where = os.path.basename(frame["url"]) if frame["url"] else ""
    return f"{frame['functionName'] or '(anonymous)'} {where}:{frame['lineNumber'] + 1}" if where else frame["functionName"]


if __name__ == "__main__":
    main()
