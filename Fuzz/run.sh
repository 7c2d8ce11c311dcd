#!/usr/bin/env bash
# Fuzz/run.sh TARGET SECONDS RUNS [libFuzzer flags…]
#
# Runs fuzz-TARGET (built by `make fuzz`) on its corpus and the seeds for
# SECONDS, or until RUNS inputs have run (0: as many as time allows).
# Inputs that add coverage stay in Fuzz/.build/corpus/TARGET; a crash, a hang
# or too much memory is saved in Fuzz/.build/findings/TARGET and stops the
# run with exit status 1.
#
# libFuzzer's -timeout is wall-clock time, so on a loaded machine an input
# that needs a tenth of a second can be reported as a hang. A timeout is
# therefore replayed alone, up to three times: if any replay ends within the
# second, the machine was busy, not cap; the input is moved to
# findings/TARGET/spurious/ and the run goes on for what remains. A real hang
# never ends within the second and stops the run.
set -u -o pipefail
target=$1 seconds=$2 runs=$3
shift 3
build=Fuzz/.build
bin=$build/release/fuzz-$target
corpus=$build/corpus/$target
# A target with seeds of its own (the script target's are scripts) uses them.
seeds=$build/seeds
[ -d "$build/seeds-$target" ] && seeds=$build/seeds-$target
findings=$build/findings/$target
mkdir -p "$corpus" "$findings/spurious"
export SWIFT_BACKTRACE=enable=no  # libFuzzer and ASan report crashes themselves
# Allocation stacks thirty frames deep (ASan's default). Five were a tenth
# faster, but LeakSanitizer's suppressions match a frame of the recorded
# stack: since the schema became a prelude read once into a global, the
# once-made frame lies deeper than five, and every run ended in a "leak".
export ASAN_OPTIONS=${ASAN_OPTIONS:-malloc_context_size=30}
deadline=$(( $(date +%s) + seconds ))
executed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

while :; do
    left=$(( deadline - $(date +%s) ))
    [ "$left" -gt 0 ] || break
    count=()
    if [ "$runs" -gt 0 ]; then count=(-runs=$(( runs - executed ))); fi
    "$bin" -max_total_time="$left" -timeout=1 -rss_limit_mb=2048 -max_len=4096 \
        -dict=Fuzz/cap.dict -print_final_stats=1 -artifact_prefix="$findings/" \
        "${count[@]}" "$@" "$corpus" "$seeds" 2>&1 | tee "$log"
    status=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    executed=$(( executed + ${n:-0} ))
    [ "$status" -eq 0 ] && break
    artifact=$(sed -n "s/.*Test unit written to //p" "$log" | tail -1)
    case "$artifact" in
        */timeout-*) ;;
        "") echo "fuzz-$target: interrupted after $executed executions, nothing found" >&2; exit 1 ;;
        *) echo "fuzz-$target: stopped after $executed executions; see $artifact" >&2; exit 1 ;;
    esac
    for _ in 1 2 3; do
        if "$bin" -timeout=1 "$artifact" > /dev/null 2>&1; then
            mv "$artifact" "$findings/spurious/"
            echo "fuzz-$target: the timeout on $(basename "$artifact") was the machine: alone it ran within 1 s; going on" >&2
            continue 2
        fi
    done
    echo "fuzz-$target: $artifact hangs (over 1 s in each of three replays alone), after $executed executions" >&2
    exit 1
done
echo "fuzz-$target: $executed executions, no crash, no hang" >&2
