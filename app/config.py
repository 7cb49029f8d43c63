"""Where the desktop finds the city server: server URL, CA bundle and proxy.

IT pre-seeds a system-wide file on each PC; a user may change the values in the
settings; the command line overrides both for one run. Precedence, highest first:

1. the command line: ``--server URL``, ``--ca-bundle FILE``, ``--proxy URL``
   (passed in as ``load(cli={...})``);
2. user settings: rows ``sync.server_url``, ``sync.ca_bundle``, ``sync.proxy`` in the
   local database's ``settings`` table (passed in as ``load(conn=store.conn)``);
   a missing row or an empty value means "not set here";
3. the system config file, TOML::

       server_url = "https://griddesk.example.gov.cn"
       ca_bundle = "/etc/griddesk/city-ca.pem"   # PEM file; a relative path is beside this file
       proxy = "http://proxy.example.gov.cn:3128"

   at ``/etc/griddesk/config.toml`` (Linux; the .deb ships it as a conffile) or
   ``%ProgramData%\\GridDesk\\config.toml`` (Windows; the installer writes it);
   the environment variable ``GRIDDESK_CONFIG`` names another file instead;
4. defaults: no server, the system's CA store, no proxy of our own (requests then
   still honours ``HTTPS_PROXY``/``NO_PROXY`` from the environment).

``load(*, cli=None, conn=None, env=None) -> Config`` where ``Config`` is a frozen
dataclass:

- ``server_url: str | None``: the base URL without a trailing slash, or None;
- ``ca_bundle: str | None``: path of a PEM file to verify the server with, or None
  for the default store (never "don't verify": TLS is always checked);
- ``proxy: str | None``: proxy URL for HTTP and HTTPS, or None;
- ``sources: dict[str, str]``: for each of the three, where its value came from
  (``"command line"``, ``"user settings"``, the system file's path, ``"default"``);
- ``system_file: str``: the system file that was consulted (it may not exist);
- ``warnings: tuple[str, ...]``: unknown keys in the system file and the like.

IT policy, read from the system file only (neither a user's setting nor the command
line can undo it):

- ``os_keystore = false`` keeps the database keys out of the OS keystore (Windows
  Credential Manager, macOS Keychain, Secret Service). For PCs where several people
  share one OS login: anyone logged in there can read every keystore entry. Then
  only the password wrap holds a key, and a copy already in the keystore is removed
  at the next sign-in (app.models.store.accounts). Default true. ``os_keystore_allowed()``
  answers it; a broken system file answers false (fail closed: the password wrap
  always works, the keystore copy is a convenience).

``Config.requests_kwargs()`` gives ``{"verify": ..., "proxies": ...}`` for requests.
A system file that is not valid TOML, or a value of the wrong kind, raises
``ConfigError`` naming the file and the problem. Qt-free.
"""
from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

FIELDS = ("server_url", "ca_bundle", "proxy")
# IT policy switches, system file only, with their defaults
POLICY = {"os_keystore": True}
# The settings-table keys a user's choices are stored under (app.models.store.settings).
USER_KEYS = {"server_url": "sync.server_url", "ca_bundle": "sync.ca_bundle",
             "proxy": "sync.proxy"}
ENV_VAR = "GRIDDESK_CONFIG"


class ConfigError(ValueError):
    """A config value or file that cannot be used; the message names where it came from."""


@dataclass(frozen=True)
class Config:
    server_url: str | None = None
    ca_bundle: str | None = None
    proxy: str | None = None
    sources: dict = field(default_factory=lambda: {f: "default" for f in FIELDS})
    system_file: str = ""
    warnings: tuple = ()
    os_keystore: bool = True

    def requests_kwargs(self) -> dict:
        return {"verify": self.ca_bundle or True,
                "proxies": {"http": self.proxy, "https": self.proxy} if self.proxy else None}

    def redacted(self) -> dict:
        """The values for logs and diagnostics: a proxy's password is hidden."""
        return {"server_url": self.server_url, "ca_bundle": self.ca_bundle,
                "proxy": redact_url(self.proxy) if self.proxy else None,
                "sources": dict(self.sources), "system_file": self.system_file,
                "warnings": list(self.warnings), "os_keystore": self.os_keystore}


def system_config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    if sys.platform == "win32":
        return Path(env.get("PROGRAMDATA") or r"C:\ProgramData") / "GridDesk" / "config.toml"
    return Path("/etc/griddesk/config.toml")


def redact_url(url: str) -> str:
    """``http://user:secret@host`` → ``http://user:***@host``; other URLs unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "***"
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _clean(name: str, value, where: str, base_dir: Path | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{where}: {name} must be a string, not {type(value).__name__}")
    value = value.strip()
    if not value:
        return None
    if name in ("server_url", "proxy"):
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.netloc or (
                name == "server_url" and parts.scheme not in ("http", "https")):
            raise ConfigError(f"{where}: {name} must be a URL such as https://host[:port], "
                              f"not {redact_url(value)!r}")
        return value.rstrip("/") if name == "server_url" else value
    path = Path(value).expanduser()
    if base_dir is not None and not path.is_absolute():
        path = base_dir / path  # IT may put the CA file beside the config file
    return str(path)


def read_system_file(path: Path) -> tuple[dict, list[str]]:
    """The values in a system config file (missing file: none) and warnings."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad on Windows may add a BOM
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [f"{path}: cannot be read ({exc.strerror or exc})"]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    warnings = [f"{path}: unknown setting {key!r} ignored" for key in data
                if key not in FIELDS and key not in POLICY]
    where = str(path)
    values = {name: _clean(name, data.get(name), where, path.parent) for name in FIELDS}
    for name in POLICY:
        if name in data:
            if not isinstance(data[name], bool):
                raise ConfigError(f"{where}: {name} must be true or false, "
                                  f"not {data[name]!r}")
            values[name] = data[name]
    return {k: v for k, v in values.items() if v is not None}, warnings


def os_keystore_allowed(env: Mapping[str, str] | None = None) -> bool:
    """IT's ``os_keystore`` policy from the system file (default true); false when the
    file cannot be used, so a broken file never puts keys into a shared keystore."""
    try:
        system, _warnings = read_system_file(system_config_path(env))
    except ConfigError:
        return False
    return bool(system.get("os_keystore", POLICY["os_keystore"]))


def read_user_settings(conn) -> dict:
    """The values a user set in the local database (rows that are present and not empty)."""
    import json

    values = {}
    for name, key in USER_KEYS.items():
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            continue
        try:
            raw = json.loads(row[0])
        except ValueError:
            raw = row[0]
        value = _clean(name, raw, f"user setting {key}")
        if value is not None:
            values[name] = value
    return values


def load(*, cli: Mapping[str, str | None] | None = None, conn=None,
         env: Mapping[str, str] | None = None) -> Config:
    """The effective config; see the module docstring for the precedence."""
    path = system_config_path(env)
    system, warnings = read_system_file(path)
    user = read_user_settings(conn) if conn is not None else {}
    given = {name: _clean(name, (cli or {}).get(name), "command line") for name in FIELDS}
    values, sources = {}, {}
    for name in FIELDS:
        for source, layer in (("command line", given), ("user settings", user),
                              (str(path), system)):
            if layer.get(name) is not None:
                values[name], sources[name] = layer[name], source
                break
        else:
            values[name], sources[name] = None, "default"
    return Config(**values, sources=sources, system_file=str(path), warnings=tuple(warnings),
                  os_keystore=system.get("os_keystore", POLICY["os_keystore"]))
