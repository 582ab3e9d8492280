#!/usr/bin/env python3
"""Extract trimmed AWS service models from botocore for the sandbox emulator.

The emulator's protocol layer (src/lib/emulator/protocol) is driven by these models: operation HTTP bindings,
input/output shapes, member locations, XML names, timestamp formats and constraints. Documentation strings,
examples and everything unreachable from the kept operations are dropped so the files stay small enough to
ship to the browser.

Usage: python3 scripts/gen-models.py [--botocore DIR]
Writes src/lib/emulator/models/<signingName>.json. The data is botocore's (Apache-2.0); see models/README.md.
"""
import argparse
import gzip
import json
import os
import sys

# botocore model name -> file name (the SigV4 signing name the gateway routes by)
SERVICES = {
    'iam': 'iam',
    'sts': 'sts',
    'cloudformation': 'cloudformation',
    'lambda': 'lambda',
    'stepfunctions': 'states',
    'logs': 'logs',
    'cloudtrail': 'cloudtrail',
    's3': 's3',
}

METADATA_KEYS = ['apiVersion', 'endpointPrefix', 'jsonVersion', 'protocol', 'serviceId', 'signatureVersion',
                 'signingName', 'targetPrefix', 'xmlNamespace', 'globalEndpoint']
OPERATION_KEYS = ['name', 'http', 'input', 'output', 'errors', 'httpChecksum']
SHAPE_KEYS = ['type', 'members', 'member', 'key', 'value', 'required', 'locationName', 'flattened', 'timestampFormat',
              'min', 'max', 'pattern', 'enum', 'payload', 'streaming', 'error', 'exception', 'fault', 'xmlNamespace',
              'eventstream', 'union', 'event', 'requiresLength', 'document']
MEMBER_KEYS = ['shape', 'location', 'locationName', 'queryName', 'xmlNamespace', 'xmlAttribute', 'flattened',
               'jsonvalue', 'idempotencyToken', 'timestampFormat', 'streaming', 'hostLabel', 'eventpayload',
               'resultWrapper']


def default_botocore_dir():
    try:
        import botocore  # noqa: F401
        return os.path.join(os.path.dirname(sys.modules['botocore'].__file__), 'data')
    except ImportError:
        return '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data'


def load(data_dir, service):
    sdir = os.path.join(data_dir, service)
    version = sorted(os.listdir(sdir))[-1]
    base = os.path.join(sdir, version, 'service-2.json')
    if os.path.exists(base + '.gz'):
        with gzip.open(base + '.gz', 'rt', encoding='utf-8') as f:
            return json.load(f), version
    with open(base, encoding='utf-8') as f:
        return json.load(f), version


def pick(d, keys):
    return {k: d[k] for k in keys if k in d}


def trim(model):
    meta = pick(model['metadata'], METADATA_KEYS)
    ops = {}
    needed = []
    for name, op in sorted(model['operations'].items()):
        t = pick(op, OPERATION_KEYS)
        for io in ('input', 'output'):
            if io in t:
                t[io] = pick(t[io], ['shape', 'resultWrapper', 'locationName', 'xmlNamespace'])
                needed.append(t[io]['shape'])
        # Error shapes are not kept: providers raise AwsError with the code and AWS's message themselves.
        t.pop('errors', None)
        if 'httpChecksum' in t:
            del t['httpChecksum']
        ops[name] = t
    shapes = {}
    while needed:
        sname = needed.pop()
        if sname in shapes:
            continue
        s = model['shapes'][sname]
        t = pick(s, SHAPE_KEYS)
        if 'members' in t:
            t['members'] = {m: pick(v, MEMBER_KEYS) for m, v in t['members'].items()}
            needed.extend(v['shape'] for v in t['members'].values())
        for k in ('member', 'key', 'value'):
            if k in t:
                t[k] = pick(t[k], MEMBER_KEYS)
                needed.append(t[k]['shape'])
        if 'error' in t:
            t['error'] = pick(t['error'], ['code', 'httpStatusCode', 'senderFault'])
        shapes[sname] = t
    return {'metadata': meta, 'operations': ops, 'shapes': dict(sorted(shapes.items()))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--botocore', default=default_botocore_dir())
    ap.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'src', 'lib', 'emulator', 'models'))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    versions = {}
    for service, fname in SERVICES.items():
        model, version = load(args.botocore, service)
        trimmed = trim(model)
        versions[fname] = {'botocoreName': service, 'apiVersion': version}
        with open(os.path.join(args.out, fname + '.json'), 'w', encoding='utf-8') as f:
            json.dump(trimmed, f, separators=(',', ':'), sort_keys=False)
            f.write('\n')
        print(f'{fname}.json: {len(trimmed["operations"])} operations, {len(trimmed["shapes"])} shapes')
    try:
        import botocore
        bv = botocore.__version__
    except ImportError:
        bv = 'unknown'
    with open(os.path.join(args.out, 'versions.json'), 'w', encoding='utf-8') as f:
        json.dump({'botocore': bv, 'services': versions}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
