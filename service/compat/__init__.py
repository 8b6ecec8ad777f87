"""Every use of a framework's private API, in one place: `litestar.py` and `granian.py`.

Each is checked against the pinned version (pyproject.toml) by tests/compat/, which fails when an
upgrade moves or changes what is used here.
"""
