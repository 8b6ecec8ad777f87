"""Replica settings and the lag arithmetic, without a cluster."""

from __future__ import annotations

import time

import pytest

from service.config import load_settings
from service.replicas import Replicas, replica_name


@pytest.mark.parametrize(
    ("given", "urls"),
    [
        (None, ()),
        ("", ()),
        ("postgresql://r1/db", ("postgresql://r1/db",)),
        ("postgresql://r1/db, postgresql://r2/db", ("postgresql://r1/db", "postgresql://r2/db")),
        (" postgresql://r1/db ,,postgresql://r2:6432/db,", ("postgresql://r1/db", "postgresql://r2:6432/db")),
    ],
)
def test_read_database_url_lists_the_replicas(given, urls):
    environ = {} if given is None else {"DATELINE_READ_DATABASE_URL": given}
    assert load_settings(environ).read_database_urls == urls


@pytest.mark.parametrize("lag", ["0", "-1", "ten", "nan"])
def test_a_bad_maximum_lag_stops_the_start(lag):
    with pytest.raises(SystemExit, match="replica_max_lag"):
        load_settings({"DATELINE_REPLICA_MAX_LAG": lag})


def test_the_maximum_lag_defaults_to_ten_seconds_and_takes_fractions():
    assert load_settings({}).replica_max_lag == 10
    assert load_settings({"DATELINE_REPLICA_MAX_LAG": "2.5"}).replica_max_lag == 2.5


@pytest.mark.parametrize(
    ("dsn", "name"),
    [
        ("postgresql://user:secret@db.example:6432/dateline?sslmode=require", "db.example:6432/dateline"),
        ("postgresql://reader@10.0.0.7/dateline", "10.0.0.7:5432/dateline"),
        ("postgresql:///dateline?host=/run/postgresql", "localhost:5432/dateline"),
    ],
)
def test_a_replica_is_named_without_its_credentials(dsn, name):
    assert replica_name(dsn) == name


@pytest.mark.parametrize(
    ("ages_and_positions", "replayed", "lag"),
    [
        ([], 0, 0.0),  # nothing sampled yet
        ([(30, 100)], 100, 0.0),  # replayed all the primary had
        ([(30, 100)], 150, 0.0),  # past the last sample (the primary wrote since)
        ([(30, 100), (8, 200)], 100, 8.0),  # behind since the primary passed 100, 8 s ago
        ([(30, 100), (8, 200), (2, 300)], 199, 8.0),
        ([(30, 100), (8, 200), (2, 300)], 250, 2.0),
        ([(30, 100), (8, 200)], 50, 30.0),  # older than any sample: at least that
    ],
)
def test_lag_is_the_time_since_the_primary_passed_the_replayed_position(ages_and_positions, replayed, lag):
    replicas = Replicas([], primary=None, max_lag=10)
    now = time.monotonic()
    replicas.history.extend((now - age, position) for age, position in ages_and_positions)
    assert replicas._lag(replayed) == pytest.approx(lag, abs=0.5)
