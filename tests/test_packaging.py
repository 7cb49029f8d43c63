"""What IT relies on from the command line: --version, the server config and its
precedence, the smoke run, crash reports and rotating logs. (Building the bundle and
the .deb is too slow for the suite: .ci/run does it and runs the installed smoke.)"""
from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from app import __version__, config, crash, logs

ROOT = Path(__file__).resolve().parent.parent


def run_app(*args, env_extra=None, timeout=120):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GRIDDESK_CONFIG="/nonexistent.toml")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def set_user_setting(store, key, value):
    with store.transaction() as conn:
        conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) "
                     "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))


# -- --version ------------------------------------------------------------------

def test_version_prints_the_package_version():
    result = run_app("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"GridDesk {__version__}"


def test_build_spec_and_deb_take_the_version_from_the_package():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert "from app import __version__" in spec
    deb = (ROOT / "packaging" / "build-deb.sh").read_text(encoding="utf-8")
    assert "--version" in deb  # the .deb asks the bundle itself


# -- config precedence ----------------------------------------------------------

@pytest.fixture
def system_file(tmp_path):
    path = tmp_path / "etc" / "config.toml"
    path.parent.mkdir()
    path.write_text('server_url = "https://city.example:8470/"\n'
                    'ca_bundle = "city-ca.pem"\n'
                    'proxy = "http://it:s3cret@proxy.example:3128"\n', encoding="utf-8")
    return path


def test_defaults_when_nothing_is_configured(tmp_path):
    cfg = config.load(env={"GRIDDESK_CONFIG": str(tmp_path / "missing.toml")})
    assert (cfg.server_url, cfg.ca_bundle, cfg.proxy) == (None, None, None)
    assert set(cfg.sources.values()) == {"default"}
    assert cfg.requests_kwargs() == {"verify": True, "proxies": None}


def test_system_file_fills_in_and_a_relative_ca_bundle_sits_beside_it(system_file):
    cfg = config.load(env={"GRIDDESK_CONFIG": str(system_file)})
    assert cfg.server_url == "https://city.example:8470"      # trailing slash dropped
    assert cfg.ca_bundle == str(system_file.parent / "city-ca.pem")
    assert cfg.proxy == "http://it:s3cret@proxy.example:3128"
    assert cfg.sources == {k: str(system_file) for k in config.FIELDS}
    assert cfg.requests_kwargs()["verify"] == cfg.ca_bundle
    # the proxy's password never reaches a log or the diagnostics
    assert cfg.redacted()["proxy"] == "http://it:***@proxy.example:3128"


def test_user_settings_beat_the_system_file_and_the_command_line_beats_both(
        system_file, store):
    env = {"GRIDDESK_CONFIG": str(system_file)}
    set_user_setting(store, "sync.server_url", "https://user.example")
    set_user_setting(store, "sync.proxy", "")   # empty: not set, the system value stays
    cfg = config.load(conn=store.conn, env=env)
    assert cfg.server_url == "https://user.example"
    assert cfg.sources["server_url"] == "user settings"
    assert cfg.proxy == "http://it:s3cret@proxy.example:3128"
    assert cfg.sources["proxy"] == str(system_file)

    cfg = config.load(cli={"server_url": "http://127.0.0.1:8470", "ca_bundle": None},
                      conn=store.conn, env=env)
    assert cfg.server_url == "http://127.0.0.1:8470"
    assert cfg.sources == {"server_url": "command line", "ca_bundle": str(system_file),
                           "proxy": str(system_file)}


def test_environment_variable_and_platform_choose_the_system_file(monkeypatch):
    assert config.system_config_path({"GRIDDESK_CONFIG": "/x/y.toml"}) == Path("/x/y.toml")
    monkeypatch.setattr(sys, "platform", "linux")
    assert config.system_config_path({}) == Path("/etc/griddesk/config.toml")
    monkeypatch.setattr(sys, "platform", "win32")
    path = config.system_config_path({"PROGRAMDATA": "D:/ProgramData"})
    assert path == Path("D:/ProgramData") / "GridDesk" / "config.toml"


@pytest.mark.parametrize("text, words", [
    ('server_url = "https://a"\nproxy = [1', "not valid TOML"),
    ("server_url = 8470\n", "must be a string"),
    ('server_url = "city.example"\n', "must be a URL"),
])
def test_a_broken_system_file_names_the_file_and_the_problem(tmp_path, text, words):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as info:
        config.load(env={"GRIDDESK_CONFIG": str(path)})
    assert str(path) in str(info.value) and words in str(info.value)


def test_unknown_keys_are_warned_about_and_a_bom_is_accepted(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('\ufeffserver_url = "https://a.example"\nservr = "typo"\n',
                    encoding="utf-8")
    cfg = config.load(env={"GRIDDESK_CONFIG": str(path)})
    assert cfg.server_url == "https://a.example"
    assert any("'servr'" in w for w in cfg.warnings)


def test_the_shipped_template_parses_and_sets_nothing():
    path = ROOT / "packaging" / "config.toml"
    assert set(tomllib.loads(path.read_text(encoding="utf-8"))) == set(config.FIELDS)
    cfg = config.load(env={"GRIDDESK_CONFIG": str(path)})
    assert (cfg.server_url, cfg.ca_bundle, cfg.proxy) == (None, None, None)


# -- smoke ----------------------------------------------------------------------

def test_smoke_from_source_opens_the_store_and_renders_the_window(tmp_path):
    shot = tmp_path / "smoke.png"
    result = run_app("--smoke", "--data-dir", str(tmp_path / "data"), "--screenshot", str(shot))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke: database opened" in result.stdout
    assert "no server configured" in result.stdout
    assert "smoke: OK" in result.stdout
    assert shot.stat().st_size > 10_000
    assert (tmp_path / "data" / "logs" / "griddesk.log").exists()


def test_smoke_fails_with_a_clear_message_on_a_damaged_database(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "griddesk.db").write_bytes(os.urandom(8192))
    (data / "griddesk.key").write_text("00" * 32)
    result = run_app("--smoke", "--data-dir", str(data))
    assert result.returncode == 1
    assert "smoke: FAILED at database" in result.stderr
    assert "cannot be opened" in result.stderr


def test_smoke_needs_a_password_for_a_user(tmp_path):
    result = run_app("--smoke", "--data-dir", str(tmp_path / "d"), "--server",
                     "http://127.0.0.1:9", "--user", "w1", "--password-env", "NO_SUCH_VAR")
    assert result.returncode == 1
    assert "NO_SUCH_VAR is empty" in result.stderr


# -- crash reports --------------------------------------------------------------

CRASHING = """
import sys, threading
from pathlib import Path
from app import crash
crash.install(Path(sys.argv[1]))
t = threading.Thread(target=lambda: 1 / 0, name="worker-7")
t.start(); t.join()
raise ValueError("resident 410105199003070026 with phone 13812345678 not found")
"""


def test_an_uncaught_exception_writes_a_crash_report(tmp_path):
    result = subprocess.run([sys.executable, "-c", CRASHING, str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "crash report" in result.stderr
    reports = sorted((tmp_path / "crash").glob("crash-*.txt"))
    assert len(reports) == 2
    texts = [r.read_text(encoding="utf-8") for r in reports]
    thread_report = next(t for t in texts if "ZeroDivisionError" in t)
    main_report = next(t for t in texts if "ValueError" in t)
    assert "thread: worker-7" in thread_report
    assert f"GridDesk {__version__} crash report" in main_report
    assert "Traceback (most recent call last)" in main_report
    # personal data in an exception message is scrubbed
    assert "410105199003070026" not in main_report and "13812345678" not in main_report
    assert "resident <id> with phone <phone>" in main_report


def test_crash_reports_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(crash, "KEEP_REPORTS", 3)
    for _ in range(5):
        try:
            raise RuntimeError("x")
        except RuntimeError as exc:
            crash.write_report(tmp_path, type(exc), exc, exc.__traceback__)
    assert len(list((tmp_path / "crash").glob("crash-*.txt"))) == 3


# -- logs -----------------------------------------------------------------------

@pytest.fixture
def logging_to(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 4000)
    previous = logging.getLogger().level
    path = logs.setup(tmp_path)
    yield path
    logs.shutdown()
    logging.getLogger().setLevel(previous)


def test_logs_rotate_and_keep_a_bounded_number_of_files(tmp_path, logging_to):
    log = logging.getLogger("griddesk.test")
    for i in range(1000):
        log.info("line %d of a long day at the grid desk", i)
    files = logs.log_files(tmp_path)
    assert files[0] == logging_to and len(files) == logs.BACKUP_COUNT + 1
    assert all(f.stat().st_size <= 4000 + 200 for f in files)
    assert "line 999" in logging_to.read_text(encoding="utf-8")


def test_logs_hold_no_ids_phones_tokens_or_keys(logging_to):
    log = logging.getLogger("griddesk.test")
    log.warning("pushing 11010519491231002X, phone 13812345678, landline 0371-65551234")
    log.info("headers {'Authorization': 'Bearer eyJhbGciOi.abc.def'} password=hunter2")
    log.info('body {"refresh_token": "r-123456", "device_id": "d1"}')
    log.info("PRAGMA key = \"x'%s'\"", "ab" * 32)
    try:
        raise ValueError("bad id 410105199003070026")
    except ValueError:
        log.exception("failed")
    text = logging_to.read_text(encoding="utf-8")
    for secret in ("11010519491231002X", "13812345678", "65551234", "eyJhbGciOi", "hunter2",
                   "r-123456", "ab" * 32, "410105199003070026"):
        assert secret not in text
    assert "<id>" in text and "<phone>" in text and "device_id" in text
    # grid codes (15 digits) and uuids are not personal data and stay readable
    log.info("grid 410105003001001 op 0190a3b1-7c2d-7e4f-8a9b-0c1d2e3f4a5b")
    assert "410105003001001" in logging_to.read_text(encoding="utf-8")
    assert "0190a3b1-7c2d-7e4f-8a9b-0c1d2e3f4a5b" in logging_to.read_text(encoding="utf-8")


def test_the_bundle_keeps_every_qt_module_the_app_imports():
    """build.spec excludes unused Qt modules; a page that starts using one (QtCharts,
    QtSvg…) must take it off that list, or the installed app fails where source works."""
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    block = spec[spec.index("QT_UNUSED = ["):spec.index("]", spec.index("QT_UNUSED = ["))]
    excluded = set(re.findall(r'"(Qt\w+)"', block))
    used = set()
    for path in (ROOT / "app").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used and not used & excluded, sorted(used & excluded)
