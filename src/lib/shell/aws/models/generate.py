#!/usr/bin/env python3
"""Generates the compact CLI tables in this folder from botocore's service models.

Run: python3 src/lib/shell/aws/models/generate.py [BOTOCORE_DATA_DIR]
Each <cli-name>.json holds what the `aws` command needs and nothing else (it ships to the browser):
  o: {kebab operation: [OperationName, inputShape|null, flags, outputShape|null, kebab?]}  flags: 1 = streaming output
     payload; output structures list only [name, shape] (botocore prints members in model order)
  s: shapes reachable from the inputs — scalars are one-letter codes, complex shapes are indexes into s
     structure {"m": [[name, shape, required(0/1), kebabOverride?]]}, list {"l": shape}, map {"k": shape, "v": shape}
  p: paginators (botocore paginators-1.json, keys shortened), w: waiters (waiters-2.json)
"""
import glob, gzip, json, os, re, sys

DATA = sys.argv[1] if len(sys.argv) > 1 else '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data'
OUT = os.path.dirname(os.path.abspath(__file__))
# cli name -> botocore service folder
SERVICES = {
    'sts': 'sts', 'iam': 'iam', 'cloudformation': 'cloudformation', 'stepfunctions': 'stepfunctions',
    'lambda': 'lambda', 'logs': 'logs', 'cloudtrail': 'cloudtrail', 's3api': 's3',
}
# awscli/customizations/removals.py and argrename.py, for the services above.
REMOVED = {'lambda': {'invoke-with-response-stream'}, 'logs': {'get-log-object'}}
RENAMED = {
    'stepfunctions.send-task-success.output': 'task-output',
    'iam.enable-mfa-device.authentication-code1': 'authentication-code-1',
    'iam.enable-mfa-device.authentication-code2': 'authentication-code-2',
    'iam.resync-mfa-device.authentication-code1': 'authentication-code-1',
    'iam.resync-mfa-device.authentication-code2': 'authentication-code-2',
    'lambda.publish-version.code-sha256': 'code-sha-256',
}
SCALAR = {'string': 's', 'integer': 'i', 'long': 'i', 'float': 'f', 'double': 'f', 'boolean': 'b',
          'timestamp': 't', 'blob': 'B'}

sys.path.insert(0, os.path.dirname(os.path.dirname(DATA)))
try:
    from botocore import xform_name  # the CLI's own name transform
except ImportError:  # pragma: no cover
    xform_name = None


def port_xform(name):
    """The transform that xform.ts implements; an override is stored when botocore's differs."""
    m = re.search('[A-Z]{2,}s$', name)
    if m:
        name = name[: -len(m.group())] + '-' + m.group().lower()
    s1 = re.sub('(.)([A-Z][a-z]+)', r'\1-\2', name)
    return re.sub('([a-z0-9])([A-Z])', r'\1-\2', s1).lower()


def kebab(name):
    return xform_name(name, '-') if xform_name else port_xform(name)


def latest(folder):
    versions = sorted(os.listdir(os.path.join(DATA, folder)))
    for v in reversed(versions):
        if os.path.exists(os.path.join(DATA, folder, v, 'service-2.json.gz')) or os.path.exists(
                os.path.join(DATA, folder, v, 'service-2.json')):
            return os.path.join(DATA, folder, v)


def deep_merge(base, extra):
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            deep_merge(base[k], v)
        else:
            base[k] = v
    return base


def load(path):
    """A model file with its .sdk-extras.json merged in, as botocore's Loader does."""
    for p in (path, path + '.gz'):
        if os.path.exists(p):
            data = json.load(gzip.open(p) if p.endswith('.gz') else open(p))
            extras = path.replace('.json', '.sdk-extras.json')
            if os.path.exists(extras):
                deep_merge(data, json.load(open(extras)).get('merge', {}))
            return data
    return None


