#!/usr/bin/env bash
# Build one Markdown daily brief from every article in a folder, e.g. from cron:
#   0 7 * * *  ANSUM_PROFILE=extractive /path/to/daily-brief.sh ~/news/today ~/briefs
# Extra arguments after OUT_DIR go to `ansum summarize` (e.g. --sentences 5 --offline).
# `ansum` must be on PATH (an activated venv), or name it: ANSUM=/path/to/.venv/bin/ansum.
# Exit status: 0 all briefs complete; otherwise ansum's status (see README "Exit statuses").
set -u -o pipefail
in_dir=${1:?usage: daily-brief.sh ARTICLES_DIR [OUT_DIR] [ANSUM OPTIONS...]}
out_dir=${2:-.}
shift $(( $# >= 2 ? 2 : 1 ))
if [ ! -d "$in_dir" ]; then
  echo "daily-brief: $in_dir is not a folder" >&2
  exit 3
fi
if [ ! -d "$out_dir" ]; then
  echo "daily-brief: output folder $out_dir does not exist" >&2
  exit 3
fi
day=$(date +%F)
shopt -s nullglob
articles=("$in_dir"/*.txt "$in_dir"/*.html)
if [ ${#articles[@]} -eq 0 ]; then
  echo "daily-brief: no .txt or .html files in $in_dir" >&2
  exit 3
fi
# One invocation for all files: models load once; --out writes atomically.
"${ANSUM:-ansum}" summarize --format markdown --out "$out_dir/brief-$day.md" "$@" "${articles[@]}"
status=$?
case $status in
  0) echo "daily-brief: wrote $out_dir/brief-$day.md" >&2 ;;
  5) echo "daily-brief: wrote $out_dir/brief-$day.md (partial: a model was missing)" >&2 ;;
  *) echo "daily-brief: ansum exited with status $status" >&2 ;;
esac
exit $status
