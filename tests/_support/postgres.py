"""A fresh PostgreSQL database per test, on the server named by ``MEDDX_TEST_POSTGRES_URI``.

``.ci/with-postgres CMD`` starts a throwaway server and sets the variable (and
``MEDDX_REQUIRE_POSTGRES=1``, so a missing server fails the test instead of skipping it). Use
the ``postgres_url`` fixture (conftest.py imports it)."""

from __future__ import annotations

import os
import uuid

import pytest

URI_ENV = "MEDDX_TEST_POSTGRES_URI"
REQUIRE_ENV = "MEDDX_REQUIRE_POSTGRES"


@pytest.fixture()
def postgres_url():
    """The URL of an empty database (``postgresql+psycopg://...``), dropped after the test."""
    import sqlalchemy as sa

    base = os.environ.get(URI_ENV)
    if not base:
        message = (f"no PostgreSQL server: {URI_ENV} is not set (run `.ci/with-postgres make test`, "
                   f"or set {URI_ENV}=postgresql+psycopg://USER@HOST:PORT/DB)")
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {message}")
        pytest.skip(message)
    url = sa.engine.make_url(base)
    name = f"meddx_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
