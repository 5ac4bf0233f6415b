#!/usr/bin/env python3
"""Writes the benchmark's objects: COUNT objects under s3://BUCKET/PREFIX, sized log-uniformly from
MIN to MAX bytes (the same sizes every time: the generator is seeded), 32 at a time.

Usage: objects.py ENDPOINT BUCKET PREFIX COUNT MIN MAX
Prints the number of objects and their total bytes as JSON.
"""
import json
import math
import random
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

endpoint, bucket, prefix, count, low, high = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="bench", aws_secret_access_key="bench",
                  config=Config(max_pool_connections=64, retries={"max_attempts": 5, "mode": "standard"}))
try:
    s3.create_bucket(Bucket=bucket)
except s3.exceptions.BucketAlreadyOwnedByYou:
    pass
except Exception as e:
    if "BucketAlreadyExists" not in str(e) and "BucketAlreadyOwnedByYou" not in str(e):
        raise
rng = random.Random(20261127)
sizes = [int(math.exp(rng.uniform(math.log(low), math.log(high)))) for _ in range(count)]
block = bytes(range(256)) * 4096  # 1 MiB of a repeating pattern


def put(i):
    body = block[i % 256:][:sizes[i]]
    if len(body) < sizes[i]:
        body = (block * (sizes[i] // len(block) + 2))[:sizes[i]]
    s3.put_object(Bucket=bucket, Key="%s%06d/obj-%07d.bin" % (prefix, i // 1000, i), Body=body)


with ThreadPoolExecutor(32) as pool:
    list(pool.map(put, range(count)))
print(json.dumps({"objects": count, "bytes": sum(sizes)}))
