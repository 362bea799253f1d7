#!/usr/bin/env bash
# Times incremental rebuilds on the generated province: a clean build, a
# rebuild with no change, and a rebuild after one project's name changed.
#
#   benches/province/incremental.sh [--quick] [--runs N] [--output-dir DIR] [--no-build]
#
# --quick: 10,000 projects and 300 briefings (default: 100,000 and 3,000).
# The site is generated as run.sh does (same folder, same stamp). Builds go
# to --output-dir (default /dev/shm/gongbao-incremental, memory-backed, so
# the disk is out of the measurement). Each line reports the wall time of
# every run, and the build's own count of files written, removed and
# unchanged; the files replaced are also counted from the outside (inode or
# modification time changed), so "0 written" is checked, not taken on trust.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
projects=100000 briefings=3000 runs=3 out=/dev/shm/gongbao-incremental build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) projects=10000 briefings=300 ;;
        --runs) runs="$2"; shift ;;
        --output-dir) out="$2"; shift ;;
        --no-build) build=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

export SOURCE_DATE_EPOCH=1790000000 GONGBAO_LANG=en
name="p${projects}-c15x20-y10-b${briefings}-s20260630"
work="${GONGBAO_BENCH_DIR:-/tmp/gongbao-province}/$name"
site="$work/site"
if [[ $build == 1 ]]; then (cd "$repo" && cargo build --release --quiet); fi
target="${CARGO_TARGET_DIR:-$repo/target}"
mkdir -p "$work"
bin="$work/gongbao-incremental"
cp "$target/release/gongbao" "$bin"
stamp="$(sha256sum "$here/generate.py" | cut -c1-16) $name"
if [[ ! -f "$work/stamp" || "$(cat "$work/stamp")" != "$stamp" || ! -f "$site/site.yaml" ]]; then
    echo "generating $site" >&2
    python3 "$here/generate.py" --force --projects "$projects" --briefings "$briefings" "$site" >&2
    echo "$stamp" > "$work/stamp"
fi

snapshot() { find "$out" -type f -printf '%P %i %T@\n' | sort; }
# label, then one build per run; prints wall seconds, the summary's counts
# and the files replaced as seen from outside (last run).
timed() {
    local label="$1" prepare="$2" times=() summary before replaced
    for _ in $(seq "$runs"); do
        eval "$prepare"
        before="$(snapshot 2>/dev/null || true)"
        sync
        local t0=$(date +%s.%N)
        summary="$("$bin" build --root "$site" --output "$out" 2>&1 | grep '^built ')"
        local t1=$(date +%s.%N)
        times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')")
        replaced=$(comm -13 <(echo "$before") <(snapshot) | wc -l)
    done
    printf '%-22s %s s   %s   [files replaced, seen from outside: %s]\n' "$label" "${times[*]}" "${summary##*→ }" "$replaced"
}

file="$(find "$site/content/projects" -name '*.yaml' | sort | sed -n 1p)"
cp "$file" "$work/edited.orig"
restore() { cp "$work/edited.orig" "$file"; }
trap restore EXIT
n=0
edit_one() { # a new name for the first project of the first file, each run another
    n=$((n + 1)); restore
    python3 - "$file" "$n" <<'EOF'
import re, sys
path, n = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r"^(\s*-?\s*name: )(.*)$", lambda m: f"{m.group(1)}{m.group(2)}{n}", text, count=1, flags=re.M)
open(path, "w", encoding="utf-8").write(text)
EOF
}

echo "site: $site ($projects projects), output: $out ($(df --output=fstype "$(dirname "$out")" | tail -n 1)), $(nproc) CPUs"
timed "clean build" 'rm -rf "$out"'
restore; "$bin" build --root "$site" --output "$out" >/dev/null 2>&1
timed "no-change rebuild" ':'
timed "one project changed" 'edit_one'
restore; "$bin" build --root "$site" --output "$out" >/dev/null 2>&1
