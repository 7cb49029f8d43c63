"""Local accounts on a shared office PC (domain.md §2, §6; quality.md "Security").

Each person who has signed in on this PC has an account record and their own
encrypted store under ``<data dir>/users/<user id>/`` (their scope's copy of the
roster; two workers of different grids never see each other's data).

The store's 256-bit key is never written in plain text. It is kept wrapped:

- by a key derived from the user's password (argon2id, 64 MiB, per-wrap random
  salt → 256-bit KEK → AES key wrap, RFC 3394, whose integrity check also
  tells a wrong password apart); always present;
- and, where the OS has a keystore (Windows Credential Manager/DPAPI, macOS
  Keychain, Secret Service on Linux desktops) through ``keyring``, as a second
  copy that lets the key survive a password change made on the server — unless
  IT switched that off (``os_keystore = false`` in the system config, app.config)
  for PCs where several people share one OS login, since everyone logged in there
  can read every keystore entry. Then nothing is written there and copies already
  there are removed at the next sign-in.

The first sign-in of a user is online (the city server checks the password,
``app.sync.session``); the account is then enrolled here, and later sign-ins
work offline against the local argon2 verifier. Five wrong passwords lock the
account on this PC for 15 minutes (the server has its own lock).

The lock state (``failures``, ``locked_until``) carries an integrity tag, an
HMAC whose key lives in a file of its own beside ``accounts.json``
(``accounts.seal``), not in it: deleting or editing the lock fields by hand does
not reset the lock — a record whose tag is missing or wrong counts as locked for
15 minutes from when it is noticed (fail closed). The honest limit: the app runs
as the OS user, so an OS user who can edit every file of the data folder and knows
how (delete the seal too and pass the file off as one from before tags, or compute
the HMAC) can still reset it, and could as well copy the folder and guess offline
against the argon2id verifier. The lock slows a person at the keyboard; the
verifier's cost is what protects against someone with the files.

Threat model (README "Data protection on the desktop"): a copied database file,
or the whole data folder, opens nowhere without a user's password (or that
user's OS login, when a keystore holds the key). Someone who knows a user's
password on this PC can read that user's data — as they could in the app.

``accounts.json`` holds no secret that opens data by itself: verifiers (argon2
hashes), salts and wrapped keys. Qt-free.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app.models.domain.rules import password_problems  # noqa: F401 - re-exported
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type, hash_secret_raw

log = logging.getLogger("griddesk.accounts")

ACCOUNTS_FILE = "accounts.json"
SEAL_FILE = "accounts.seal"     # the lock tags' HMAC key; never inside accounts.json
FILE_VERSION = 2                 # 2: lock states carry tags
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
KEYRING_SERVICE = "GridDesk"
# argon2id for the KEK: 64 MiB and 3 passes ≈ 0.3 s here, paid once per sign-in
KDF = dict(time_cost=3, memory_cost=64 * 1024, parallelism=2)


class AccountError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Account:
    user_id: str
    username: str
    display_name: str
    role: str
    scope_code: str = ""
    server_url: str = ""
    verifier: str = ""
    wrap: dict = field(default_factory=dict)      # {"salt", "key"} base64
    in_keyring: bool = False
    failures: int = 0
    locked_until: float = 0.0
    lock_tag: str = ""      # HMAC over the lock state (see the module docstring)
    last_sign_in: float = 0.0
    # the store's device id (the server counts device_seq per device). Not a secret:
    # the device proves itself with the secret in the user's encrypted store
    device_id: str = ""

    def public(self) -> dict:
        return {k: getattr(self, k) for k in ("user_id", "username", "display_name", "role",
                                              "scope_code", "server_url")}


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def _unb64(s: str) -> bytes:
    return base64.b64decode(s)


def _kek(password: str, salt: bytes) -> bytes:
    return hash_secret_raw(password.encode(), salt, hash_len=32, type=Type.ID, **KDF)


def wrap_key(key: bytes, password: str) -> dict:
    from cryptography.hazmat.primitives.keywrap import aes_key_wrap

    salt = secrets.token_bytes(16)
    return {"salt": _b64(salt), "key": _b64(aes_key_wrap(_kek(password, salt), key))}


def unwrap_key(wrap: dict, password: str) -> bytes | None:
    from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap

    try:
        return aes_key_unwrap(_kek(password, _unb64(wrap["salt"])), _unb64(wrap["key"]))
    except (InvalidUnwrap, KeyError, ValueError):
        return None


class OsKeystore:
    """The OS keystore through keyring; ``available`` is False on a machine without
    one (a headless Linux box), and then only the password wrap is used."""

    def __init__(self, backend=None):
        import keyring
        self._kr = keyring
        if backend is not None:
            keyring.set_keyring(backend)
        try:
            from keyring.backends import fail
            priority = getattr(keyring.get_keyring(), "priority", 0)
            self.available = not isinstance(keyring.get_keyring(), fail.Keyring) and priority > 0
        except Exception:   # noqa: BLE001 - a broken backend is no backend
            self.available = False

    def put(self, user_id: str, key: bytes) -> bool:
        if not self.available:
            return False
        try:
            self._kr.set_password(KEYRING_SERVICE, f"store:{user_id}", key.hex())
            return True
        except Exception:   # noqa: BLE001 - a locked keystore: fall back to the wrap
            return False

    def get(self, user_id: str) -> bytes | None:
        if not self.available:
            return None
        try:
            value = self._kr.get_password(KEYRING_SERVICE, f"store:{user_id}")
        except Exception:   # noqa: BLE001
            return None
        return bytes.fromhex(value) if value else None

    def delete(self, user_id: str) -> None:
        if self.available:
            try:
                self._kr.delete_password(KEYRING_SERVICE, f"store:{user_id}")
            except Exception:   # noqa: BLE001
                pass


class Accounts:
    def __init__(self, data_dir: Path, *, keystore: OsKeystore | None = None,
                 clock=time.time, os_keystore: bool | None = None):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / ACCOUNTS_FILE
        self.keystore = keystore if keystore is not None else OsKeystore()
        self._os_keystore = os_keystore     # None: IT's policy, read at every sign-in
        self.clock = clock
        self._hasher = PasswordHasher(time_cost=2, memory_cost=64 * 1024, parallelism=2)

    @property
    def keystore_allowed(self) -> bool:
        """IT's ``os_keystore`` policy (app.config: the system file only), read afresh so
        a file IT changes applies at the next sign-in without a restart."""
        if self._os_keystore is not None:
            return self._os_keystore
        from app import config
        return config.os_keystore_allowed()

    # ------------------------------------------------------------ file
    def _load(self) -> dict[str, Account]:
        if not self.path.exists():
            return {}
        raw = json.loads(self.path.read_text(encoding="utf-8"))
        accounts = {u: Account(**a) for u, a in raw.get("accounts", {}).items()}
        self._check_locks(accounts, tagged=raw.get("version", 1) >= FILE_VERSION)
        return accounts

    def _save(self, accounts: dict[str, Account]) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        seal = self._seal_key(create=True)
        for account in accounts.values():
            account.lock_tag = _lock_tag(seal, account)
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": FILE_VERSION,
                       "accounts": {u: asdict(a) for u, a in accounts.items()}},
                      fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

    # ------------------------------------------------------------ lock integrity
    def _seal_key(self, *, create: bool) -> bytes | None:
        path = self.data_dir / SEAL_FILE
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
            if len(key) == 32:
                return key
        except (OSError, ValueError):
            pass
        if not create:
            return None
        key = secrets.token_bytes(32)
        tmp = path.with_name(path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key.hex())
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return key

    def _check_locks(self, accounts: dict[str, Account], *, tagged: bool) -> None:
        """Fail closed: an account whose lock state is not the one GridDesk wrote (its
        tag missing or wrong, or the seal gone) is locked for LOCK_SECONDS from now,
        and that lock is written back with a valid tag so it ends on time. A file
        from before tags (version 1) with no seal yet is taken as it is, once."""
        seal = self._seal_key(create=False)
        if seal is None and not tagged:
            return
        now = self.clock()
        tampered = [a for a in accounts.values()
                    if seal is None or not hmac.compare_digest(a.lock_tag or "",
                                                               _lock_tag(seal, a))]
        if not tampered:
            return
        for account in tampered:
            log.warning("local lock state of %s was changed outside GridDesk: locked",
                        account.user_id)
            account.failures = 0
            account.locked_until = max(float(account.locked_until or 0), now + LOCK_SECONDS)
        self._save(accounts)

    # ------------------------------------------------------------ OS keystore policy
    def _apply_keystore_policy(self, accounts: dict[str, Account],
                               allowed: bool | None = None) -> None:
        """With the keystore switched off by IT, remove every copy this PC's accounts
        put there (a copy made before the switch, or by another version)."""
        if self.keystore_allowed if allowed is None else allowed:
            return
        changed = False
        for account in accounts.values():
            self.keystore.delete(account.user_id)
            if account.in_keyring:
                account.in_keyring, changed = False, True
        if changed:
            self._save(accounts)

    def list(self) -> list[Account]:
        return sorted(self._load().values(), key=lambda a: -a.last_sign_in)

    def get(self, username: str) -> Account | None:
        return self._load().get(username.strip().lower())

    def store_dir(self, account: Account) -> Path:
        return self.data_dir / "users" / account.user_id

    # ------------------------------------------------------------ sign-in
    def enrol(self, username: str, password: str, me: dict, server_url: str, *,
              device_id: str = "") -> bytes:
        """After an online sign-in: record (or refresh) the account and return the key
        of its store, making one on the first sign-in. A password changed on the
        server re-wraps the key if the old wrap no longer opens (keystore copy)."""
        accounts = self._load()
        allowed = self.keystore_allowed
        name = username.strip().lower()
        old = accounts.get(name)
        key = None
        if old is not None:
            if old.user_id != me["user_id"]:
                raise AccountError("user_id_changed")
            key = unwrap_key(old.wrap, password) if old.wrap else None
            if key is None and allowed:
                key = self.keystore.get(old.user_id)
            if key is None and (self.store_dir(old) / "griddesk.db").exists():
                # a new server password and no keystore copy: the old password is needed once
                raise AccountError("old_password_needed")
        if key is None:
            key = secrets.token_bytes(32)
        account = Account(
            user_id=me["user_id"], username=name,
            display_name=me.get("display_name") or me.get("username") or name,
            role=me["role"], scope_code=me.get("scope_code") or (old.scope_code if old else ""),
            server_url=server_url.rstrip("/"), verifier=self._hasher.hash(password),
            wrap=wrap_key(key, password), last_sign_in=self.clock(),
            # the device the server bound this sign-in to (it may have replaced the
            # old one); its secret is kept in the encrypted store, never here
            device_id=device_id or (old.device_id if old else ""))
        account.in_keyring = self.keystore.put(account.user_id, key) if allowed else False
        accounts[name] = account
        self._save(accounts)
        self._apply_keystore_policy(accounts, allowed)
        return key

    def rewrap_with_old_password(self, username: str, old_password: str,
                                 new_password: str) -> bytes:
        accounts = self._load()
        account = accounts.get(username.strip().lower())
        if account is None:
            raise AccountError("unknown_user")
        key = unwrap_key(account.wrap, old_password)
        if key is None:
            raise AccountError("bad_password")
        account.wrap = wrap_key(key, new_password)
        account.verifier = self._hasher.hash(new_password)
        self._save(accounts)
        return key

    def sign_in_offline(self, username: str, password: str) -> tuple[Account, bytes]:
        """Check the password against the local verifier; the store key on success.
        Raises AccountError: unknown_user, locked (until=), bad_password (left=)."""
        accounts = self._load()
        self._apply_keystore_policy(accounts)
        name = username.strip().lower()
        account = accounts.get(name)
        if account is None:
            raise AccountError("unknown_user")
        now = self.clock()
        if account.locked_until > now:
            raise AccountError("locked", until=account.locked_until)
        ok = False
        try:
            ok = self._hasher.verify(account.verifier, password)
        except (VerificationError, InvalidHashError):
            ok = False
        key = unwrap_key(account.wrap, password) if ok else None
        if key is None:
            account.failures += 1
            left = MAX_FAILURES - account.failures
            if left <= 0:
                account.failures = 0
                account.locked_until = now + LOCK_SECONDS
                self._save(accounts)
                raise AccountError("locked", until=account.locked_until)
            self._save(accounts)
            raise AccountError("bad_password", left=left)
        account.failures = 0
        account.locked_until = 0.0
        account.last_sign_in = now
        self._save(accounts)
        return account, key

    def verify(self, username: str, password: str) -> bool:
        """The idle-lock check: the same verifier and lockout as a sign-in."""
        try:
            self.sign_in_offline(username, password)
            return True
        except AccountError as exc:
            if exc.code == "locked":
                raise
            return False

    def update_profile(self, username: str, **values) -> None:
        accounts = self._load()
        account = accounts.get(username.strip().lower())
        if account is None:
            return
        for k, v in values.items():
            if hasattr(account, k) and v is not None:
                setattr(account, k, v)
        self._save(accounts)


def _lock_tag(seal: bytes, account: Account) -> str:
    """HMAC-SHA256 over who the record is for and its lock state."""
    message = json.dumps([account.user_id, account.username, int(account.failures or 0),
                          float(account.locked_until or 0)]).encode()
    return hmac.new(seal, message, hashlib.sha256).hexdigest()
