#!/usr/bin/env bash
# Keep only the first N generated stories in every system (when seeding is cut short on a loaded machine), so all
# three hold the same data; then the URL lists from those N (make_urls.py run on an N-line copy of the stories).
#   PERF=/work/perf NRPY=/work/main/.venv/bin/python N=5000 tools/peers/trim.sh
set -euo pipefail
PERF=${PERF:?}; N=${N:?}; NRPY=${NRPY:?}
D=$PERF/prefix$N
mkdir -p "$D/perf-work/data/ninjs"
head -n "$N" "$PERF/data/ninjs/articles.jsonl" > "$D/perf-work/data/ninjs/articles.jsonl"
cp "$PERF/data/taxonomy.json" "$D/perf-work/data/"
tail -n +"$((N + 1))" "$PERF/data/ninjs/articles.jsonl" | python3 -c '
import json, sys
for l in sys.stdin: print(json.loads(l)["slugline"])' > "$D/extra_slugs.txt"
echo "stories kept: $N; slugs beyond: $(wc -l < "$D/extra_slugs.txt")"
# Newsroom: guid urn:perf:anchor:<index+1>
(cd "$PERF/newsroom" && env DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_newsroom DEBUG=0 \
   SECRET_KEY=perf-bench-secret-key-0123456789abcdefghijklmnopqrstuv ALLOWED_HOSTS=127.0.0.1 REDIS_URL=redis://127.0.0.1:6379/3 \
   MEDIA_ROOT=$PERF/nr_media DJANGO_SETTINGS_MODULE=newsroom.settings_perf "$NRPY" manage.py shell -c "
from articles.models import Article
extra = [a.pk for a in Article.objects.filter(source_guid__startswith='urn:perf:anchor:') if int(a.source_guid.rsplit(':', 1)[1]) > $N]
print('newsroom: deleting', len(extra)); Article.objects.filter(pk__in=extra).delete()
print('newsroom now', Article.objects.count())")
# Wagtail: the anchor's slugs
(cd "$PERF/wagtail" && env -u DJANGO_SETTINGS_MODULE PGDATABASE=perf_wagtail PGUSER=postgres PGHOST=127.0.0.1 PGPASSWORD= \
   venv/bin/python site/manage.py shell -c "
from news.models import ArticlePage
extra = set(open('$D/extra_slugs.txt').read().split())
from wagtail.models import Page
qs = Page.objects.filter(pk__in=ArticlePage.objects.filter(slug__in=extra).values('pk'))
print('wagtail: deleting', qs.count()); qs.delete()  # treebeard's queryset delete keeps numchild right
print('wagtail now', ArticlePage.objects.count())")
# WordPress: wp_delete_post through WordPress
cat > "$D/trim.php" <<PHP
<?php
\$_SERVER['HTTP_HOST'] = '127.0.0.1:8331'; \$_SERVER['WORDPRESS_CONFIG'] = 'perf'; \$_SERVER['REQUEST_URI'] = '/';
require_once '/usr/share/wordpress/wp-load.php';
global \$wpdb; \$n = 0;
foreach (file('$D/extra_slugs.txt', FILE_IGNORE_NEW_LINES) as \$slug) {
  foreach (\$wpdb->get_col(\$wpdb->prepare("SELECT ID FROM \$wpdb->posts WHERE post_name=%s AND post_type='post'", \$slug)) as \$id) { wp_delete_post(\$id, true); \$n++; }
}
echo "wordpress: deleted \$n; now " . wp_count_posts()->publish . "\n";
PHP
php -d memory_limit=1G "$D/trim.php"
# the install's own "Hello world!" post (dated at install time, so first on WordPress's home and feed)
php -r '$_SERVER["HTTP_HOST"]="127.0.0.1:8331"; $_SERVER["WORDPRESS_CONFIG"]="perf"; $_SERVER["REQUEST_URI"]="/";
        require "/usr/share/wordpress/wp-load.php"; wp_delete_post(1, true);'
for db in perf_newsroom perf_wagtail; do psql -h 127.0.0.1 -U postgres -d $db -qc "VACUUM ANALYZE"; done
(cd "$D" && PERF=$PERF "$PERF/wagtail/venv/bin/python" -B "$PERF/harness/make_urls.py" "$PERF/urls" wordpress)
