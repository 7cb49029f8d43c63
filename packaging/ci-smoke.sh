#!/usr/bin/env bash
# Build the bundle and the .deb, install the .deb, and run the installed app's smoke
# check against a city server on loopback; then once more from the desktop entry on a
# real X display (Xvfb), which loads the xcb platform and the system libraries the
# package depends on. Exits non-zero on any failure. Run as root on Debian/Ubuntu
# (.ci/run calls it after the tests); takes about two minutes on 2 cores.
#
#   packaging/ci-smoke.sh [--no-build]   (--no-build: reuse dist/griddesk)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DEBIAN_FRONTEND=noninteractive
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }
passed=0
ok() { passed=$((passed + 1)); }  # set -e stops at the first failed check

if [ "$(id -u)" != 0 ]; then
  echo "ci-smoke: installing the .deb needs root" >&2
  exit 1
fi
# objdump: PyInstaller and build-deb.sh read binaries with it; Xvfb for the xcb run.
apt-get install -y -qq --no-install-recommends binutils xvfb xauth desktop-file-utils >/dev/null

step "bundle and .deb"
# gzip: xz takes a minute longer here, and the contents are what is being checked
DEB_COMPRESS=${DEB_COMPRESS:-gzip} packaging/build-deb.sh "$@" | tee /tmp/griddesk-deb.txt
deb=$(ls -t dist/griddesk_*.deb | head -1)
du -sh dist/griddesk

ok
step "install $deb"
# apt-get resolves the package's Depends, as on an office PC
apt-get install -y -qq --reinstall "./$deb" >/dev/null
desktop-file-validate /usr/share/applications/griddesk.desktop
test -f /etc/griddesk/config.toml
griddesk --version
ok

work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step "city server on loopback"
export GRIDDESK_SERVER_ARGON2_TIME_COST=1 GRIDDESK_SERVER_ARGON2_MEMORY_KIB=1024
export ADMIN_PW="pkg-root-$RANDOM$RANDOM-7" SMOKE_PW="pkg-desk-$RANDOM$RANDOM-7"
db="sqlite:///$work/city.db"
cat > "$work/org.csv" <<'EOF'
code,name,kind,parent_code
4101,郑州市,city,
410105,金水区,district,4101
410105003,花园路街道,street,410105
410105003001,经三路社区,community,410105003
410105003001001,第一网格,grid,410105003001
EOF
$PY -m server --db "$db" init --password-env ADMIN_PW
$PY -m server --db "$db" import-org "$work/org.csv"
$PY -m server --db "$db" add-user smoke --role grid_worker --scope 410105003001001 \
    --password-env SMOKE_PW
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
$PY -m server --db "$db" serve --host 127.0.0.1 --port "$port" > "$work/server.log" 2>&1 &
server_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 100); do
  $PY -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/status', timeout=1)" \
      "$url" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done

step "installed app: smoke with sign-in and sync"
if ! QT_QPA_PLATFORM=offscreen /opt/griddesk/griddesk --smoke --data-dir "$work/desk" \
      --server "$url" --user smoke --password-env SMOKE_PW \
      --screenshot "$work/smoke.png" | tee "$work/smoke.txt"; then
  echo "--- app log"; cat "$work/desk/logs/griddesk.log" || true
  echo "--- server log"; tail -50 "$work/server.log"
  exit 1
fi
# Once app.sync offers run_once, a smoke that skipped the sync is a failure.
if $PY -c 'import app.sync, sys; sys.exit(0 if hasattr(app.sync, "run_once") else 1)' 2>/dev/null \
    && ! grep -q "synced" "$work/smoke.txt"; then
  echo "ci-smoke: the bundle has no sync although the source has app.sync.run_once" >&2
  exit 1
fi
ok

step "installed app: launched from the desktop entry on X (xcb)"
exec_line=$(sed -n 's/^Exec=//p' /usr/share/applications/griddesk.desktop)
env -u QT_QPA_PLATFORM QT_QPA_PLATFORM=xcb xvfb-run -a $exec_line --smoke \
    --data-dir "$work/desk-x"
ok

step "diagnostics from the installed app"
/opt/griddesk/griddesk diagnostics --data-dir "$work/desk" --out "$work/diag.zip"
$PY -c 'import json, sys, zipfile; s = json.loads(zipfile.ZipFile(sys.argv[1]).read("summary.json")); assert s["versions"]["griddesk"] and s["store"]["schema_version"], s' "$work/diag.zip"

ok
step "ci-smoke passed"
# the plain closing line CI reads, as pytest's is no longer the last one
echo "packaging: $passed passed, 0 failed"
