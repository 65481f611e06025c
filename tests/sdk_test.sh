#!/usr/bin/env bash
# tests/sdk_test.sh BUILD SOURCE PREFIX LIBDIR: the plugin SDK as a plugin author gets it. It
# stages `cmake --install` of BUILD in a temporary folder, builds each example of SOURCE from
# its own folder against only that staged install (find_package through CMAKE_PREFIX_PATH,
# and once with plain cc and pkg-config through PKG_CONFIG_PATH), then the staged jamd loads
# them and answers over a real socket. Every step is bounded in time; exits non-zero on the
# first thing that differs, saying what.
set -euo pipefail
build=$1 source=$2 prefix=$3 libdir=$4
stage=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$stage"
}
trap cleanup EXIT
fail() { echo "sdk_test: $*" >&2; exit 1; }
root=$stage/root$prefix

echo "== staged install"
DESTDIR=$stage/root cmake --install "$build" >/dev/null
for f in sbin/jamd include/jamd/plugin.h include/jamd/plugin.hpp "$libdir/cmake/jamd/jamdConfig.cmake" \
         "$libdir/pkgconfig/jamd-plugin.pc" "$libdir/jamd/plugins/tanggal.so" "$libdir/jamd/plugins/words.so"; do
  [ -e "$root/$f" ] || fail "the install has no $prefix/$f"
done

echo "== examples with find_package(jamd), from their own folders"
for example in tanggal words; do
  cp -r "$source/examples/$example" "$stage/$example"
  timeout 120 cmake -S "$stage/$example" -B "$stage/$example/build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$root" >/dev/null
  timeout 120 cmake --build "$stage/$example/build"
done

echo "== tanggal with cc and pkg-config"
export PKG_CONFIG_PATH=$root/$libdir/pkgconfig
plugindir=$(pkg-config --variable=plugindir jamd-plugin)
[ "$(realpath "$plugindir")" = "$(realpath "$root/$libdir/jamd/plugins")" ] ||
  fail "pkg-config's plugindir is $plugindir, not the staged $root/$libdir/jamd/plugins"
mkdir "$stage/cc"
# shellcheck disable=SC2046 # the flags are words
timeout 60 cc -std=c99 -Wall -Wextra -pedantic -Werror $(pkg-config --cflags jamd-plugin) -fvisibility=hidden -shared -fPIC \
  -o "$stage/cc/tanggal.so" "$source/examples/tanggal/tanggal.c" $(pkg-config --libs jamd-plugin)

# tanggal: what TANGGAL replies today in UTC.
tanggal() {
  local days=(Minggu Senin Selasa Rabu Kamis Jumat Sabtu)
  local months=(Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember)
  read -r w d m y < <(date -u '+%w %-d %-m %Y')
  echo "TANGGAL ${days[$w]}, $d ${months[$((m - 1))]} $y"
}

# talk CONFIG INPUT: starts the staged jamd with CONFIG, sends INPUT (CRLF lines) and QUIT,
# stops it, and sets $reply to what it replied, without CRs. Its log stays in $stage/log. It
# runs in this shell, not a subshell, so that the trap stops a jamd left running.
talk() {
  "$root/sbin/jamd" --config "$1" 2>"$stage/log" &
  pid=$!
  for _ in $(seq 100); do grep -q 'listening on' "$stage/log" && break; sleep 0.1; done
  local port
  port=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$stage/log" | head -1)
  [ -n "$port" ] || fail "jamd did not start with $1: $(cat "$stage/log")"
  reply=$(printf '%sQUIT\r\n' "$2" | timeout 10 nc -q 5 127.0.0.1 "$port" | tr -d '\r')
  kill "$pid"
  wait "$pid" || fail "jamd did not stop cleanly: $(cat "$stage/log")"
  pid=
}

# serve PLUGIN_ENTRIES: starts the staged jamd with those plugins and the examples' commands.
serve() {
  cat >"$stage/jamd.json" <<JSON
{ "port": 0, "bind": "127.0.0.1", "threads": 1, "plugins": [ $1 ],
  "commands": [ { "name": "TIME", "type": "time" }, { "name": "QUIT", "type": "quit" },
                { "name": "TANGGAL", "type": "tanggal.date", "timezone": "UTC" },
                { "name": "ECHO", "type": "words.echo", "upper": true } ] }
JSON
  before=$(tanggal)
  talk "$stage/jamd.json" $'TANGGAL\r\nECHO out of tree\r\n'
  case "$reply" in
    "$before"$'\n'"OUT OF TREE" | "$(tanggal)"$'\n'"OUT OF TREE") ;;
    *) fail "with plugins [ $1 ], jamd replied: $reply (wanted $before and OUT OF TREE)" ;;
  esac
  echo "$reply"
}

echo "== the staged jamd serves the examples built out of tree"
serve "{ \"path\": \"$stage/tanggal/build/tanggal.so\" }, { \"path\": \"$stage/words/build/words.so\" }"
serve "{ \"path\": \"$stage/cc/tanggal.so\" }, { \"path\": \"words\" }"
grep -q "plugin words 1.0.0 from $(realpath "$root/$libdir/jamd/plugins/words.so")" "$stage/log" ||
  fail "a bare name was not looked up in the installed plugin folder: $(cat "$stage/log")"
echo "== docs/plugins.md: its hello plugin, in C and in C++, as the guide builds it"
# block LANG: the first ```LANG block of the guide, unindented.
block() {
  awk -v fence="\`\`\`$1" '
    !inside && $1 == fence { inside = 1; match($0, /^ */); indent = RLENGTH; next }
    inside && $1 == "```" { exit }
    inside { print substr($0, indent + 1) }' "$source/docs/plugins.md"
}
mkdir -p "$stage/hello/c" "$stage/hello/cpp"
block c >"$stage/hello/c/hello.c"
block cmake >"$stage/hello/c/CMakeLists.txt"
block cpp >"$stage/hello/cpp/hello.cpp"
sed -e 's/project(hello C)/project(hello CXX)/' -e 's/hello\.c/hello.cpp/' \
  "$stage/hello/c/CMakeLists.txt" >"$stage/hello/cpp/CMakeLists.txt"
for lang in c cpp; do
  flags=-DCMAKE_C_FLAGS="-Wall -Wextra -pedantic -Werror"
  [ $lang = c ] || flags=-DCMAKE_CXX_FLAGS="-Wall -Wextra -pedantic -Werror"
  timeout 120 cmake -S "$stage/hello/$lang" -B "$stage/hello/$lang/build" -G Ninja "$flags" \
    -DCMAKE_PREFIX_PATH="$root" >/dev/null
  timeout 120 cmake --build "$stage/hello/$lang/build"
  # The guide's config, on a free port of loopback, read from the folder it is written for.
  block json | sed '1s/{/{ "port": 0, "bind": "127.0.0.1", "threads": 1,/' >"$stage/hello/$lang/jamd.json"
  # The guide's telnet session: after the telnet line, what is typed and what comes back, in turn.
  session=$(block console | sed '0,/telnet/d')
  [ -n "$session" ] || fail "docs/plugins.md shows no telnet session"
  typed=$(awk 'NR % 2 == 1 { printf "%s\r\n", $0 }' <<<"$session")
  expected=$(awk 'NR % 2 == 0' <<<"$session")
  talk "$stage/hello/$lang/jamd.json" "$typed"
  [ "$reply" = "$expected" ] || fail "the guide's $lang plugin replied: $reply (wanted $expected)"
  echo "$lang: $reply"
done
echo "sdk_test: passed"
