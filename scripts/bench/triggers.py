#!/usr/bin/env python3
"""The trigger benchmark's client: against an embedded runtime whose job JOB_ID has an
object-created trigger on s3://bench/lat/ and s3://bench/burst/, it

1. uploads LATENCY objects one after another (BENCH_GAP_MS apart, so no run waits for another) and,
   for each, takes the time from the end of its upload to the moment its run was RUNNING (the
   run's startedAt), reading the runs back through the API;
2. uploads BURST objects with CLIENTS clients at once and takes the time from the first upload to
   the last run being finished, checking that each object got exactly one SUCCEEDED run.

Usage: triggers.py API_URL API_KEY S3_URL JOB_ID LATENCY BURST CLIENTS GAP_MS
Prints the figures as JSON.
"""
import json
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import boto3
from botocore.config import Config

api, key, endpoint, job = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
latency_count, burst_count, clients, gap = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8]) / 1000
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench",
                  config=Config(max_pool_connections=64, retries={"max_attempts": 5, "mode": "standard"}))


def runs():
    items, cursor = [], None
    while True:
        url = f"{api}/jobs/{job}/runs?limit=100" + (f"&cursor={cursor}" if cursor else "")
        with urllib.request.urlopen(urllib.request.Request(url, headers={"x-api-key": key})) as response:
            page = json.load(response)
        items += page["items"]
        cursor = page.get("nextCursor")
        if not cursor:
            return items


def finished(items, prefix, count):
    mine = [r for r in items if r["triggerObject"]["key"].startswith(prefix)]
    return len(mine) >= count and all(r["status"] not in ("QUEUED", "RUNNING") for r in mine), mine


def wait_for(prefix, count, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        done, mine = finished(runs(), prefix, count)
        if done:
            return mine
        time.sleep(0.25)
    raise SystemExit(f"the runs of {prefix} did not all finish within {timeout} s")


def epoch(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


uploaded = {}
for i in range(latency_count):
    name = f"lat/{i:04d}.dat"
    s3.put_object(Bucket="bench", Key=name, Body=b"x" * 1024)
    uploaded[name] = time.time()
    time.sleep(gap)
latency_runs = wait_for("lat/", latency_count, 300)
delays = sorted((epoch(r["startedAt"]) - uploaded[r["triggerObject"]["key"]]) * 1000 for r in latency_runs)
assert len(latency_runs) == latency_count, f"{len(latency_runs)} runs for {latency_count} uploads"


def upload(client):
    for i in range(burst_count // clients):
        s3.put_object(Bucket="bench", Key=f"burst/c{client}-{i:04d}.dat", Body=b"y" * 1024)


start = time.time()
with ThreadPoolExecutor(clients) as pool:
    list(pool.map(upload, range(clients)))
uploads_done = time.time()
burst_runs = wait_for("burst/", burst_count, 900)
burst_done = time.time()
keys = {r["triggerObject"]["key"] for r in burst_runs}
succeeded = sum(1 for r in burst_runs if r["status"] == "SUCCEEDED")


def percentile(values, p):
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


print(json.dumps({
    "latency": {"uploads": latency_count, "gapMs": gap * 1000, "p50Ms": round(percentile(delays, 50), 1),
                "p99Ms": round(percentile(delays, 99), 1), "maxMs": round(delays[-1], 1), "meanMs": round(statistics.mean(delays), 1)},
    "burst": {"objects": burst_count, "clients": clients, "runs": len(burst_runs), "distinctObjects": len(keys), "succeeded": succeeded,
              "uploadSeconds": round(uploads_done - start, 2), "allRunsDoneSeconds": round(burst_done - start, 2)},
}))
