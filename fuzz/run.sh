#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), from the committed
# corpus, and fails if any input panics, prints more than its size bound,
# takes longer than TIMEOUT seconds (default 5) or more than RSS_MB of
# memory (default 2048). A crashing input is saved under
# fuzz/artifacts/TARGET/; `cargo fuzz run TARGET FILE` replays it.
#
# Needs cargo-fuzz (installed here when missing) and, as only stable Rust is
# at hand, RUSTC_BOOTSTRAP=1 for the nightly flags cargo-fuzz passes. The
# instrumented build lives in fuzz/target, apart from the normal one.
set -euo pipefail
cd "$(dirname "$0")"

SECONDS_EACH="${1:-60}"
TIMEOUT="${FUZZ_TIMEOUT:-5}"
RSS_MB="${FUZZ_RSS_MB:-2048}"
TARGETS=(yaml_records markdown ledger)

export RUSTC_BOOTSTRAP=1
# A shared CARGO_TARGET_DIR would mix instrumented and normal artifacts.
unset CARGO_TARGET_DIR

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# Without sanitizers: AddressSanitizer needs nightly's prebuilt runtime,
# which stable Rust does not ship; Rust code is memory-safe without it.
FLAGS=(--sanitizer none --release --debug-assertions)

cargo fuzz build "${FLAGS[@]}"

# The committed corpus is the seed; new inputs go to a scratch folder so
# that a run does not change the tree.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for target in "${TARGETS[@]}"; do
    echo "== fuzz $target for ${SECONDS_EACH}s"
    mkdir -p "$scratch/$target" "artifacts/$target"
    dict=()
    case "$target" in
        yaml_records) dict=(-dict=yaml.dict) ;;
        markdown) dict=(-dict=markdown.dict) ;;
    esac
    if ! cargo fuzz run "${FLAGS[@]}" "$target" "$scratch/$target" "corpus/$target" -- \
        -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb="$RSS_MB" \
        -max_len=65536 -print_final_stats=1 "${dict[@]}"; then
        echo "fuzz: $target failed; the input is in fuzz/artifacts/$target/" >&2
        status=1
    fi
done
exit "$status"
