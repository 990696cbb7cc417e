"""The shape of a sub-command."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    handler: str  # "package.module:function", called with the parsed args, returns an exit code

    def resolve_handler(self) -> Callable[[argparse.Namespace], int]:
        module_name, _, function_name = self.handler.partition(":")
        return getattr(importlib.import_module(module_name), function_name)
