"""The newcomer's commands without running them: what `make run` and `make test` install and run
(`make -n`), what `make test` asks for before it starts, what `.dockerignore` keeps out of an image, and
the topology docker-compose.yml describes (validated by docker-compose itself when it is installed)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def make(*args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"PATH": path} if path else {})}
    env.pop("PORT", None)
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def planned(*args: str) -> list[str]:
    """The commands `make` would run, every target taken as out of date (-B)."""
    result = make("-n", "-B", *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_make_run_installs_only_what_serving_needs():
    lines = planned("run")
    installs = [line for line in lines if "pip install" in line and "--upgrade pip" not in line]
    assert installs == [".venv/bin/pip install --quiet -e ."]
    assert not [line for line in lines if "[test]" in line]
    assert lines[-1].rstrip() == ".venv/bin/dateline serve"  # the port: DATELINE_PORT, else 8000


@pytest.mark.parametrize("port", ["8080", "9001", "18000"])
def test_make_run_takes_the_port(port):
    assert planned("run", f"PORT={port}")[-1] == f".venv/bin/dateline serve --port {port}"


def test_make_test_adds_the_test_tools():
    lines = planned("test")
    assert ".venv/bin/pip install --quiet -e '.[test]'" in lines
    assert lines[-1].startswith(".venv/bin/pytest")


@pytest.mark.parametrize(
    ("workers", "option"), [(None, f"-n {2 * len(os.sched_getaffinity(0))}"), ("0", "-n 0"), ("3", "-n 3")]
)
def test_make_test_runs_the_tests_in_parallel_workers_unless_told(workers, option):
    args = ["test", *([f"TEST_WORKERS={workers}"] if workers else [])]
    assert planned(*args)[-1].split() == [".venv/bin/pytest", *option.split()]


def test_make_lint_checks_findings_and_formatting_and_changes_nothing():
    lines = planned("lint")
    folders = "service tests migrations bench"
    assert f".venv/bin/ruff check {folders}" in lines
    assert f".venv/bin/ruff format --check {folders}" in lines
    assert not [line for line in lines if "--fix" in line or line.startswith(".venv/bin/ruff format service")]


def test_ci_runs_the_lint_after_the_tests():
    steps = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert steps.index("make lint") > steps.index("make test")


def _path_with(tmp_path: Path, node_version: str | None, npm: bool) -> str:
    """A PATH with the shell tools `make` needs, and a `node` of that version (or none), npm or not."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("sh", "sed", "make", "env"):
        (folder / tool).symlink_to(shutil.which(tool))
    if node_version:
        (folder / "node").write_text(f"#!/bin/sh\necho {node_version}\n")
        (folder / "node").chmod(0o755)
    if npm:
        (folder / "npm").write_text("#!/bin/sh\n")
        (folder / "npm").chmod(0o755)
    return str(folder)


@pytest.mark.parametrize(
    ("node", "npm"),
    [
        (None, True),
        (None, False),
        ("v18.19.0", True),
        ("v16.20.2", True),
        ("v20.11.1", False),
        ("v0.10.48", True),
    ],
)
def test_make_test_names_a_missing_node_and_how_to_install_it(tmp_path, node, npm):
    result = make("test-prerequisites", path=_path_with(tmp_path, node, npm))
    assert result.returncode != 0
    assert "make test needs Node.js 20 or newer and npm" in result.stderr
    assert "apt-get install nodejs npm" in result.stderr


@pytest.mark.parametrize("node", ["v20.11.1", "v22.3.0", "v24.0.0"])
def test_make_test_accepts_node_20_and_newer(tmp_path, node):
    result = make("test-prerequisites", path=_path_with(tmp_path, node, True))
    assert "Node.js" not in result.stderr
    chromium = Path("/usr/bin/chromium").exists()
    varnish = Path("/usr/sbin/varnishd").exists() and any(
        Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so")
    )
    assert result.returncode == (0 if chromium and varnish else 1)
    assert ("apt-get install chromium" in result.stderr) == (not chromium)
    assert ("apt-get install varnish varnish-modules" in result.stderr) == (not varnish)


# --- .dockerignore ------------------------------------------------------------------------------------


def _docker_regex(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as Docker reads it (Go's filepath.Match, plus `**` for any folders)."""
    out, i = "", 0
    pattern = pattern.strip("/")
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + r"\Z")


def excluded(path: str) -> bool:
    """Whether Docker leaves `path` out of the build context: the last rule that matches it or one of
    its folders decides (`!` brings a path back)."""
    rules = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()]
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    verdict = False
    for rule in rules:
        if not rule or rule.startswith("#"):
            continue
        negate = rule.startswith("!")
        regex = _docker_regex(rule.lstrip("!"))
        if any(regex.match(prefix) for prefix in prefixes):
            verdict = not negate
    return verdict


