#!/usr/bin/env bash
# Times `gongbao check` and `gongbao build` on a generated province.
#
#   benches/province/run.sh            # full scale: 100,000 projects, 15 × 20 counties, 10 years, 3,000 briefings
#   benches/province/run.sh --quick    # 10,000 projects, 300 briefings (same region tree and years)
#   benches/province/run.sh --projects 50000 --briefings 1000 --runs 5
#
# Options: --quick | --projects N --cities N --counties-per-city N --years N
# --briefings N --seed N (generator), --runs N (timed runs per command,
# default 3, 5 with --quick), --keep (do not delete the build output), --no-build
# (use target/release/gongbao as it is), --output-dir DIR (where builds go;
# default beside the site under /tmp, which is disk here: pass a folder under
# /dev/shm to take the disk out of the measurement), --wait-idle SECS (wait
# up to SECS for the machine to be idle before timing: other builds on the
# same CPUs make wall times meaningless; CPU times suffer much less).
#
# It builds the release binary, copies it aside (so that edits to src/ made
# while it runs do not change what is measured), generates the site under
# $GONGBAO_BENCH_DIR (default /tmp/gongbao-province) unless a site generated
# by the same generator with the same options is there already, then times
# each command with hyperfine when it is installed (apt-get install hyperfine)
# or /usr/bin/time -v otherwise, and reports wall time, peak RSS, pages
# built, pages per second and the size of the output. Checks and builds run
# with SOURCE_DATE_EPOCH=1790000000 (2026-09-21), the reference date the
# generated data is valid for. The report is also written to
# $GONGBAO_BENCH_DIR/<params>/report.txt.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

projects=100000 cities=15 counties=20 years=10 briefings=3000 seed=20260630
runs="" keep=0 build=1 out="" wait_idle=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) projects=10000 briefings=300; runs="${runs:-5}" ;;
        --projects) projects="$2"; shift ;;
        --cities) cities="$2"; shift ;;
        --counties-per-city) counties="$2"; shift ;;
        --years) years="$2"; shift ;;
        --briefings) briefings="$2"; shift ;;
        --seed) seed="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --keep) keep=1 ;;
        --output-dir) out="$2"; shift ;;
        --wait-idle) wait_idle="$2"; shift ;;
        --no-build) build=0 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
runs="${runs:-3}"

export SOURCE_DATE_EPOCH=1790000000 GONGBAO_LANG=en
base="${GONGBAO_BENCH_DIR:-/tmp/gongbao-province}"
name="p${projects}-c${cities}x${counties}-y${years}-b${briefings}-s${seed}"
work="$base/$name"
site="$work/site"
out="${out:-$work/public}"
# The output is deleted between runs: only a new or empty folder, or one gongbao wrote.
if [[ -e "$out" && ! -f "$out/.gongbao-output" && -n "$(ls -A "$out" 2>/dev/null)" ]]; then
    echo "refusing --output-dir $out: it is not empty and not a gongbao output" >&2; exit 2
fi
mkdir -p "$work"

say() { printf '\n== %s\n' "$*" >&2; }

# 1. The binary.
if [[ $build == 1 ]]; then
    say "cargo build --release"
    (cd "$repo" && cargo build --release --quiet)
fi
bin="$work/gongbao"
cp "${CARGO_TARGET_DIR:-$repo/target}/release/gongbao" "$bin"
revision="$(cd "$repo" && git rev-parse --short HEAD)$(cd "$repo" && git diff --quiet HEAD -- src themes Cargo.toml Cargo.lock || echo '+uncommitted')"

# 2. The site, regenerated only when the generator or its options changed.
stamp="$(sha256sum "$here/generate.py" | cut -c1-16) $name"
if [[ ! -f "$work/stamp" || "$(cat "$work/stamp")" != "$stamp" || ! -f "$site/site.yaml" ]]; then
    say "generating $site"
    rm -f "$work/stamp"
    python3 "$here/generate.py" --force --projects "$projects" --cities "$cities" --counties-per-city "$counties" \
        --years "$years" --briefings "$briefings" --seed "$seed" "$site" >&2
    echo "$stamp" > "$work/stamp"
