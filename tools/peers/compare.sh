#!/usr/bin/env bash
# Newsroom beside the Wagtail 8 anchor and WordPress 6.1 (+ opcache), with the shared harness (../../ is Newsroom;
# the harness is $BENCH, by default /work/shared/bench). See README.md beside this file for the whole procedure.
#   PERF=/work/perf NRPY=/work/main/.venv/bin/python tools/peers/compare.sh STEP...
# STEPS (in this order the first time):
#   prepare        copy the harness to $PERF/harness with servers-production.patch (Newsroom: DEBUG off, 2FA on,
#                  REDIS_URL set), the Wagtail anchor to $PERF/wagtail with the related-query fix + its cache variant,
#                  a clone of this repository's HEAD to $PERF/newsroom (+ newsroom/settings_perf.py), the venv
#   wt-db          database perf_wagtail: migrate, collectstatic
#   wt-seed        harness/seed.py --articles 10000 (the anchor's own seeder; ~20 min on a loaded 2-core machine)
#   gen            the same 10,000 stories + 200 pictures as ninjs for Newsroom and WordPress ($PERF/data)
#   nr-seed        database perf_newsroom: migrate, the anchor's taxonomy, import_articles --publish (the real save path)
#   wp-seed        WordPress (Debian package) + php-fpm (2 children, opcache) + nginx, seeded through wp_insert_post
#   finish         warm the anchor's renditions, VACUUM ANALYZE both PostgreSQL databases, the URL lists
#   uncached | wordpress | cached      one timed phase each (under flock /tmp/bench.lock), results in $PERF/results
#   tables         the ratio tables (Newsroom ÷ peer) from $PERF/results/*.jsonl
set -euo pipefail
PERF=${PERF:-/work/perf}
NRPY=${NRPY:-/work/main/.venv/bin/python}
BENCH=${BENCH:-/work/shared/bench}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export PERF NRPY
WTPY=$PERF/wagtail/venv/bin/python
PYBASE=${PYBASE:-$("$NRPY" -c 'import sys; print(sys._base_executable)')}
wt_env() { env PGDATABASE=perf_wagtail PGUSER=postgres PGPASSWORD= PGHOST=127.0.0.1 PGPORT=5432 "$@"; }
nr_env() {
  env DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_newsroom DEBUG=0 ALLOWED_HOSTS=127.0.0.1,localhost \
      SECRET_KEY=perf-bench-secret-key-0123456789abcdefghijklmnopqrstuv SECURE_HTTPS=0 OEMBED_LOOKUPS=0 \
      REDIS_URL=redis://127.0.0.1:6379/3 MEDIA_ROOT=$PERF/nr_media STATIC_ROOT=$PERF/nr_static \
      DJANGO_SETTINGS_MODULE=newsroom.settings_perf "$@"
}
# the harness's scripts name their inputs "perf-work/..." relative to the working directory: run from $PERF,
# where perf-work is a link to $PERF itself
cd "$PERF" 2>/dev/null || { mkdir -p "$PERF"; cd "$PERF"; }
[ -e perf-work ] || ln -s "$PERF" perf-work

step() {
  case $1 in
  prepare)
    rm -rf harness && cp -r "$BENCH/peers" harness && patch -d harness -p1 < "$HERE/servers-production.patch"
    if [ ! -d wagtail ]; then
      mkdir wagtail && cp -r "$BENCH/wagtail-anchor/harness" "$BENCH/wagtail-anchor/site" wagtail/
      patch -d wagtail -p1 < "$BENCH/peers/wagtail-anchor-related-fix.patch"
      cp "$HERE/wagtail_settings_cached.py" wagtail/site/newsroom/settings_cached.py
      cp "$HERE/wagtail_cachemw.py" wagtail/site/news/cachemw.py
      "$PYBASE" -m venv wagtail/venv && wagtail/venv/bin/pip install -q -r wagtail/harness/requirements.txt redis
    fi
    [ -d newsroom ] || { git clone -q "$REPO" newsroom && cp "$HERE/settings_perf.py" newsroom/newsroom/; }
    git -C newsroom log --oneline -1 ;;
  wt-db)
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE perf_wagtail"
    mkdir -p wagtail/data wagtail/logs
    wt_env "$WTPY" wagtail/site/manage.py migrate --noinput -v 0
    wt_env "$WTPY" wagtail/site/manage.py collectstatic --noinput -v 0 ;;
  wt-seed)
    (cd wagtail && wt_env venv/bin/python harness/seed.py --articles 10000) ;;
  gen)
    (cd harness && ANCHOR=$PERF/wagtail wt_env "$WTPY" -B gen_newsroom_ninjs.py --articles 10000 --out "$PERF/data") ;;
  nr-seed)
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE perf_newsroom"
    cd newsroom
    nr_env "$NRPY" manage.py migrate --noinput -v 0
    nr_env "$NRPY" manage.py collectstatic --noinput -v 0
    TAXONOMY=$PERF/data/taxonomy.json nr_env "$NRPY" manage.py shell -c "exec(open('$PERF/harness/nr_taxonomy.py').read())"
    time nr_env "$NRPY" manage.py import_articles "$PERF/data/ninjs/articles.jsonl" --publish --images "$PERF/data/images"
    cd "$PERF" ;;
  wp-seed)
    PERF=$PERF bash harness/wp/setup_wp.sh ;;
  finish)
    (cd wagtail && wt_env venv/bin/python harness/warm_renditions.py)
    for db in perf_newsroom perf_wagtail; do psql -h 127.0.0.1 -U postgres -d $db -qc "VACUUM ANALYZE"; done
    (cd "$PERF" && "$WTPY" -B harness/make_urls.py "$PERF/urls" wordpress)
    cp "$HERE"/plans/*.json harness/plans/
    sed -i "s#\"perf-work/#\"$PERF/#" harness/plans/*.json ;;
  uncached|wordpress|cached)   # the harness's own phases (two systems a cell); run3.sh is the three-system variant
    uptime; flock /tmp/bench.lock bash harness/run_phase.sh "$1" 2>&1 | tee -a "$PERF/results/$1.console"; uptime ;;
  tables)
    for p in three_c4 three_c20 varnish django_cache uncached wordpress; do
      [ -s "results/$p.jsonl" ] && { echo "### $p"; python3 harness/summarize.py "results/$p.jsonl" newsroom; echo; }
    done ;;
  *) echo "unknown step $1" >&2; exit 2 ;;
  esac
}
mkdir -p "$PERF/results"
for s in "$@"; do echo "== $(date -u +%T) $s"; step "$s"; done
