from __future__ import annotations

import ast
from pathlib import Path

import pytest

import msa_model

PACKAGE = Path(msa_model.__file__).parent


def module_name(path: Path) -> str:
    """The dotted name of a module file under the package, e.g. `msa_model._values.money`."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str) -> set[str]:
    """Every `msa_model` module a module imports, relative imports resolved, at any depth."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(base)
    return {module for module in found if module == "msa_model" or module.startswith("msa_model.")}


def layer_modules(layer: str) -> list[str]:
    """The modules of one layer folder, e.g. `_values`."""
    prefix = f"msa_model.{layer}"
    return [name for name in MODULES if name == prefix or name.startswith(f"{prefix}.")]


def in_folder(module: str, layer: str) -> bool:
    """Tell whether `module` lies in the layer folder `layer`, e.g. `_json`."""
    return module == f"msa_model.{layer}" or module.startswith(f"msa_model.{layer}.")


def in_layers(module: str, *layers: str) -> bool:
    """Tell whether `module` is `msa_model.errors` or lies in one of `layers`."""
    return module == "msa_model.errors" or any(in_folder(module, layer) for layer in layers)


def test_the_layers_are_found() -> None:
    """The folders the rules speak of exist and hold modules, so the rules check something."""
    found = {layer: layer_modules(layer) for layer in ("_values", "_model", "_json")}

    assert "msa_model._values.money" in found["_values"]
    assert "msa_model._model.agreement" in found["_model"]
    assert "msa_model._json.converter" in found["_json"]


def test_imports_are_resolved() -> None:
    """The import reader sees what a module imports (here the converter's model import)."""
    actual = imports_of("msa_model._json.converter")

    assert {"msa_model._model.agreement", "msa_model.errors"} <= actual


@pytest.mark.parametrize("module", layer_modules("_values"))
def test_values_import_only_values_and_errors(module: str) -> None:
    """Value types import nothing from msa_model but other value modules and errors."""
    wrong = sorted(m for m in imports_of(module) if not in_layers(m, "_values"))

    assert wrong == []


@pytest.mark.parametrize("module", layer_modules("_engines"))
def test_engines_import_only_values_errors_and_engines(module: str) -> None:
    """Engines compute over values: they import values, errors and other engines only."""
    wrong = sorted(m for m in imports_of(module) if not in_layers(m, "_values", "_engines"))

    assert wrong == []


@pytest.mark.parametrize("module", layer_modules("_model"))
def test_model_imports_neither_json_nor_cli(module: str) -> None:
    """The model knows nothing of JSON or the command line."""
    wrong = sorted(m for m in imports_of(module) if in_folder(m, "_json") or m == "msa_model.cli")

    assert wrong == []


@pytest.mark.parametrize("module", layer_modules("_json"))
def test_json_does_not_import_the_cli(module: str) -> None:
    """The JSON layer sits below the command line."""
    assert "msa_model.cli" not in imports_of(module)


@pytest.mark.parametrize("module", sorted(set(MODULES) - {"msa_model", "msa_model.__main__"}))
def test_no_module_imports_the_facade_or_the_cli(module: str) -> None:
    """Inside the package nothing imports `msa_model` itself or the cli (only `__main__` does)."""
    wrong = sorted(m for m in imports_of(module) if m in {"msa_model", "msa_model.cli"})

    assert wrong == []


def test_errors_import_nothing_from_the_package() -> None:
    """`msa_model.errors` is at the bottom: it imports nothing from msa_model."""
    assert imports_of("msa_model.errors") == set()
