#!/usr/bin/env python3
"""Reference implementation in Python with struct, the earlier project's language.

Used by the tests to check the Java decoder and windows against code that shares nothing with them, and by the
benchmark as the baseline. Reads the same payload format file.

  reference.py decode  FORMAT            hex lines on stdin -> JSON lines
  reference.py replay  FORMAT WINDOW_S   binary capture on stdin -> line protocol (lateness 2 s, flush at end)
  reference.py payloads FORMAT N SEED    N random hex payloads (valid, malformed, extreme values)
"""
import json
import random
import struct
import sys


def load(path):
    doc = json.load(open(path))
    types = doc["types"] if "types" in doc else {k: v for t in doc.values() if isinstance(t, dict) for k, v in t.items()}
    layouts = {}
    for key, t in types.items():
        names = [f.get("name", f.get("label")) for f in t["fields"]]
        div = [float(f.get("divide_by", 1)) for f in t["fields"]]
        layouts[int(key)] = (struct.Struct(t["encoding"]), names, div)
    return layouts


def decode_one(layouts, data):
    if not data:
        raise ValueError("empty payload")
    lay = layouts.get(data[0])
    if lay is None:
        raise ValueError("unknown feature type %d" % data[0])
    s, names, div = lay
    if len(data) != s.size:
        raise ValueError("wrong length")
    out = {}
    for name, value, d in zip(names, s.unpack(data), div):
        if isinstance(value, bytes):
            value = value.hex()
        elif d != 1:
            value = value / int(d) if isinstance(value, int) and d == int(d) else value / d
        out[name] = value
    if out["timestamp"] != out["timestamp"] or out["timestamp"] in (float("inf"), float("-inf")):
        raise ValueError("timestamp is not finite")
    return out


def cmd_decode(fmt):
    layouts = load(fmt)
    for line in sys.stdin:
        try:
            print(json.dumps(decode_one(layouts, bytes.fromhex(line.strip()))))
        except ValueError as e:
            print(json.dumps({"error": str(e)}))


HEADER = ("feature_type", "timestamp", "sensor_id", "phase")


def cmd_replay(fmt, window):
    layouts = load(fmt)
    window = float(window)
    lateness = 2.0
    data = sys.stdin.buffer.read()
    state = {}  # (sensor, phase, type) -> [watermark, closed_until, {start: [sums, n]}, names]
    out = sys.stdout
    pos = 0

    def emit(key, start, acc, names):
        sums, n = acc
        fields = ",".join("%s=%r" % (name, sums[i] / n) for i, name in enumerate(names))
        out.write("energy,phase=%d,sensor_id=%s %s,samples=%di %d\n" % (key[1], key[0], fields, n, int(start * 1000) * 1000000))

    while pos < len(data):
        lay = layouts[data[pos]]
        rec = decode_one(layouts, data[pos:pos + lay[0].size])
        pos += lay[0].size
        names = [n for n in lay[1] if n not in HEADER]
        key = (rec["sensor_id"], rec["phase"], rec["feature_type"])
        st = state.setdefault(key, [float("-inf"), float("-inf"), {}, names])
        start = (rec["timestamp"] // window) * window
        if start < st[1] or start + window + lateness <= st[0]:
            continue
        acc = st[2].setdefault(start, [[0.0] * len(names), 0])
        for i, n in enumerate(names):
            acc[0][i] += rec[n]
        acc[1] += 1
        st[0] = max(st[0], rec["timestamp"])
        for s in sorted(st[2]):
            if s + window <= st[0] - lateness:
                emit(key, s, st[2].pop(s), names)
                st[1] = s + window
    rest = [(s, key, acc, st[3]) for key, st in state.items() for s, acc in st[2].items()]
    for s, key, acc, names in sorted(rest, key=lambda r: (r[0], r[1])):
        emit(key, s, acc, names)


def cmd_payloads(fmt, n, seed):
    layouts = load(fmt)
    rnd = random.Random(int(seed))
    types = sorted(layouts)
    for _ in range(int(n)):
        t = rnd.choice(types)
        s, names, _ = layouts[t]
        values = []
        for code, name in zip(fields_of(s.format), names):
            if name == "feature_type":
                values.append(t)
            elif code == "d":
                values.append(rnd.choice([rnd.uniform(1.5e9, 1.9e9), float(rnd.randrange(10**9, 2 * 10**9))]))
            elif code.endswith("s"):
                values.append(bytes(rnd.randrange(256) for _ in range(int(code[:-1]))))
            elif code == "B":
                values.append(rnd.randrange(256))
            elif code == "i":
                values.append(rnd.choice([rnd.randrange(-2**31, 2**31), rnd.randrange(-10**6, 10**6)]))
            elif code == "q":
                values.append(rnd.choice([rnd.randrange(-2**63, 2**63), rnd.randrange(-10**9, 10**9)]))
        data = s.pack(*values)
        kind = rnd.random()
        if kind < 0.05:
            data = data[: rnd.randrange(len(data))]
        elif kind < 0.08:
            data = data + b"\x00"
        elif kind < 0.10:
            data = bytes([rnd.choice([0, 1, 15, 18, 255])]) + data[1:]
        print(data.hex())


def fields_of(fmt):
    import re
    out = []
    for count, code in re.findall(r"(\d*)([a-zA-Z?])", fmt.lstrip("=<>!@")):
        if code == "s":
            out.append(count + "s")
        else:
            out.extend([code] * int(count or 1))
    return out


if __name__ == "__main__":
    cmd = sys.argv[1]
    {"decode": cmd_decode, "replay": cmd_replay, "payloads": cmd_payloads}[cmd](*sys.argv[2:])
