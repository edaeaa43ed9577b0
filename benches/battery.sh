#!/usr/bin/env bash
# The long reliability battery: every area of tests/cli/reliability at full
# scale (TICKET_BATTERY=long), in a release build, then one table of cases
# tried, held and failed per area. Exits non-zero when any case failed.
#
#   bash benches/battery.sh            # about 10-20 minutes on 2 cores
#   BATTERY_FILTER=crash bash benches/battery.sh   # one area
set -uo pipefail
cd "$(dirname "$0")/.."

log=${BATTERY_LOG:-$(mktemp)}
start=$(date +%s)
TICKET_BATTERY=long cargo test --release --locked --test cli \
    "reliability::${BATTERY_FILTER:-}" -- --nocapture --test-threads=1 >"$log" 2>&1
status=$?
elapsed=$(( $(date +%s) - start ))

echo "| area | tried | held | failed |"
echo "|---|---:|---:|---:|"
# With --nocapture a test's first line follows libtest's "test NAME ... ".
grep -oE 'battery: .* tried [0-9]+ held [0-9]+ failed [0-9]+' "$log" |
    sed -E 's/^battery: (.*) tried ([0-9]+) held ([0-9]+) failed ([0-9]+)$/| \1 | \2 | \3 | \4 |/'
grep -oE 'battery: .*' "$log" | grep -vE ' tried [0-9]+ held ' | sed 's/^battery: /note: /'
echo
echo "long battery: ${elapsed}s, cargo test exit ${status} (log: $log)"
if [ "$status" -ne 0 ]; then
    grep -E 'panicked|cases failed|^    "' "$log" | head -40
fi
exit "$status"