@pytest.mark.parametrize(
    "path",
    [
        "sdk/typescript/node_modules/typescript/lib/tsc.js",
        "sdk/typescript/node_modules/.dateline-lock.sha256",
        "node_modules/left-pad/index.js",
        "tests/sdk/node_modules/x/package.json",
        "sdk/typescript/dist/index.js",
        ".venv/bin/python",
        ".git/HEAD",
        ".data/postgres/PG_VERSION",
        "service/__pycache__/app.cpython-311.pyc",
    ],
)
def test_dockerignore_keeps_local_state_and_node_modules_out(path):
    assert excluded(path)


@pytest.mark.parametrize(
    "path",
    [
        "service/app.py",
        "service/embed/embed.js",
        "migrations/env.py",
        "pyproject.toml",
        "README.md",
        "sdk/typescript/package.json",
        "sdk/typescript/src/client.ts",
        "openapi/openapi.json",
    ],
)
def test_dockerignore_keeps_what_the_image_needs(path):
    assert not excluded(path)


# --- docker-compose.yml: the topology of docs/operations.md -------------------------------------------

COMPOSE = ROOT / "docker-compose.yml"


def compose() -> dict:
    import yaml  # anchors and `<<` merges resolved as docker-compose resolves them

    return yaml.safe_load(COMPOSE.read_text())


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose is not installed")
def test_docker_compose_accepts_the_file():
    command = ["docker-compose", "-f", str(COMPOSE), "config", "-q"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_compose_runs_a_primary_a_replica_the_migration_two_apis_and_one_front_door():
    services = compose()["services"]
    assert set(services) == {"postgres", "postgres-replica", "migrate", "api-1", "api-2", "varnish"}
    for name, service in services.items():
        assert ("healthcheck" in service) == (name != "migrate"), name  # a job that ends has none
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"varnish"}  # one port for clients: the database and the APIs are not reachable


def _env(service: dict) -> dict[str, str]:
    return {k: str(v) for k, v in service.get("environment", {}).items()}


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or ""


def test_compose_primary_archives_and_replicates_and_the_replica_copies_it_when_empty():
    services = compose()["services"]
    primary, replica = services["postgres"], services["postgres-replica"]
    assert primary["image"].startswith("postgres:") and replica["image"].startswith("postgres:")
    settings = " ".join(primary["command"])
    assert "wal_level=replica" in settings and "archive_mode=on" in settings
    mounts = [volume.split(":") for volume in primary["volumes"] + replica["volumes"]]
    scripts = {target: ROOT / source for source, target, *_ in mounts if source.startswith("./deploy/")}
    init = scripts["/docker-entrypoint-initdb.d/10-replication.sh"].read_text()
    assert "REPLICATION" in init and "pg_hba.conf" in init and "pg_create_physical_replication_slot" in init
    entry = scripts["/deploy/replica-entrypoint.sh"].read_text()
    command = " ".join(entry[entry.index("pg_basebackup") :].split("\\\n")[:3]).split()
    assert "PG_VERSION" in entry and "-R" in command and "-S" in command  # -R: standby.signal, conninfo
    assert replica["entrypoint"][-1] == "/deploy/replica-entrypoint.sh"
    assert _env(replica)["PRIMARY_HOST"] == "postgres"
    assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_compose_apis_write_to_the_primary_read_from_the_replica_after_the_migration():
    services = compose()["services"]
    assert _host(_env(services["migrate"])["DATELINE_DATABASE_URL"]) == "postgres"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api-1", "api-2"):
        api, env = services[name], _env(services[name])
        assert _host(env["DATELINE_DATABASE_URL"]) == "postgres"
        assert _host(env["DATELINE_READ_DATABASE_URL"]) == "postgres-replica"
        assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert api["depends_on"]["postgres-replica"]["condition"] == "service_healthy"
        assert "/health/ready" in " ".join(api["healthcheck"]["test"])


def test_compose_front_door_is_varnish_with_the_projects_vcl_and_the_only_trusted_proxy():
    services = compose()["services"]
    varnish = services["varnish"]
    assert re.fullmatch(r"varnish:7(\.\d+)*", varnish["image"])
    mounts = {target: source for source, target, *_ in (v.split(":") for v in varnish["volumes"])}
    assert mounts["/etc/varnish/default.vcl"] == "./deploy/varnish/default.vcl"
    site = (ROOT / mounts["/etc/varnish/site.vcl"]).read_text()
    assert '.host = "api-1"' in site and '.host = "api-2"' in site
    assert {n: c["condition"] for n, c in varnish["depends_on"].items()} == {
        "api-1": "service_healthy",
        "api-2": "service_healthy",
    }
    address = varnish["networks"]["dateline"]["ipv4_address"]
    for name in ("api-1", "api-2"):  # the APIs believe forwarded headers from Varnish alone
        assert _env(services[name])["DATELINE_TRUSTED_PROXIES"] == address
