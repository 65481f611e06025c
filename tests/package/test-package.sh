#!/usr/bin/env bash
# tests/package/test-package.sh: the Debian packages as an administrator gets them. It builds
# them (./scripts/package), checks their contents and control files (dpkg-deb -c, -I), runs
# lintian on both, then, as root only, installs them into this machine with dpkg -i, checks
# the installed unit with systemd-analyze (verify, and security offline), reads the man pages
# with man, has the installed jamd answer TIME with the installed config, and purges both,
# checking that nothing is left. Without root the dpkg steps are skipped, with a message.
# Its last line is its summary. Every step is bounded in time; it exits non-zero on the first
# thing that differs, saying what.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
pid=
installed=no
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "$installed" = yes ]; then dpkg --purge jamd-dev jamd >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test-package: $*" >&2; echo "test-package: FAILED"; exit 1; }

echo "== build the packages"
timeout 1800 ./scripts/package
version=$(sed -n 's/^project(jamd VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
jamd_deb=build/package/packages/jamd_${version}-1_${arch}.deb
dev_deb=build/package/packages/jamd-dev_${version}-1_${arch}.deb
for deb in "$jamd_deb" "$dev_deb"; do [ -f "$deb" ] || fail "no $deb"; done

echo "== contents (dpkg-deb -c)"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
dpkg-deb -c "$jamd_deb" | awk '{ print $6 }' | sed 's#^\./#/#; s#/$##' >"$work/jamd.files"
dpkg-deb -c "$dev_deb" | awk '{ print $6 }' | sed 's#^\./#/#; s#/$##' >"$work/dev.files"
for f in /usr/sbin/jamd /etc/jamd/jamd.json /etc/logrotate.d/jamd /usr/lib/sysctl.d/jamd.conf \
         /lib/systemd/system/jamd.service /lib/systemd/system/jamd.socket \
         /lib/systemd/system/jamd-admin.socket /usr/share/man/man8/jamd.8.gz \
         /usr/share/man/man5/jamd.json.5.gz /usr/share/doc/jamd/copyright \
         /usr/share/doc/jamd/changelog.Debian.gz /usr/share/doc/jamd/README.md \
         /usr/share/doc/jamd/haproxy.cfg "/usr/lib/$multiarch/jamd/plugins/tanggal.so"; do
  grep -qx "$f" "$work/jamd.files" || fail "jamd's package has no $f"
done
for f in /usr/include/jamd/plugin.h /usr/include/jamd/plugin.hpp \
         "/usr/lib/$multiarch/cmake/jamd/jamdConfig.cmake" "/usr/lib/$multiarch/pkgconfig/jamd-plugin.pc" \
         /usr/share/doc/jamd-dev/copyright; do
  grep -qx "$f" "$work/dev.files" || fail "jamd-dev's package has no $f"
done
! grep -q '^/usr/include' "$work/jamd.files" || fail "jamd's package holds the SDK's headers"
! grep -q '^/usr/sbin' "$work/dev.files" || fail "jamd-dev's package holds the daemon"
! grep -q '^/usr/etc' "$work/jamd.files" || fail "jamd's package writes into /usr/etc"
echo "jamd: $(wc -l <"$work/jamd.files") entries, jamd-dev: $(wc -l <"$work/dev.files")"

echo "== control files (dpkg-deb -I)"
field() { dpkg-deb -f "$1" "$2"; }
[ "$(field "$jamd_deb" Version)" = "${version}-1" ] || fail "jamd's version is $(field "$jamd_deb" Version)"
[ "$(field "$jamd_deb" Section)" = net ] || fail "jamd's section is $(field "$jamd_deb" Section)"
[ "$(field "$jamd_deb" Maintainer)" = "jamd maintainers <maintainers@jamd.example.org>" ] ||
  fail "jamd's maintainer is $(field "$jamd_deb" Maintainer)"
field "$jamd_deb" Depends | grep -q 'libc6 (>=' || fail "jamd's Depends has no libc6 (shlibdeps): $(field "$jamd_deb" Depends)"
field "$jamd_deb" Description | head -1 | grep -q 'TCP time server' || fail "jamd's description does not say what it is"
[ "$(field "$dev_deb" Package)" = jamd-dev ] || fail "the SDK package is $(field "$dev_deb" Package)"
dpkg-deb -e "$jamd_deb" "$work/control"
for script in postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "jamd's package has no executable $script"
done
[ "$(cat "$work/control/conffiles")" = $'/etc/jamd/jamd.json\n/etc/logrotate.d/jamd' ] ||
  fail "jamd's conffiles are: $(cat "$work/control/conffiles")"
echo "Depends: $(field "$jamd_deb" Depends)"

echo "== lintian"
# --fail-on warning: an error or a warning that no override (packaging/debian/*.lintian-overrides,
# each with its reason) explains fails the test.
timeout 600 lintian --fail-on error,warning --tag-display-limit 0 "$jamd_deb" "$dev_deb" ||
  fail "lintian found errors or warnings"
echo "lintian: no errors, no warnings"

if [ "$(id -u)" != 0 ]; then
  echo "== dpkg -i, systemd-analyze, man, the installed jamd, dpkg --purge: skipped, they need root"
  echo "test-package: passed (without the install: not root)"
  exit 0
fi
if dpkg-query -W -f='${Status}' jamd 2>/dev/null | grep -q 'ok installed'; then
  echo "== dpkg -i skipped: a jamd package is installed on this machine already, and the test would purge it"
  echo "test-package: passed (without the install: jamd was installed already)"
  exit 0
fi

echo "== dpkg -i"
installed=yes
timeout 300 dpkg -i "$jamd_deb" "$dev_deb" >"$work/dpkg.out" 2>&1 || fail "dpkg -i failed: $(cat "$work/dpkg.out")"
cat "$work/dpkg.out"
if [ ! -d /run/systemd/system ]; then
  grep -q 'systemd is not running here: jamd.service is enabled but was not started' "$work/dpkg.out" ||
    fail "without systemd, the postinst did not say that the service was not started"
fi
dpkg -L jamd jamd-dev | sort -u >"$work/installed.files"
reserved=/proc/sys/net/ipv4/ip_local_reserved_ports
if [ -w "$reserved" ]; then
  grep -Eq '(^|,)45000(-45001)?(,|$)' "$reserved" ||
    fail "the postinst did not reserve 45000 and 45001 in the running kernel: $(cat "$reserved")"
  echo "the running kernel reserves $(cat "$reserved")"
fi

echo "== the postinst where /proc/sys is read-only (as in a container)"
# Run again as dpkg runs it on an upgrade, in a mount namespace of its own whose /proc/sys is
# bound read-only: it must say so and succeed.
if unshare -m true 2>/dev/null; then
  said=$(timeout 60 unshare -m sh -c 'mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys &&
                                      /var/lib/dpkg/info/jamd.postinst configure '"${version}-1" 2>&1) ||
    fail "the postinst failed with /proc/sys read-only: $said"
  grep -q 'cannot reserve ports 45000 and 45001 now' <<<"$said" ||
    fail "the postinst did not say that it could not reserve the ports: $said"
  echo "it said: $(grep 'cannot reserve' <<<"$said")"
else
  echo "skipped: this machine allows no mount namespace (unshare -m)"
fi

echo "== systemd-analyze on the installed unit"
said=$(timeout 60 systemd-analyze verify /lib/systemd/system/jamd.service 2>&1) && [ -z "$said" ] ||
  fail "systemd-analyze verify: $said"
timeout 60 systemd-analyze security --offline=yes --threshold=20 /lib/systemd/system/jamd.service \
  >"$work/security.out" 2>&1 || fail "systemd-analyze security: $(tail -3 "$work/security.out")"
tail -1 "$work/security.out"

echo "== man jamd, man jamd.json"
MANWIDTH=100 timeout 20 man jamd 2>&1 | grep -q 'jamd - a multithreaded TCP time server' || fail "man jamd does not work"
MANWIDTH=100 timeout 20 man jamd.json 2>&1 | grep -q 'jamd.json - the configuration file of jamd' ||
  fail "man jamd.json does not work"
echo "man jamd and man jamd.json work"

echo "== the installed jamd with the installed config"
/usr/sbin/jamd --check-config --config /etc/jamd/jamd.json
# The installed config as it is but for its addresses: loopback, free ports (45000 and 45001
# may be taken on this machine).
sed -e 's/"bind": "::"/"bind": "127.0.0.1"/' -e 's/"listen": "127.0.0.1:45001"/"listen": "127.0.0.1:0"/' \
  /etc/jamd/jamd.json >"$work/jamd.json"
[ "$(diff /etc/jamd/jamd.json "$work/jamd.json" | grep -c '^>')" = 2 ] || fail "the copy of the installed config did not change bind and admin.listen"
/usr/sbin/jamd --config "$work/jamd.json" --port 0 2>"$work/jamd.log" &
pid=$!
for _ in $(seq 100); do grep -q 'admin listening on' "$work/jamd.log" && break; sleep 0.1; done
port=$(sed -n '/admin/!s/.* listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/jamd.log" | head -1)
admin=$(sed -n 's/.*admin listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$work/jamd.log" | head -1)
[ -n "$port" ] && [ -n "$admin" ] || fail "the installed jamd did not start: $(cat "$work/jamd.log")"
reply=$(printf 'TIME\r\nQUIT\r\n' | timeout 10 nc -q 5 127.0.0.1 "$port" | tr -d '\r')
[[ "$reply" =~ ^JAM\ [0-2][0-9]:[0-5][0-9]:[0-6][0-9]$ ]] || fail "the installed jamd replied '$reply' to TIME"
health=$(timeout 10 curl -sS "http://127.0.0.1:$admin/healthz") || fail "no /healthz on the admin port"
kill "$pid"
wait "$pid" || fail "the installed jamd did not stop cleanly: $(cat "$work/jamd.log")"
pid=
echo "TIME: $reply; /healthz: $health"

echo "== dpkg --purge"
timeout 300 dpkg --purge jamd-dev jamd >"$work/purge.out" 2>&1 || fail "dpkg --purge failed: $(cat "$work/purge.out")"
installed=no
left=()
while read -r f; do
  [ -n "$f" ] && [ -f "$f" ] && left+=("$f")
done <"$work/installed.files"
for f in /etc/jamd /lib/systemd/system/jamd.service /etc/systemd/system/multi-user.target.wants/jamd.service \
         /var/lib/systemd/deb-systemd-helper-enabled/jamd.service.dsh-also \
         /var/lib/systemd/deb-systemd-helper-enabled/multi-user.target.wants/jamd.service /var/log/jamd; do
  [ -e "$f" ] || [ -L "$f" ] && left+=("$f")
done
[ ${#left[@]} = 0 ] || fail "the purge left: ${left[*]}"
! dpkg-query -W -f='${Status}' jamd 2>/dev/null | grep -q installed || fail "dpkg still knows jamd"
echo "nothing of jamd is left"
echo "test-package: passed (built, lintian-clean, installed, verified, served TIME, purged)"
