"""Every contributor task for spindle is a nox session.

A bare ``nox`` runs the same sessions CI runs. Each session installs the locked
workspace with ``uv sync --locked`` into its own virtualenv.
"""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_existing_virtualenvs = True
# `tests` includes tests/conformance; the conformance session runs it alone.
nox.options.sessions = [
    "lint",
    "typecheck",
    "schema_check",
    "argument-comment-lint",
    "tests",
    "e2e_postgres",
]

PYTHON_SOURCES = ["packages", "tools", "tests", "benches", "noxfile.py"]
HAND_WRITTEN = [
    "packages/protocol/src",
    "packages/state/src",
    "packages/memories/src",
    "packages/sandbox/src",
    "packages/app-server/src",
    "tools/argument-comment-lint/src",
]


# Every test folder: run by the tests session, type-checked by typecheck.
TEST_FOLDERS = [
    "packages/protocol/tests",
    "packages/state/tests",
    "packages/memories/tests",
    "packages/sandbox/tests",
    "packages/app-server/tests",
    "tools/argument-comment-lint/tests",
    "tests",
]
# Type-checked apart from HAND_WRITTEN (see typecheck).
ALSO_TYPED = [*TEST_FOLDERS, "benches"]


def _sync(session: nox.Session, *extra: str) -> None:
    """Install the locked workspace (all members, dev group) into the session venv."""
    session.run_install(
        "uv",
        "sync",
        "--locked",
        "--all-packages",
        *extra,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run every test: all packages, the linter and the end-to-end suite."""
    _sync(session)
    args = session.posargs or TEST_FOLDERS
    # Two xdist workers: most tests wait on a server subprocess, so two keep a 2-core machine
    # busy; whole files go to one worker so module-scoped servers are started once.
    # Exit code 5 ("no tests collected") is a failure here, not a pass.
    parallel = [] if session.posargs else ["-n", "2", "--dist", "loadfile"]
    session.run("pytest", *parallel, *args, success_codes=[0])


# The end-to-end files run again with every server on PostgreSQL (``e2e_postgres``).
E2E_POSTGRES = [
    "tests/e2e/test_e2e_threads.py",
    "tests/e2e/test_e2e_paging.py",
    "tests/e2e/test_e2e_restart.py",
    "tests/e2e/test_e2e_metadata.py",
    "tests/e2e/test_e2e_postgres.py",
]


@nox.session(name="e2e_postgres")
def e2e_postgres(session: nox.Session) -> None:
    """End-to-end threads, paging, restart and metadata with every server on PostgreSQL.

    Each server home gets its own database in a throwaway cluster; with
    ``SPINDLE_REQUIRE_POSTGRES=1`` (CI) a missing PostgreSQL fails instead of skipping.
    """
    _sync(session)
    args = session.posargs or E2E_POSTGRES
    parallel = [] if session.posargs else ["-n", "2", "--dist", "loadfile"]
    session.run(
        "pytest",
        *parallel,
        *args,
        env={"SPINDLE_E2E_DATABASE": "postgresql"},
        success_codes=[0],
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff lint and format check, import-linter's layering contracts, ``bash -n`` of the scripts."""
    _sync(session)
    session.run("ruff", "check", *PYTHON_SOURCES)
    session.run("ruff", "format", "--check", *PYTHON_SOURCES)
    session.run("lint-imports", "--no-cache")  # the layering contracts in pyproject.toml
    for script in (
        "tools/argument-comment-lint/run.sh",
        "tools/argument-comment-lint/run-prebuilt-linter.sh",
        ".ci/run",
    ):
        session.run("bash", "-n", script, external=True)


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the hand-written code, then on the tests and the benchmarks (which
    drive the packages' own classes: a change of those is caught before a run fails). Each
    of those folders on its own: several hold a ``conftest`` module."""
    _sync(session)
    session.run("mypy", *(session.posargs or HAND_WRITTEN))
    if not session.posargs:
        for folder in ALSO_TYPED:
            session.run("mypy", "--explicit-package-bases", folder)


@nox.session
def schema(session: nox.Session) -> None:
    """Regenerate the protocol models and TypeScript declarations from schema/ (``-- --check`` to diff)."""
    _sync(session)
    session.run("python", "scripts/generate_protocol.py", *session.posargs)


@nox.session(name="schema_check")
def schema_check(session: nox.Session) -> None:
    """Fail when the generated files differ from a fresh generation of schema/."""
    _sync(session)
    session.run("python", "scripts/generate_protocol.py", "--check", *session.posargs)


@nox.session
def conformance(session: nox.Session) -> None:
    """Compare our schema and live server against the official @openai/codex@0.169.0 schema."""
    _sync(session)
    session.run("pytest", "tests/conformance", "-p", "no:randomly", *session.posargs)


@nox.session(name="argument-comment-lint")
def argument_comment_lint(session: nox.Session) -> None:
    """Run argument-comment-lint on this repository through its wrapper (all targets by default)."""
    _sync(session)
    session.run("bash", "tools/argument-comment-lint/run.sh", *session.posargs, external=True)


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Run the benchmarks in benches/ and print figures and ratios (never asserted)."""
    _sync(session)
    session.run("python", "benches/run.py", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Run the app server (stdio by default; pass ``-- --listen ws://127.0.0.1:PORT``)."""
    _sync(session)
    session.run("spindle", "app-server", *session.posargs)
