#!/usr/bin/env bash
# The shared run_phase.sh with Newsroom, the Wagtail anchor and WordPress in the same cells (one Newsroom run per
# round serves both ratios; order A,B,C then C,B,A), most important cells first:
#   run3.sh uncached   plans three_c4 then three_c20 (servers nr wt phpfpm nginx)
#   run3.sh varnish    the harness's varnish plan (nr_cached + wt_cached behind the same VCL, ports 8311/8312)
#   run3.sh cache      the harness's django_cache plan (page-cache tier, no Varnish)
# Run from $PERF with $PERF/harness prepared by compare.sh (servers-production.patch applied, plans copied).
# Each phase holds flock /tmp/bench.lock for its whole duration.
set -uo pipefail
PERF=${PERF:?}; H=$PERF/harness; R=$PERF/results; S=$H/servers.sh; mkdir -p "$R"
phase=$1
case $phase in
  uncached) servers="wt nr phpfpm nginx"; plans="three_c4 three_c20" ;;
  varnish)  servers="wt_cached nr_cached varnish_nr varnish_wt"; plans="varnish" ;;
  cache)    servers="wt_cached nr_cached"; plans="django_cache" ;;
  *) echo "unknown phase" >&2; exit 2 ;;
esac
exec 9>/tmp/bench.lock; flock 9
echo "$(date -u +%T) $phase: lock held; $(cut -d' ' -f1-3 /proc/loadavg)"
trap '"$S" stop $servers' EXIT
redis-cli -n 3 flushdb >/dev/null; redis-cli -n 4 flushdb >/dev/null
"$S" start $servers
sleep 5
wait_up() {
  for _ in $(seq 1 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$1" || true)
    case $code in 2??|3??|4??) return 0 ;; esac
    sleep 0.5
  done
  echo "no answer from $1" >&2; return 1
}
warmed=""
for p in $plans; do
  python3 - "$H/plans/$p.json" > "$R/$p.bases" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
seen = set()
for cell in plan["cells"]:
    for s in cell["systems"].values():
        for u in open(s["urls"]).read().split():
            seen.add(s["base"] + u)
print("\n".join(sorted(seen)))
PY
  if ! cmp -s "$R/$p.bases" "$R/warmed.bases" 2>/dev/null; then
    for b in $(cut -d/ -f1-3 "$R/$p.bases" | sort -u); do wait_up "$b/" || exit 1; done
    echo "$(date -u +%T) $p: warming $(wc -l < "$R/$p.bases") URLs twice"
    xargs -P 4 -n 1 curl -s -o /dev/null --max-time 60 < "$R/$p.bases"
    xargs -P 4 -n 1 curl -s -o /dev/null --max-time 60 < "$R/$p.bases"
    cp "$R/$p.bases" "$R/warmed.bases"
  fi
  echo "$(date -u +%T) $p: load $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 "$H/abrun.py" "$H/plans/$p.json" "$R/$p.jsonl"
done
echo "$(date -u +%T) phase $phase done; load $(cut -d' ' -f1-3 /proc/loadavg)"
