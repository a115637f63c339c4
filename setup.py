"""Build step of mosprecheck (everything else is in pyproject.toml): the wheel carries
``mosprecheck/_datafiles.json``, the bundled YAML data (rulebook, text catalogues) compiled to JSON,
which the package reads about ten times faster than the YAML (see ``src/mosprecheck/_datafiles.py``).
An editable install has none and parses the YAML (slower start, same results)."""

from __future__ import annotations

import importlib.util
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
        text, _skipped = datafiles.compile_package(package)  # a skipped file is parsed as YAML at run time
        with open(os.path.join(package, datafiles.COMPILED_NAME), "w", encoding="utf-8") as fh:
            fh.write(text)


setup(cmdclass={"build_py": BuildPyWithCompiledData})
