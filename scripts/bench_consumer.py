#!/usr/bin/python3
"""The earlier project's way, as a baseline for scripts/bench-cpu: Debian's python3-paho-mqtt (1.6), struct, and
per-sensor 60 s sums in a dict. Resumes the persistent session CLIENT_ID (QoS 1), takes N readings, and exits.

  bench_consumer.py HOST PORT CLIENT_ID N FORMAT
"""
import struct
import sys

import paho.mqtt.client as mqtt

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import reference  # noqa: E402

host, port, client_id, n, fmt = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
layouts = reference.load(fmt)
sums = {}
count = 0


def on_message(client, userdata, msg):
    global count
    data = msg.payload
    lay = layouts.get(data[0]) if data else None
    if lay is not None and len(data) == lay[0].size:
        s, names, div = lay
        values = s.unpack(data)
        # feature type, timestamp, sensor id, phase, then the measurements
        key = (values[2], values[3], int(values[1] // 60))
        acc = sums.get(key)
        if acc is None:
            acc = sums[key] = [0] + [0.0] * (len(values) - 4)
        acc[0] += 1
        for i in range(4, len(values)):
            acc[i - 3] += values[i] / div[i]
    count += 1
    if count == n:
        client.disconnect()


def on_connect(client, userdata, flags, rc):
    client.subscribe("data/realtime/feature/+", qos=1)


client = mqtt.Client(client_id=client_id, clean_session=False)
client.on_message = on_message
client.on_connect = on_connect
client.connect(host, port)
client.loop_forever()
print(f"{count} readings, {len(sums)} windows", file=sys.stderr)
