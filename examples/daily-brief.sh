#!/usr/bin/env bash
# The daily brief of a folder of articles, as one dated Markdown file: a thin wrapper of
# `ansum brief` (stories, duplicates folded, figures compared; cached between runs).
# From cron, e.g. every morning at 07:00:
#   0 7 * * *  ANSUM_PROFILE=extractive /path/to/daily-brief.sh ~/news/today ~/briefs
# ARTICLES may be a folder (read recursively: .txt .html .htm .jsonl .jsonl.gz) or a file.
# Extra arguments after OUT_DIR go to `ansum brief` (e.g. --claims 3 --offline --no-cache).
# Which ansum: $ANSUM if set, else `ansum` on PATH, else the checkout's .venv/bin/ansum next
# to this script (so a cron job, whose PATH has no venv, finds the README's install).
# Exit status: ansum brief's (0 complete, 3 bad input or lines skipped, 5 partial; README).
set -u -o pipefail
in=${1:?usage: daily-brief.sh ARTICLES [OUT_DIR] [ANSUM BRIEF OPTIONS...]}
out_dir=${2:-.}
shift $(( $# >= 2 ? 2 : 1 ))
if [ ! -e "$in" ]; then
  echo "daily-brief: $in is not a folder or file" >&2
  exit 3
fi
if [ ! -d "$out_dir" ]; then
  echo "daily-brief: output folder $out_dir does not exist" >&2
  exit 3
fi
out="$out_dir/brief-$(date +%F).md"
if [ -z "${ANSUM:-}" ]; then
  if command -v ansum >/dev/null 2>&1; then
    ANSUM=ansum
  else
    ANSUM="$(cd "$(dirname "$0")/.." && pwd)/.venv/bin/ansum"
  fi
fi
"$ANSUM" brief --format markdown --out "$out" "$@" "$in"
status=$?
case $status in
  0) echo "daily-brief: wrote $out" >&2 ;;
  3) [ -f "$out" ] && echo "daily-brief: wrote $out (some inputs skipped, see above)" >&2 ;;
  5) echo "daily-brief: wrote $out (partial: a model was missing)" >&2 ;;
  *) echo "daily-brief: ansum exited with status $status" >&2 ;;
esac
exit $status
