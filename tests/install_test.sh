#!/usr/bin/env bash
# tests/install_test.sh BUILD SOURCE MAN_PAGES: the install layout as a Debian administrator
# gets it. It stages `cmake --install BUILD --prefix /usr` in a temporary root (DESTDIR), then
# checks that every file is where the package puts it, that the staged /etc/jamd/jamd.json
# is SOURCE's config/jamd.json with admin.listen on and nothing else changed, that
# systemd-analyze verifies the staged units and rates the service's exposure 2.0 or less
# (offline: no systemd needs to run), that logrotate reads the staged logrotate file, and,
# with MAN_PAGES ON (scdoc was found), that the staged man pages render. Exits non-zero on
# the first thing that differs, saying what.
set -euo pipefail
build=$1 source=$2 man_pages=$3
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
fail() { echo "install_test: $*" >&2; exit 1; }
root=$stage/root

echo "== staged install, prefix /usr"
DESTDIR=$root timeout 120 cmake --install "$build" --prefix /usr >/dev/null
unitdir=$(pkg-config --variable=systemdsystemunitdir systemd 2>/dev/null || echo /lib/systemd/system)
sysctldir=$(pkg-config --variable=sysctldir systemd 2>/dev/null || echo /usr/lib/sysctl.d)
expected=(/usr/sbin/jamd /etc/jamd/jamd.json /etc/logrotate.d/jamd "$sysctldir/jamd.conf"
          "$unitdir/jamd.service" "$unitdir/jamd.socket" "$unitdir/jamd-admin.socket"
          /usr/share/doc/jamd/README.md /usr/share/doc/jamd/haproxy.cfg)
[ "$man_pages" = ON ] && expected+=(/usr/share/man/man8/jamd.8.gz /usr/share/man/man5/jamd.json.5.gz)
for f in "${expected[@]}"; do
  [ -f "$root$f" ] || fail "the install has no $f"
done
[ ! -e "$root/usr/etc" ] || fail "the install wrote into /usr/etc (CMAKE_INSTALL_SYSCONFDIR, not _FULL_)"
[ -x "$root/usr/sbin/jamd" ] || fail "/usr/sbin/jamd is not executable"
grep -qx 'net.ipv4.ip_local_reserved_ports = 45000,45001' "$root$sysctldir/jamd.conf" ||
  fail "$sysctldir/jamd.conf does not reserve ports 45000 and 45001"
echo "${#expected[@]} files in place"

echo "== /etc/jamd/jamd.json: config/jamd.json with admin.listen on, nothing else"
config=$root/etc/jamd/jamd.json
# The files differ in one line, which sets admin.listen ...
changes=$(diff "$source/config/jamd.json" "$config" || true)
[ "$(grep -c '^[<>]' <<<"$changes")" = 2 ] && grep -q '^> *"listen": "127.0.0.1:45001",' <<<"$changes" ||
  fail "the installed config differs from config/jamd.json in more than admin.listen: $changes"
# ... and so do the settings jamd reads from them.
settings=$(diff <("$root/usr/sbin/jamd" --config "$source/config/jamd.json" --print-config) \
                <("$root/usr/sbin/jamd" --config "$config" --print-config) || true)
[ "$(grep -c '^[<>]' <<<"$settings")" = 2 ] && grep -q '^> *"listen": "127.0.0.1:45001"' <<<"$settings" ||
  fail "the installed config's settings differ in more than admin.listen: $settings"
"$root/usr/sbin/jamd" --check-config --config "$config"

echo "== systemd-analyze on the staged units"
# verify loads the units from the staged root: ExecStart and ExecReload must be there, and the
# units the service orders itself after (the host's targets and slices, copied in, as they
# are on a system the package is installed on). It looks the Documentation= man pages up with
# man, in the staged man folder. It only warns about a directive it cannot parse, so any
# word from it fails the test.
mkdir -p "$root/bin"
cp /bin/kill "$root/bin/kill"
for unit in /lib/systemd/system/*.target /lib/systemd/system/*.slice; do
  [ -e "$root$unitdir/${unit##*/}" ] || cp "$unit" "$root$unitdir/"
done
export MANPATH=$root/usr/share/man
man_check=--man=yes
[ "$man_pages" = ON ] || man_check=--man=no
for unit in jamd.service jamd.socket jamd-admin.socket; do
  said=$(timeout 60 systemd-analyze verify --root="$root" "$man_check" "$unitdir/$unit" 2>&1) &&
    [ -z "$said" ] || fail "systemd-analyze verify $unit: $said"
done
echo "verified jamd.service, jamd.socket, jamd-admin.socket"
timeout 60 systemd-analyze security --offline=yes --threshold=20 --root="$root" \
  "$unitdir/jamd.service" >"$stage/security.out" 2>&1 ||
  fail "systemd-analyze security rates jamd.service above 2.0: $(tail -3 "$stage/security.out")"
tail -1 "$stage/security.out"

echo "== logrotate reads the staged /etc/logrotate.d/jamd"
timeout 20 logrotate --debug --state "$stage/logrotate.state" "$root/etc/logrotate.d/jamd" \
  >"$stage/logrotate.out" 2>&1 || fail "logrotate refused the file: $(cat "$stage/logrotate.out")"
grep -q 'rotating pattern: /var/log/jamd/jamd.log' "$stage/logrotate.out" ||
  fail "logrotate found no /var/log/jamd/jamd.log in the file: $(cat "$stage/logrotate.out")"

if [ "$man_pages" = ON ]; then
  echo "== the staged man pages render"
  for page in man8/jamd.8.gz:"jamd - a multithreaded TCP time server" \
              man5/jamd.json.5.gz:"jamd.json - the configuration file of jamd"; do
    text=$(MANWIDTH=100 timeout 20 man -l "$root/usr/share/man/${page%%:*}" 2>&1) ||
      fail "man -l ${page%%:*} failed: $text"
    grep -qF "${page#*:}" <<<"$text" || fail "${page%%:*} has no NAME line: $text"
  done
  echo "jamd(8) and jamd.json(5) render"
else
  echo "== man pages skipped: scdoc was not found when the build was configured"
fi
echo "install_test: passed"
