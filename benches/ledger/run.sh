#!/usr/bin/env bash
# Reading a 100,000-row xlsx ledger against the same ledger as YAML: times
# `gongbao check` on a generated province (benches/province/generate.py)
# whose projects are YAML files, and on a copy whose projects are the one
# workbook `gongbao ledger export --format xlsx` writes from them. Target:
# the xlsx check takes at most twice as long as the YAML one.
#
#   benches/ledger/run.sh                  # 100,000 projects
#   benches/ledger/run.sh --projects 10000 # smaller
#   benches/ledger/run.sh --runs 5 --no-build
#
# Uses target/release/gongbao (built unless --no-build), the site under
# $GONGBAO_BENCH_DIR (default /tmp/gongbao-ledger), SOURCE_DATE_EPOCH=1790000000
# (the date the generated data is valid for). Reports the best wall time of
# each and the ratio.
#
# Measured (2 cores, best of 3): 100,000 projects, check 1.84 s as YAML
# (3,150 files, 59 MB, read on both cores) and 3.35 s as one 12 MB xlsx
# (its rows made into records on both cores): ratio 1.81.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
projects=100000 runs=3 build=1
while [[ $# -gt 0 ]]; do
    case "$1" in
        --projects) projects="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --no-build) build=0 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ "$build" == 1 ]]; then
    (cd "$repo" && cargo build --release --quiet)
fi
bin="${CARGO_TARGET_DIR:-$repo/target}/release/gongbao"
export SOURCE_DATE_EPOCH=1790000000 GONGBAO_LANG=en

base="${GONGBAO_BENCH_DIR:-/tmp/gongbao-ledger}/p$projects"
yaml_site="$base/yaml" xlsx_site="$base/xlsx"
if [[ ! -f "$yaml_site/site.yaml" ]]; then
    rm -rf "$base"
    mkdir -p "$base"
    # Few briefings: the check's time is the ledger's.
    python3 "$repo/benches/province/generate.py" "$yaml_site" --projects "$projects" --briefings 10
fi
if [[ ! -f "$xlsx_site/content/projects/台账.xlsx" ]]; then
    rm -rf "$xlsx_site"
    cp -a "$yaml_site" "$xlsx_site"
    find "$xlsx_site/content/projects" -type f -delete
    "$bin" ledger export --root "$yaml_site" --format xlsx -o "$base/台账.xlsx.tmp" 2>&1 | tail -1
    mv "$base/台账.xlsx.tmp" "$xlsx_site/content/projects/台账.xlsx"
fi
ls -l "$xlsx_site/content/projects/台账.xlsx"
du -sh "$yaml_site/content/projects"

# The best of RUNS wall times, in seconds.
best() {
    local site="$1" best="" t
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s.%N)
        "$bin" check --root "$site" >/dev/null 2>&1 || { echo "check failed on $site" >&2; "$bin" check --root "$site" 2>&1 | tail -5 >&2; exit 1; }
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc)
        if [[ -z "$best" ]] || (( $(echo "$t < $best" | bc) )); then best="$t"; fi
    done
    echo "$best"
}
yaml_time=$(best "$yaml_site")
xlsx_time=$(best "$xlsx_site")
ratio=$(echo "scale=2; $xlsx_time / $yaml_time" | bc)
echo "check, $projects projects as YAML: ${yaml_time}s"
echo "check, $projects projects as xlsx: ${xlsx_time}s"
echo "ratio xlsx / YAML: $ratio (target ≤ 2)"
