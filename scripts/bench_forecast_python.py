#!/usr/bin/env python3
"""The Python reference of bench-forecast: one-row forecasts with xgboost (Debian's python3-xgboost), timed per call.

  /usr/bin/python3 scripts/bench_forecast_python.py MODEL.json [CALLS]
"""
import sys
import time

import numpy as np
import xgboost as xgb

model = sys.argv[1]
calls = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
booster = xgb.Booster()
booster.load_model(model)
names = booster.feature_names
rows = (np.random.default_rng(1).random((1024, len(names))) * 3000).astype(np.float32)


def timed(predict, n):
    for i in range(n // 4):
        predict(rows[i % 1024:i % 1024 + 1])
    times = []
    for i in range(n):
        t = time.perf_counter_ns()
        predict(rows[i % 1024:i % 1024 + 1])
        times.append(time.perf_counter_ns() - t)
    times.sort()
    return "median %.1f us, p99 %.1f us over %d calls" % (times[n // 2] / 1000, times[int(n * 0.99)] / 1000, n)


print("python inplace_predict, one row  ", timed(booster.inplace_predict, calls))
print("python DMatrix + predict, one row", timed(lambda r: booster.predict(xgb.DMatrix(r, feature_names=names)), calls // 4))
