#!/usr/bin/env bash
# Soak test of the output swap (not run in CI): SIGKILLs builds of a
# generated site at random moments and checks that nothing is lost.
#
#   benches/soak/run.sh                 # 10,000 projects, 30 kills
#   benches/soak/run.sh --kills 5 --projects 2000
#
# Options: --projects N (default 10000), --briefings N (300), --kills N (30),
# --seed N (random moments; default 1), --no-build (use the release binary
# as it is), --dir DIR (default /tmp/gongbao-soak).
#
# It builds the release binary (into $CARGO_TARGET_DIR or target/) and copies
# it aside, generates the site with benches/province/generate.py, builds it
# once and times that, then KILLS times:
#
#   1. starts a build and SIGKILLs it after a random 0 to 1.2 × the build time
#      (so some kills land in the swap, and some after the build finished);
#   2. checks the output: index.html there, the marker's hash matches the
#      manifest, and every file of the manifest exists (a whole site, the
#      previous one or, if the kill came after the swap, the new one);
#   3. counts the staging folders the kill left, and their size;
#   4. runs a build to the end and checks that no staging folder is left.
#
# All along, a background loop stats output/index.html every 0.1 ms and
# counts any moment it is missing (a "gap" a web server would answer with
# 404), and how many swaps (changes of the folder's inode) it saw.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
projects=10000 briefings=300 kills=30 seed=1 build=1 dir=/tmp/gongbao-soak
while [[ $# -gt 0 ]]; do
    case "$1" in
        --projects) projects="$2"; shift ;;
        --briefings) briefings="$2"; shift ;;
        --kills) kills="$2"; shift ;;
        --seed) seed="$2"; shift ;;
        --dir) dir="$2"; shift ;;
        --no-build) build=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

export SOURCE_DATE_EPOCH=1790000000
site="$dir/site" out="$dir/public" logs="$dir/logs"
mkdir -p "$dir" "$logs"
say() { printf '== %s\n' "$*" >&2; }

if [[ $build == 1 ]]; then
    say "cargo build --release"
    (cd "$repo" && cargo build --release --quiet)
fi
bin="$dir/gongbao"
cp "${CARGO_TARGET_DIR:-$repo/target}/release/gongbao" "$bin"

stamp="$(sha256sum "$repo/benches/province/generate.py" | cut -c1-16) $projects $briefings"
if [[ ! -f "$dir/stamp" || "$(cat "$dir/stamp")" != "$stamp" ]]; then
    say "generating $site ($projects projects)"
    python3 "$repo/benches/province/generate.py" --force --projects "$projects" --briefings "$briefings" "$site" >&2
    echo "$stamp" > "$dir/stamp"
fi

# The output's own consistency: prints "ok FILES" or what is wrong.
check_output() {
    python3 - "$out" <<'EOF'
import os, sys
out = sys.argv[1]
def fnv(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h
try:
    marker = open(os.path.join(out, ".gongbao-output")).read()
    manifest = open(os.path.join(out, ".gongbao-manifest"), "rb").read()
except OSError as e:
    print("broken:", e); sys.exit()
if not os.path.isfile(os.path.join(out, "index.html")):
    print("broken: no index.html"); sys.exit()
want = [l.split()[-1] for l in marker.splitlines() if l.startswith("manifest: ")]
if not want or int(want[0], 16) != fnv(manifest):
    print("broken: the marker does not match the manifest"); sys.exit()
entries = manifest.decode().splitlines()
missing = [e for e in entries if not os.path.exists(os.path.join(out, e))]
print("broken: %d of %d manifest entries missing, e.g. %s" % (len(missing), len(entries), missing[:3]) if missing else "ok %d" % len(entries))
EOF
}
staging() { find "$dir" -maxdepth 1 -name '.public.gongbao-staging-*' | sort; }

say "first build"
rm -rf "$out"
start=$(date +%s.%N)
"$bin" build --root "$site" --output "$out" 2>"$logs/first.log" || { cat "$logs/first.log" >&2; exit 1; }
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
say "built in $seconds s: $(grep -E '^built' "$logs/first.log")"
say "checking the output: $(check_output)"

# The poller: a gap is a stat of index.html that finds nothing.
rm -f "$dir/poll.stop" "$dir/poll.out"
python3 - "$out" "$dir/poll.stop" "$dir/poll.out" <<'EOF' &
import os, sys, time
out, stop, report = sys.argv[1:]
index = os.path.join(out, "index.html")
polls = gaps = swaps = 0
inode = os.stat(out).st_ino
while not os.path.exists(stop):
    polls += 1
    try:
        os.stat(index)
        now = os.stat(out).st_ino
        if now != inode:
            swaps += 1
            inode = now
    except FileNotFoundError:
        gaps += 1
    time.sleep(0.0001)
open(report, "w").write("%d %d %d\n" % (polls, gaps, swaps))
EOF
poller=$!
started_polling=$(date +%s)

RANDOM=$seed
killed=0 finished=0 intact=0 broken=0 left_after_kill=0 left_after_build=0 max_left_bytes=0 rebuilt=0
for round in $(seq "$kills"); do
    delay=$(awk -v r="$RANDOM" -v t="$seconds" 'BEGIN { printf "%.3f", r / 32767 * t * 1.2 }')
    "$bin" build --root "$site" --output "$out" >"$logs/round-$round.log" 2>&1 &
    pid=$!
    sleep "$delay"
    if kill -KILL "$pid" 2>/dev/null; then :; fi
    code=0; wait "$pid" || code=$?
    if [[ $code == 137 ]]; then killed=$((killed + 1)); kind="killed at ${delay}s"; else finished=$((finished + 1)); kind="finished (exit $code) before ${delay}s"; fi
    state=$(check_output)
    if [[ $state == ok* ]]; then intact=$((intact + 1)); else broken=$((broken + 1)); fi
    left=$(staging | wc -l)
    bytes=0
    if ((left > 0)); then
        left_after_kill=$((left_after_kill + 1))
        bytes=$(du -scb $(staging) | tail -n 1 | cut -f1)
        ((bytes > max_left_bytes)) && max_left_bytes=$bytes
    fi
    "$bin" build --root "$site" --output "$out" >"$logs/rebuild-$round.log" 2>&1 && rebuilt=$((rebuilt + 1))
    after=$(staging | wc -l)
    ((after > 0)) && left_after_build=$((left_after_build + 1))
    printf 'round %2d: %-32s output %-12s left %d staging (%s bytes); after the next build: %d staging, output %s\n' \
        "$round" "$kind" "$state" "$left" "$bytes" "$after" "$(check_output)" >&2
done

touch "$dir/poll.stop"
wait "$poller"
read -r polls gaps swaps < "$dir/poll.out"
polled_seconds=$(( $(date +%s) - started_polling ))

cat <<EOF
soak: $projects projects, $kills rounds, binary $(cd "$repo" && git rev-parse --short HEAD), first build $seconds s
builds SIGKILLed:                  $killed (finished before the kill: $finished)
output whole after the kill:       $intact of $kills (broken: $broken)
rounds leaving staging at a kill:  $left_after_kill (largest leftover $(awk -v b="$max_left_bytes" 'BEGIN { printf "%.1f MiB", b / 1048576 }'))
next builds succeeded:             $rebuilt of $kills
staging left after the next build: $left_after_build rounds
poller:                            $polls stats of index.html over $polled_seconds s, $gaps gaps (missing), $swaps swaps seen
EOF
if ((broken > 0 || gaps > 0 || left_after_build > 0 || rebuilt < kills)); then exit 1; fi