def generate(cli, folder):
    d = latest(folder)
    model = load(os.path.join(d, 'service-2.json'))
    shapes = model['shapes']
    table, index = [], {}

    def ref(name, output=False):
        shape = shapes[name]
        t = shape['type']
        if output and name == 'policyDocumentType':
            return 'P'  # IAM's URL-encoded policy documents, which botocore decodes into JSON
        if t in SCALAR:
            code = SCALAR[t]
            if t == 'blob' and shape.get('streaming'):
                code = 'S'
            return code
        if t == 'structure' and shape.get('document'):
            return 'd'
        key = (name, output)
        if key in index:
            return index[key]
        index[key] = len(table)
        table.append(None)
        if t == 'structure':
            members = []
            req = set(shape.get('required', []))
            for mname, m in shape['members'].items():
                if m.get('location') in ('header', 'headers') and m.get('jsonvalue'):
                    pass
                if output:
                    if m.get('location') in ('header', 'headers', 'statusCode'):
                        pass
                    members.append([mname, ref(m['shape'], True)])
                    continue
                target = ref(m['shape'])
                if target == 'B' and m.get('streaming'):
                    target = 'S'  # awscli reads a streaming blob member from a file path
                entry = [mname, target, 1 if mname in req else 0]
                members.append(entry)
            out = {'m': members}
        elif t == 'list':
            out = {'l': ref(shape['member']['shape'], output)}
        elif t == 'map':
            out = {'k': ref(shape['key']['shape'], output), 'v': ref(shape['value']['shape'], output)}
        else:
            raise ValueError(t)
        table[index[key]] = out
        return index[key]

    ops = {}
    for op_name in sorted(model['operations']):
        op = model['operations'][op_name]
        if op.get('deprecated') and False:
            continue
        k = kebab(op_name)
        if k in REMOVED.get(cli, ()):
            continue
        inp = op.get('input', {}).get('shape')
        si = ref(inp) if inp else None
        flags = 0
        out = op.get('output', {}).get('shape')
        if out:
            o = shapes[out]
            payload = o.get('payload')
            # botocore's has_streaming_output: any blob payload (so lambda invoke gets its outfile too).
            if payload and shapes[o['members'][payload]['shape']]['type'] == 'blob':
                flags |= 1
        so = ref(out, output=True) if out else None
        ops[k] = [op_name, si, flags, so] if k == port_xform(op_name) else [op_name, si, flags, so, k]
    # kebab overrides for members, and CLI renames
    for k, (op_name, *_rest) in [(k, v) for k, v in ops.items()]:
        pass
    for i, s in enumerate(table):
        if 'm' in s:
            for entry in s['m']:
                if len(entry) < 3:
                    continue
                kb = kebab(entry[0])
                if kb != port_xform(entry[0]):
                    entry.append(kb)
    renames = {}
    for key, new in RENAMED.items():
        svc, op, arg = key.split('.')
        if svc == cli:
            renames.setdefault(op, {})[arg] = new

    pag = load(os.path.join(d, 'paginators-1.json')) or {'pagination': {}}
    p = {}
    for name, cfg in pag['pagination'].items():
        if name not in model['operations']:
            continue
        rk = cfg.get('result_key')
        p[name] = {k2: v for k2, v in {
            'i': cfg.get('input_token'), 'o': cfg.get('output_token'), 'l': cfg.get('limit_key'),
            'r': rk if isinstance(rk, list) else ([rk] if rk else []), 'm': cfg.get('more_results'),
            'n': cfg.get('non_aggregate_keys'),
        }.items() if v}
    w = (load(os.path.join(d, 'waiters-2.json')) or {'waiters': {}})['waiters']

    policy_members = set()
    if cli == 'iam':
        for sname, s in shapes.items():
            if s['type'] == 'structure':
                for mname, m in s['members'].items():
                    if m['shape'] == 'policyDocumentType':
                        policy_members.add(mname)
    md = model['metadata']
    result = {'v': md['apiVersion'], 'id': md.get('serviceId'), 'proto': md['protocol'],
              'o': ops, 's': table, 'p': p, 'w': w}
    if renames:
        result['r'] = renames
    with open(os.path.join(OUT, cli + '.json'), 'w') as f:
        json.dump(result, f, separators=(',', ':'), sort_keys=False)
        f.write('\n')
    return os.path.getsize(os.path.join(OUT, cli + '.json'))


if __name__ == '__main__':
    total = 0
    for cli, folder in SERVICES.items():
        size = generate(cli, folder)
        total += size
        print(f'{cli}: {size} bytes')
    print(f'total: {total} bytes')
