#!/usr/bin/env python3
"""Run many real AWS CLI v1 commands in one Python process (the CLI's own driver, `awscli.clidriver`).

Starting `aws` costs ~0.6 s per command, mostly loading botocore's models; the conformance suites run a few
hundred commands, so they send them here instead. Protocol: one JSON object per stdin line,
{"id": N, "args": [...], "env": {...}}; one JSON line back per command, {"id": N, "status": rc, "stdout": ..., "stderr": ...}.
A driver is kept per distinct environment (credentials are resolved once per session).
"""
import contextlib
import io
import json
import os
import sys

from awscli.clidriver import create_clidriver

BASE_ENV = dict(os.environ)
drivers = {}


def driver_for(env):
    key = json.dumps(env, sort_keys=True)
    if key not in drivers:
        os.environ.clear()
        os.environ.update(BASE_ENV)
        os.environ.update(env)
        drivers[key] = create_clidriver()
    return drivers[key], env


def main():
    real_stdout = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        drv, env = driver_for(req.get('env', {}))
        os.environ.clear()
        os.environ.update(BASE_ENV)
        os.environ.update(env)
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                rc = drv.main(req['args'])
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 255
        except Exception as e:  # noqa: BLE001 - report, keep serving
            err.write(f'runner: {type(e).__name__}: {e}\n')
            rc = 255
        real_stdout.write(json.dumps({'id': req['id'], 'status': rc, 'stdout': out.getvalue(), 'stderr': err.getvalue()}) + '\n')
        real_stdout.flush()


if __name__ == '__main__':
    main()
