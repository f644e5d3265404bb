"""Which packages and files an install holds; everything else is in pyproject.toml.

templates/, static/ and migrations/ stay at the top of the repository, where Flask and
Flask-Migrate look by default, yet an installed copy needs them beside its code: each ships
as a folder inside the `directory` package (`directory/templates`, ...). pyproject.toml can
either discover packages or list them with such a mapping, not both, hence this file.
`directory.app_folders` finds them in either place.
"""

from setuptools import find_namespace_packages, setup

# Installed package -> the repository folder it is built from.
TOP_LEVEL_FOLDERS = {
    "directory.templates": "templates",
    "directory.static": "static",
    "directory.migrations": "migrations",
}


def folder_packages(package: str, folder: str) -> list[str]:
    """`package` and one package per folder within `folder`: setuptools warns of any folder
    it would ship that is not listed as a package."""
    return [package, *(f"{package}.{name}" for name in find_namespace_packages(where=folder))]


setup(
    packages=[
        *find_namespace_packages(include=["directory", "directory.*", "verifiers", "verifiers.*"]),
        *(
            name
            for package, folder in TOP_LEVEL_FOLDERS.items()
            for name in folder_packages(package, folder)
        ),
    ],
    package_dir=TOP_LEVEL_FOLDERS,
    package_data={
        # Word lists and catalogues, at any depth.
        "directory": ["data/**/*"],
        "directory.templates": ["**/*.html"],
        "directory.static": ["**/*"],
        # The revisions in versions/ are modules of their own package.
        "directory.migrations": ["README", "alembic.ini", "script.py.mako"],
    },
)