else
    say "reusing $site"
fi
input_bytes=$(du -sb "$site/content" | cut -f1)
input_files=$(find "$site/content" -type f | wc -l)

# 3. Peak memory and the build's own summary, from one run of each under /usr/bin/time.
peak_rss() { # prints max RSS in MiB of "$@"; stdout+stderr of the command go to $work/last.log
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' -o "$work/rss" "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; return 1; }
        awk '{printf "%.0f", $1/1024}' "$work/rss"
    else
        python3 -c '
import resource, subprocess, sys
with open(sys.argv[1], "wb") as log:
    code = subprocess.run(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
sys.exit(code)' "$work/last.log" "$@" >"$work/rss" || { cat "$work/last.log" >&2; return 1; }
        cat "$work/rss"
    fi
}

say "gongbao check (once, for memory and problems)"
check_rss=$(peak_rss "$bin" check --root "$site")
check_summary=$(tail -n 1 "$work/last.log")
echo "$check_summary" >&2
rm -rf "$out"
say "gongbao build (once, for memory and the summary)"
build_rss=$(peak_rss "$bin" build --root "$site" --output "$out")
build_summary=$(grep -E '^built ' "$work/last.log" | tail -n 1)
echo "$build_summary" >&2
pages=$(sed -nE 's/^built ([0-9]+) pages.*/\1/p' <<<"$build_summary")
handouts=$(sed -nE 's/.* ([0-9]+) handouts.*/\1/p' <<<"$build_summary")

# 4. Wall time. Other processes on the same CPUs distort it: say how idle the
# machine was just before each measurement.
idle_pct() { # percent of all CPUs idle over one second
    local a b
    a=($(grep '^cpu ' /proc/stat)); sleep 1; b=($(grep '^cpu ' /proc/stat))
    local total=0 i
    for i in 1 2 3 4 5 6 7 8; do total=$((total + b[i] - a[i])); done
    echo $(( total > 0 ? 100 * (b[4] - a[4] + b[5] - a[5]) / total : 0 ))
}
wait_for_idle() {
    local deadline=$((SECONDS + wait_idle)) idle
    idle=$(idle_pct)
    while (( idle < 90 && SECONDS < deadline )); do sleep 5; idle=$(idle_pct); done
    echo "$idle"
}
time_cmd() { # label, command...; prints "mean stddev min max" in seconds
    local label="$1"; shift
    # Each build starts from an empty folder: a folder holding the same
    # build is only checked (see incremental.sh for rebuilds).
    local prepare="sync"
    if [[ $label == build ]]; then prepare="rm -rf '$out'; sync"; fi
    if command -v hyperfine >/dev/null; then
        hyperfine --style basic --warmup 1 --runs "$runs" --prepare "$prepare" --export-json "$work/$label.json" -n "$label" "$*" >&2
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f %.3f %.3f %.3f" % (r["mean"], r["stddev"] or 0, r["min"], r["max"], r["user"] + r["system"]))' "$work/$label.json"
    else
        local times=()
        for _ in $(seq "$runs"); do
            eval "$prepare"
            /usr/bin/time -f '%e %U %S' -o "$work/t" "$@" >/dev/null 2>&1
            times+=("$(cat "$work/t")")
        done
        printf '%s\n' "${times[@]}" | python3 -c 'import sys,statistics as s; r=[[float(x) for x in l.split()] for l in sys.stdin]; t=[x[0] for x in r]; print("%.3f %.3f %.3f %.3f %.3f" % (s.mean(t), s.pstdev(t), min(t), max(t), s.mean(x[1] + x[2] for x in r)))'
    fi
}
say "timing gongbao check ($runs runs)"
c_idle=$(wait_for_idle)
read -r c_mean c_sd c_min c_max c_cpu < <(time_cmd check "$bin" check --root "$site")
say "timing gongbao build ($runs runs)"
b_idle=$(wait_for_idle)
read -r b_mean b_sd b_min b_max b_cpu < <(time_cmd build "$bin" build --root "$site" --output "$out")
after_idle=$(idle_pct)

# 5. The output.
out_bytes=$(find "$out" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
out_disk=$(du -sk "$out" | awk '{ print $1 * 1024 }')
out_files=$(find "$out" -type f | wc -l)
html_files=$(find "$out" -name '*.html' -not -path "$out/handouts/*" | wc -l)
# sitemap.xml is one sitemap, or an index of several (at most 50,000 URLs each).
sitemap_note() {
    local f=$out/sitemap.xml n max=0 total=0 files=0
    if grep -q '<sitemapindex' "$f"; then
        for f in "$out"/sitemap-*.xml; do
            n=$(grep -o '<loc>' "$f" | wc -l); total=$((total + n)); files=$((files + 1)); ((n > max)) && max=$n
        done
        echo "sitemap.xml indexes $files sitemaps, $total URLs, at most $max in one"
    else
        max=$(grep -o '<loc>' "$f" | wc -l); total=$max
        echo "sitemap.xml has $total URLs"
    fi
    ((max > 50000)) && echo " (over the 50,000 the sitemap protocol allows)"
    return 0
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b/1048576 }'; }

largest=$(find "$out" -type f -printf '%s %P\n' | sort -rn | awk 'NR <= 12 { printf "  %10.1f KiB  %s\n", $1/1024, $2 }')
folders=$(for d in "$out"/*/; do
    printf '  %10s  %6d files  %s\n' "$(mib "$(find "$d" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')")" "$(find "$d" -type f | wc -l)" "$(basename "$d")/"
done)

report="$work/report.txt"
{
    echo "gongbao province benchmark: $name"
    echo "binary:      $revision ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
    echo "input:       $input_files files, $(mib "$input_bytes")  ($site)"
    echo "output to:   $out ($(df --output=fstype "$(dirname "$out")" | tail -n 1))"
    echo "timer:       $(command -v hyperfine >/dev/null && echo "hyperfine, 1 warm-up + $runs runs" || echo "/usr/bin/time, $runs runs"), \`sync\` before each run"
    echo
    printf '%-8s %9s %9s %9s %9s %9s %10s %11s\n' "" "mean s" "± s" "min s" "max s" "CPU s" "peak RSS" "idle before"
    printf '%-8s %9s %9s %9s %9s %9s %6s MiB %10s%%\n' check "$c_mean" "$c_sd" "$c_min" "$c_max" "$c_cpu" "$check_rss" "$c_idle"
    printf '%-8s %9s %9s %9s %9s %9s %6s MiB %10s%%\n' build "$b_mean" "$b_sd" "$b_min" "$b_max" "$b_cpu" "$build_rss" "$b_idle"
    (( after_idle < 90 || c_idle < 90 || b_idle < 90 )) && echo "WARNING: the machine was busy (idle ${after_idle}% after the runs); wall times are inflated, CPU s (user+sys, mean per run) is the steadier number"
    echo
    echo "check says:  $check_summary"
    echo "build says:  $build_summary"
    awk -v p="$pages" -v h="$handouts" -v t="$b_mean" -v m="$b_min" -v c="$b_cpu" -v f="$out_files" 'BEGIN {
        printf "pages/s:     %d pages (+ %d handouts): %.0f pages/s on the mean, %.0f on the best run, %.0f per CPU-second (Zola here: ~4,900 pages/s)\n", p, h, p / t, p / m, p / c }'
    echo "output:      $out_files files, $html_files HTML pages outside handouts/, $(mib "$out_bytes") in files ($(mib "$out_disk") on disk with folders and blocks), $(sitemap_note | tr -d '\n')"
    echo
    echo "largest output files:"
    echo "$largest"
    echo
    echo "output by folder (bytes in files):"
    echo "$folders"
} | tee "$report"

if [[ $keep == 0 ]]; then rm -rf "$out"; fi
echo "(report: $report)" >&2
