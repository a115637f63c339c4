"""Build step of mosprecheck (everything else is in pyproject.toml): the wheel carries
``mosprecheck/_datafiles.json``, the bundled YAML data (rulebook, text catalogues) compiled to JSON,
which the package reads about ten times faster than the YAML (see ``src/mosprecheck/_datafiles.py``).
An editable install has none and parses the YAML (slower start, same results)."""

from __future__ import annotations

import importlib.util
import json
import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCompiledData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        package = os.path.join(self.build_lib, "mosprecheck")
        spec = importlib.util.spec_from_file_location("_mosprecheck_datafiles", os.path.join(package, "_datafiles.py"))
        datafiles = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(datafiles)
        files = {}
        for folder, _dirs, names in sorted(os.walk(package)):
            for name in sorted(names):
                if name.endswith(".yaml"):
                    path = os.path.join(folder, name)
                    with open(path, encoding="utf-8") as fh:
                        text = fh.read()
                    try:
                        entry = datafiles.compile_entry(text)
                    except TypeError:
                        continue  # parsed as YAML at run time
                    files[datafiles.digest(text)] = {"path": os.path.relpath(path, package).replace(os.sep, "/"), **entry}
        with open(os.path.join(package, datafiles.COMPILED_NAME), "w", encoding="utf-8") as fh:
            json.dump({"format": datafiles.FORMAT, "files": files}, fh, ensure_ascii=False, sort_keys=True)


setup(cmdclass={"build_py": BuildPyWithCompiledData})
