#!/usr/bin/env bash
# Build dist/griddesk_<version>_<arch>.deb from the PyInstaller bundle.
#
#   packaging/build-deb.sh              build the bundle (build.spec), then the .deb
#   packaging/build-deb.sh --no-build   package the bundle already in dist/griddesk
#
# The package installs
#   /opt/griddesk/                      the bundle (griddesk, griddesk-debug, _internal/)
#   /usr/bin/griddesk                   a launcher
#   /usr/share/applications/griddesk.desktop, icons in /usr/share/icons/hicolor
#   /etc/griddesk/config.toml           server URL, CA bundle, proxy: a conffile that IT
#                                       edits or pre-seeds; upgrades keep it
# Users' data (~/.local/share/GridDesk) is never touched by install, upgrade or purge.
#
# Environment: PYTHON (default .venv/bin/python), DEB_COMPRESS (xz, the default,
# which every dpkg reads; gzip builds faster), DEB_REVISION (default 1).
#
# Build on the oldest distribution you deploy to: the bundle needs the glibc it was
# built against or newer (the script puts that into Depends).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-.venv/bin/python}

if [ "${1:-}" != --no-build ]; then
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN build.spec
fi
BUNDLE=dist/griddesk
[ -x "$BUNDLE/griddesk" ] || { echo "no bundle at $BUNDLE: run without --no-build" >&2; exit 1; }

# The version the bundle itself reports, so the package can never disagree with it.
version=$("$BUNDLE/griddesk-debug" --version | awk '{print $2}')
[ -n "$version" ] || { echo "the bundle did not report a version" >&2; exit 1; }
revision=${DEB_REVISION:-1}
arch=$(dpkg --print-architecture)
# The newest glibc symbol version any bundled file needs: the package's libc6 floor.
glibc=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name griddesk -o -name griddesk-debug \) \
          -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' \
          | sort -uV | tail -1)

stage=build/deb/griddesk_${version}-${revision}_${arch}
rm -rf "$stage"
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications" \
         "$stage/etc/griddesk" "$stage/usr/share/doc/griddesk"
cp -a "$BUNDLE" "$stage/opt/griddesk"
install -m 0755 packaging/linux/griddesk "$stage/usr/bin/griddesk"
install -m 0644 packaging/linux/griddesk.desktop "$stage/usr/share/applications/griddesk.desktop"
install -m 0644 packaging/config.toml "$stage/etc/griddesk/config.toml"
for size in 16 24 32 48 64 128 256; do
  dir=$stage/usr/share/icons/hicolor/${size}x${size}/apps
  mkdir -p "$dir"
  install -m 0644 "resources/icons/griddesk-$size.png" "$dir/griddesk.png"
done
mkdir -p "$stage/usr/share/icons/hicolor/scalable/apps"
install -m 0644 resources/icons/griddesk.svg "$stage/usr/share/icons/hicolor/scalable/apps/griddesk.svg"
cat > "$stage/usr/share/doc/griddesk/copyright" <<EOF
GridDesk 网格工作台 ${version}
Bundles Python, Qt for Python (PySide6, LGPLv3), SQLCipher (BSD) and the Python
packages listed in /opt/griddesk/_internal/*.dist-info, each under its own licence.
EOF
# Files under /opt are not meant to be edited; keep permissions sane whatever the umask.
find "$stage/opt/griddesk" -type d -exec chmod 0755 {} +
find "$stage/opt/griddesk" -type f -perm /u+x -exec chmod 0755 {} +
find "$stage/opt/griddesk" -type f ! -perm /u+x -exec chmod 0644 {} +

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
# The Qt xcb platform's system libraries (some are also bundled; naming them keeps a
# trimmed bundle working), GL/EGL which are never bundled, and a CJK font.
cat > "$stage/DEBIAN/control" <<EOF
Package: griddesk
Version: ${version}-${revision}
Architecture: ${arch}
Maintainer: GridDesk team <griddesk@localhost>
Installed-Size: ${installed_kb}
Depends: libc6 (>= ${glibc}), libgl1, libegl1, libfontconfig1, fontconfig-config,
 libfreetype6, libdbus-1-3, libx11-6, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4,
 libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render0, libxcb-render-util0,
 libxcb-shape0, libxcb-shm0, libxcb-sync1, libxcb-util1, libxcb-xfixes0, libxcb-xkb1, libxkbcommon0,
 libxkbcommon-x11-0, fonts-wqy-microhei | fonts-noto-cjk
Recommends: libwayland-client0, libwayland-cursor0, libwayland-egl1, libcups2
Section: misc
Priority: optional
Description: GridDesk 网格工作台: the grid worker's desktop
 Resident roster (一标三实), cases that run until closed and indicators for grid
 workers and supervisors, kept in an encrypted local store that works offline and
 syncs with the city server. The server address, CA bundle and proxy are set in
 /etc/griddesk/config.toml. "griddesk --smoke" checks an installation and
 "griddesk diagnostics --out FILE.zip" collects what IT needs (no personal data).
EOF
echo /etc/griddesk/config.toml > "$stage/DEBIAN/conffiles"
install -m 0755 packaging/linux/postinst "$stage/DEBIAN/postinst"
install -m 0755 packaging/linux/postrm "$stage/DEBIAN/postrm"

out=dist/griddesk_${version}-${revision}_${arch}.deb
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$stage" "$out" >/dev/null
echo "$ROOT/$out ($(du -h "$out" | cut -f1), installs $((installed_kb / 1024)) MB)"
