"""PostgreSQL and Redis on loopback for the benchmarks (scripts/local-services.sh), durable
like a production database, in a throwaway folder."""

import os
import signal
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "local-services.sh"


def start(folder: Path, pg_port: int, redis_port: int) -> None:
    env = {**os.environ, "NHASO_PG_DURABLE": "1"}  # fsync on: a database as in production
    subprocess.run(
        [str(SCRIPT), "start", str(folder), str(pg_port), str(redis_port)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def stop(folder: Path) -> None:
    subprocess.run([str(SCRIPT), "stop", str(folder)], check=False)


def fresh_database(pg_port: int, name: str = "nhaso") -> None:
    subprocess.run(
        [
            "psql",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(pg_port),
            "-U",
            "postgres",
            "-c",
            f"DROP DATABASE IF EXISTS {name}",
            "-c",
            f"CREATE DATABASE {name}",
        ],
        check=True,
    )


def stop_server(server: subprocess.Popen) -> None:
    """Stop a server started in a session of its own (its workers too), killing if need be."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
