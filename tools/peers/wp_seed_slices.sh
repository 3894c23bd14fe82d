#!/usr/bin/env bash
# WordPress seed in parallel (after wp/setup_wp.sh has installed WordPress and added the 200 pictures):
# P processes, each taking blocks of B stories round-robin, so the seeded set grows as a prefix of the file.
#   PERF=/work/perf P=3 B=100 N=10000 tools/peers/wp_seed_slices.sh
set -uo pipefail
PERF=${PERF:?}; P=${P:-3}; B=${B:-100}; N=${N:-10000}
SEED=${SEED:-$PERF/harness/wp/seed.php}
for k in $(seq 0 $((P - 1))); do
  (
    for ((first = k * B; first < N; first += P * B)); do
      php -d memory_limit=1G "$SEED" "$PERF/data" $((first + B > N ? N : first + B)) $first skip
    done
  ) > "$PERF/logs/wp_slice_$k.log" 2>&1 &
done
wait
chown -R www-data:www-data "$PERF/wp-content/uploads"
