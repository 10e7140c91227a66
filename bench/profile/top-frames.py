#!/usr/bin/env python3
"""Where the time goes, from an async-profiler HTML flame graph, as text a report can quote.

  bench/profile/top-frames.py flame.html                  # frames with the most self time
  bench/profile/top-frames.py flame.html --tree FRAME     # inclusive time below the frames matching FRAME

Reads the data the flame graph embeds (async-profiler 3.x/4.x: a prefix-compressed constant pool, then one
f/u/n call per frame giving its level, horizontal offset and width in samples).
"""
import argparse
import bisect
import re
from collections import defaultdict


def load(path):
    """Frames as (level, left, width, title), in the order the flame graph draws them."""
    text = open(path, encoding="utf-8").read()
    pool_src = re.search(r"const cpool = \[(.*?)\];", text, re.S).group(1)
    pool = [eval(s) for s in re.findall(r"'(?:[^'\\]|\\.)*'", pool_src)]  # JS single-quoted literals
    for i in range(1, len(pool)):  # each entry reuses a prefix of the previous one
        pool[i] = pool[i - 1][: ord(pool[i][0]) - 32] + pool[i][1:]
    frames = []
    level0 = left0 = width0 = 0
    for call in re.finditer(r"\b([fun])\(([^)]*)\)", text[text.index("unpack(cpool);"):]):
        kind = call.group(1)
        args = [int(a) if a else 0 for a in call.group(2).split(",")] + [0, 0, 0, 0]
        if kind == "f":  # f(key, level, left, width): left is relative to the previous frame's left
            key, level, left, width = args[:4]
        elif kind == "u":  # u(key, width): first child of the previous frame
            key, width, level, left = args[0], args[1], level0 + 1, 0
        else:  # n(key, width): next sibling of the previous frame
            key, width, level, left = args[0], args[1], level0, width0
        level0, left0, width0 = level, left0 + left, width or width0
        frames.append((level, left0, width0, pool[key >> 3]))
    return frames


class Profile:
    def __init__(self, frames):
        self.total = frames[0][2]
        self.levels = defaultdict(list)
        for f in frames:
            self.levels[f[0]].append(f)
        for level in self.levels.values():
            level.sort(key=lambda f: f[1])
        self.lefts = {lv: [f[1] for f in fs] for lv, fs in self.levels.items()}

    def children(self, frame):
        level, left, width, _ = frame
        below, lefts = self.levels.get(level + 1, []), self.lefts.get(level + 1, [])
        i = bisect.bisect_left(lefts, left)
        out = []
        while i < len(below) and below[i][1] < left + width:
            out.append(below[i])
            i += 1
        return out

    def self_time(self):
        totals = defaultdict(int)
        for level in self.levels.values():
            for f in level:
                totals[f[3]] += f[2] - sum(c[2] for c in self.children(f))
        return totals

    def outermost(self, needle):
        """Frames whose title contains needle and that have no such frame above them."""
        found, covered = [], []
        for f in sorted((f for fs in self.levels.values() for f in fs if needle in f[3]), key=lambda f: f[0]):
            if not any(l <= f[1] < l + w for l, w in covered):
                covered.append((f[1], f[2]))
                found.append(f)
        return found

    def print_tree(self, frames, depth, min_pct, indent=0):
        merged = defaultdict(list)
        for f in frames:
            merged[f[3]].append(f)
        for title, group in sorted(merged.items(), key=lambda kv: -sum(f[2] for f in kv[1])):
            pct = 100.0 * sum(f[2] for f in group) / self.total
            if pct < min_pct:
                continue
            print(f"{'  ' * indent}{pct:6.2f}  {title}")
            if depth > 0:
                self.print_tree([c for f in group for c in self.children(f)], depth - 1, min_pct, indent + 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("html")
    ap.add_argument("--top", type=int, default=30, help="how many frames by self time (default 30)")
    ap.add_argument("--tree", metavar="FRAME", help="print the call tree below frames whose name contains FRAME")
    ap.add_argument("--depth", type=int, default=6, help="tree depth (default 6)")
    ap.add_argument("--min", type=float, default=0.5, help="hide tree nodes under this %% of samples (default 0.5)")
    a = ap.parse_args()
    profile = Profile(load(a.html))
    if a.tree:
        profile.print_tree(profile.outermost(a.tree), a.depth, a.min)
        return
    print(f"total samples: {profile.total}\n\n{'self %':>7}  {'samples':>8}  frame")
    for title, n in sorted(profile.self_time().items(), key=lambda kv: -kv[1])[: a.top]:
        print(f"{100.0 * n / profile.total:7.2f}  {n:8d}  {title}")


if __name__ == "__main__":
    main()
