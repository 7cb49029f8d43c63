"""Server settings: defaults, then a TOML file, then GRIDDESK_SERVER_* environment
variables, then command-line flags (each overriding the one before)."""
from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ENV_PREFIX = "GRIDDESK_SERVER_"


@dataclass
class Settings:
    db_url: str = "sqlite:///griddesk-server.db"
    host: str = "127.0.0.1"
    port: int = 8470
    workers: int = 1                    # uvicorn worker processes (serve)
    db_pool_size: int = 10              # per worker: keep workers × (pool + overflow)
    db_max_overflow: int = 10           # below PostgreSQL's max_connections
    log_level: str = "INFO"
    threads: int = 16                   # per worker: requests doing database work at once
    blob_dir: str = ""                  # '' = '<db dir>/blobs' for SQLite, './blobs' otherwise
    access_ttl: int = 15 * 60           # seconds
    refresh_ttl: int = 30 * 24 * 3600
    lockout_failures: int = 5           # wrong passwords in a row lock an account name
    lockout_seconds: int = 15 * 60      # ...for this long (older failures are forgotten)
    # failed sign-ins one client address may make per window (then 429 + Retry-After);
    # an office behind one NAT address shares it, so it is well above one person's typos
    login_address_failures: int = 30
    login_address_window: int = 5 * 60
    # reverse proxies whose X-Forwarded-For names the client (uvicorn's
    # forwarded_allow_ips, e.g. "127.0.0.1"); '' = none: the peer address is the client,
    # so nobody can pick their own address for the per-address limit
    trusted_proxies: str = ""
    page_limit_max: int = 5000
    long_poll_max: float = 55.0         # seconds a /sync/changes?wait= may park (< proxy timeout)
    backlog: int = 8192                 # connections waiting to be accepted (desktops reconnecting)
    keep_alive: int = 75                # seconds an idle connection is kept for its next request
    # seconds a stopping process waits for requests still running (parked long-polls
    # would hold it up to long_poll_max each); then their connections are closed and
    # the desktops ask again, of the next process
    graceful_shutdown: float = 5.0
    tombstone_days: int = 90            # change-feed retention (desktops behind: 410)
    tombstone_keep_days: int = 180      # deleted rows outlive the longest offline period
    max_chunk: int = 4 * 1024 * 1024
    max_blob: int = 64 * 1024 * 1024
    min_protocol: int = 1
    # argon2id cost; tests lower it so hashing is fast
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    # password checks running at once per worker process (0 = half the CPUs); they run
    # outside the request threads, so a burst of sign-ins cannot starve pushes
    argon2_threads: int = 0
    extra: dict = field(default_factory=dict)

    def resolved_blob_dir(self) -> Path:
        if self.blob_dir:
            return Path(self.blob_dir)
        if self.db_url.startswith("sqlite:///") and self.db_url != "sqlite:///:memory:":
            return Path(self.db_url[len("sqlite:///"):]).resolve().parent / "blobs"
        return Path("blobs").resolve()


def _coerce(name: str, value):
    kind = {f.name: f.type for f in dataclasses.fields(Settings)}[name]
    if kind in ("int", int):
        return int(value)
    if kind in ("float", float):
        return float(value)
    return str(value)


def load(config_file: str | os.PathLike | None = None, env: dict | None = None,
         **overrides) -> Settings:
    settings = Settings()
    names = {f.name for f in dataclasses.fields(Settings)} - {"extra"}
    env = os.environ if env is None else env
    config_file = config_file or env.get(ENV_PREFIX + "CONFIG")
    if config_file:
        data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        data = data.get("server", data)
        for key, value in data.items():
            if key in names:
                setattr(settings, key, _coerce(key, value))
            else:
                settings.extra[key] = value
    # the config file's other entries (the 随手拍 page's limits…) as ``serve`` hands
    # them to its workers: without this a worker ran with the built-in limits
    if env.get(ENV_PREFIX + "EXTRA"):
        settings.extra.update(json.loads(env[ENV_PREFIX + "EXTRA"]))
    for key in names:
        if ENV_PREFIX + key.upper() in env:
            setattr(settings, key, _coerce(key, env[ENV_PREFIX + key.upper()]))
    for key, value in overrides.items():
        if value is not None:
            setattr(settings, key, _coerce(key, value))
    return settings


def to_env(settings: Settings) -> dict[str, str]:
    """The settings as GRIDDESK_SERVER_* variables (how ``serve`` hands resolved
    settings to its uvicorn worker processes)."""
    env = {ENV_PREFIX + f.name.upper(): str(getattr(settings, f.name))
           for f in dataclasses.fields(Settings) if f.name != "extra"}
    if settings.extra:
        env[ENV_PREFIX + "EXTRA"] = json.dumps(settings.extra, ensure_ascii=False)
    return env
