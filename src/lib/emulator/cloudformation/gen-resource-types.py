"""Writes resource-types.json: every resource type CloudFormation knows in any Region, from cfn-lint's provider
schemas (cfn-lint is MIT-0; the type names come from AWS's CloudFormation registry). Run it again after upgrading
cfn-lint:  python3 src/lib/emulator/cloudformation/gen-resource-types.py
(The lead may move this script to scripts/ with the other generators.)"""
import importlib
import json
import pathlib
import pkgutil

import cfnlint.data.schemas.providers as providers
from cfnlint.version import __version__ as cfnlint_version

names = set()
for module in pkgutil.iter_modules(providers.__path__):
    names |= set(getattr(importlib.import_module(f"{providers.__name__}.{module.name}"), "types", {}))

out = pathlib.Path(__file__).with_name("resource-types.json")
out.write_text(json.dumps({"cfnLintVersion": cfnlint_version, "types": " ".join(sorted(names))}) + "\n")
print(f"{len(names)} types -> {out}")
