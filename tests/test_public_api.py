from __future__ import annotations

import ast
import importlib
import inspect
import types
from pathlib import Path

import pytest

import msa_model

PACKAGE = Path(msa_model.__file__).parent
PUBLIC = sorted(msa_model.__all__)


def imported_from() -> dict[str, str]:
    """Map each name the package facade imports to the module it comes from."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    return {
        alias.asname or alias.name: node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module is not None
        for alias in node.names
    }


def attribute_docstring(module_name: str, name: str) -> str | None:
    """Return the string literal that follows the module-level assignment of `name`."""
    module = importlib.import_module(module_name)
    tree = ast.parse(inspect.getsource(module))
    for statement, following in zip(tree.body, tree.body[1:], strict=False):
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AnnAssign)
            else []
        )
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                value = following.value.value
                return value if isinstance(value, str) else None
            return None
    return None


def is_class_or_function(value: object) -> bool:
    """Tell whether a public name is a class or a function (not a constant or a type alias)."""
    return inspect.isclass(value) or inspect.isfunction(value)


def isort_key(name: str) -> tuple[int, str]:
    """Order names as isort (and ruff's RUF022) do: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_all_is_sorted_without_duplicates() -> None:
    """`__all__` is sorted isort-style (constants, classes, functions) and lists each name once."""
    expected = sorted(set(msa_model.__all__), key=isort_key)

    assert expected == msa_model.__all__


@pytest.mark.parametrize("name", PUBLIC)
def test_every_name_in_all_exists(name: str) -> None:
    """Every name in `__all__` is an attribute of the package."""
    assert hasattr(msa_model, name)


def test_every_public_attribute_is_in_all() -> None:
    """The facade exposes nothing public beyond `__all__` (submodules aside)."""
    public = {
        name
        for name, value in vars(msa_model).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }

    assert public == set(msa_model.__all__)


def test_the_facade_has_no_logic() -> None:
    """`__init__.py` holds only its docstring, imports and `__all__`."""
    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    kinds = {type(statement).__name__ for statement in tree.body[1:]}

    assert kinds <= {"ImportFrom", "Assign"}
    assignments = [s for s in tree.body if isinstance(s, ast.Assign)]
    assert [[t.id for t in s.targets if isinstance(t, ast.Name)] for s in assignments] == [
        ["__all__"]
    ]


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_a_docstring(name: str) -> None:
    """Each public class and function has its own docstring; constants and aliases have one too."""
    value = getattr(msa_model, name)

    if is_class_or_function(value):
        docstring = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
    else:
        docstring = attribute_docstring(imported_from()[name], name)

    assert isinstance(docstring, str)
    assert docstring.strip()


@pytest.mark.parametrize("name", [n for n in PUBLIC if is_class_or_function(getattr(msa_model, n))])
def test_every_public_class_and_function_lives_in_a_private_module_or_errors(name: str) -> None:
    """Public classes and functions are defined in private modules, or in `msa_model.errors`."""
    module = getattr(msa_model, name).__module__

    assert module.startswith("msa_model.")
    assert "._" in module or module == "msa_model.errors"


@pytest.mark.parametrize("name", [n for n in PUBLIC if inspect.isclass(getattr(msa_model, n))])
def test_public_methods_have_docstrings(name: str) -> None:
    """Every public method and property of a public class has a docstring."""
    cls = getattr(msa_model, name)
    missing = [
        attribute
        for attribute, value in vars(cls).items()
        if not attribute.startswith("_")
        and isinstance(value, types.FunctionType | classmethod | staticmethod | property)
        and not (inspect.getdoc(value) or "").strip()
    ]

    assert missing == []


@pytest.mark.parametrize("name", importlib.import_module("msa_model.errors").__all__)
def test_every_error_is_re_exported(name: str) -> None:
    """Each name of `msa_model.errors` is also public from `msa_model` itself."""
    assert name in msa_model.__all__


def test_errors_module_is_importable() -> None:
    """`msa_model.errors` is a public module with the error classes."""
    errors = importlib.import_module("msa_model.errors")

    assert errors.ValidationError is msa_model.ValidationError


def test_py_typed_ships_with_the_package() -> None:
    """The package carries the PEP 561 marker, so type checkers read its annotations."""
    assert (PACKAGE / "py.typed").is_file()
