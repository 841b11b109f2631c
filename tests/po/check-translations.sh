#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The zh_CN translation must be complete: our users are Chinese mediators.
#
#   check-translations.sh SOURCE_ROOT
#
# Fails (exit 1) when
#   - a source file under src/ or ui/ has translatable strings but is not in
#     po/POTFILES.in (or po/POTFILES.skip), or POTFILES.in names a missing file;
#   - po/LINGUAS does not list zh_CN;
#   - msgfmt --check rejects po/zh_CN.po;
#   - after regenerating the template from POTFILES.in and merging po/zh_CN.po
#     into a temporary copy, any message is untranslated or fuzzy, or the merged
#     copy fails msgfmt --check.
# Nothing in the source tree is modified.  Exit 77 (skipped) without gettext.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 SOURCE_ROOT" >&2
  exit 2
fi
root=$(cd "$1" && pwd)
po_dir="$root/po"
lang=zh_CN
po_file="$po_dir/$lang.po"

# msgfmt's statistics are translated; parse them in English.
export LC_ALL=C
unset LANGUAGE || true

for tool in xgettext msgmerge msgfmt msgattrib; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool (GNU gettext) is not installed" >&2
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tj-po-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

failed=0
fail() {
  echo "FAIL: $*" >&2
  failed=1
}

# Lists without comments, blank lines or surrounding blanks.
clean_list() {
  sed -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
}

[[ -f "$po_dir/POTFILES.in" ]] || { echo "FAIL: po/POTFILES.in is missing" >&2; exit 1; }
[[ -f "$po_file" ]] || { echo "FAIL: po/$lang.po is missing" >&2; exit 1; }

# --- po/LINGUAS ------------------------------------------------------------
if [[ ! -f "$po_dir/LINGUAS" ]]; then
  fail "po/LINGUAS is missing"
elif ! clean_list "$po_dir/LINGUAS" | tr -s ' \t' '\n\n' | grep -qx "$lang"; then
  fail "po/LINGUAS does not list $lang"
fi

# --- POTFILES.in against the tree -------------------------------------------
clean_list "$po_dir/POTFILES.in" | sort -u >"$tmp/potfiles"
if [[ -f "$po_dir/POTFILES.skip" ]]; then
  clean_list "$po_dir/POTFILES.skip" | sort -u >"$tmp/skip"
else
  : >"$tmp/skip"
fi

while IFS= read -r f; do
  [[ -f "$root/$f" ]] || fail "po/POTFILES.in lists $f, which does not exist"
done <"$tmp/potfiles"

# _("…"), N_("…"), C_("ctx", "…"), NC_(…), g_dngettext (…), ngettext (…),
# g_dpgettext2 (…) in code; translatable="yes" in GtkBuilder files.
marker='(^|[^A-Za-z0-9_])((N|C|NC)?_[[:space:]]*\([[:space:]]*"|(g_dngettext|g_dpgettext2|g_dcgettext|ngettext|dngettext)[[:space:]]*\()|translatable[[:space:]]*=[[:space:]]*"yes"'
: >"$tmp/marked"
for dir in src ui; do
  [[ -d "$root/$dir" ]] || continue
  (cd "$root" && find "$dir" -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \
     -o -name '*.blp' -o -name '*.vala' \) -print0 |
     xargs -0 -r grep -lE -- "$marker" || true) >>"$tmp/marked"
done
sort -u -o "$tmp/marked" "$tmp/marked"
while IFS= read -r f; do
  if ! grep -qxF -- "$f" "$tmp/potfiles" && ! grep -qxF -- "$f" "$tmp/skip"; then
    fail "$f has translatable strings but is not listed in po/POTFILES.in"
  fi
done <"$tmp/marked"

# --- the committed translation ------------------------------------------------
if ! msgfmt --check -o /dev/null "$po_file" 2>"$tmp/check.log"; then
  fail "msgfmt --check rejects po/$lang.po:"
  sed 's/^/    /' "$tmp/check.log" >&2
fi

# --- a fresh template, merged into a copy -----------------------------------
# The keywords of meson's i18n 'glib' preset (po/meson.build).
if ! (cd "$root" && xgettext --from-code=UTF-8 --add-comments=Translators \
        --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
        --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
        --package-name=tiaojie -o "$tmp/tiaojie.pot" --files-from="$tmp/potfiles") \
      2>"$tmp/xgettext.log"; then
  sed 's/^/    /' "$tmp/xgettext.log" >&2
  echo "FAIL: xgettext could not extract the template from po/POTFILES.in" >&2
  exit 1
fi

if [[ ! -f "$tmp/tiaojie.pot" ]]; then
  # xgettext writes nothing when there is nothing to translate.
  echo "FAIL: xgettext found no translatable strings in the files of po/POTFILES.in" >&2
  exit 1
fi

cp "$po_file" "$tmp/$lang.po"
if ! msgmerge --quiet --update --backup=none "$tmp/$lang.po" "$tmp/tiaojie.pot" 2>"$tmp/merge.log"; then
  sed 's/^/    /' "$tmp/merge.log" >&2
  echo "FAIL: msgmerge could not merge po/$lang.po with the regenerated template" >&2
  exit 1
fi

if ! msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>"$tmp/stats.log"; then
  fail "msgfmt --check rejects po/$lang.po merged with the current sources:"
  sed 's/^/    /' "$tmp/stats.log" >&2
fi
stats=$(grep -E 'translated message|untranslated message|fuzzy translation' "$tmp/stats.log" | tail -n 1 || true)
count() {
  # The number before the given words, or 0 when msgfmt leaves that part out.
  sed -nE "s/.*(^|[^0-9])([0-9]+) $1.*/\\2/p" <<<"$stats" | head -n 1 | grep . || echo 0
}
translated=$(count 'translated message')
fuzzy=$(count 'fuzzy translation')
untranslated=$(count 'untranslated message')

if [[ -z "$stats" ]]; then
  fail "could not read msgfmt --statistics for po/$lang.po"
fi

if [[ "$untranslated" != 0 ]]; then
  fail "po/$lang.po: $untranslated message(s) untranslated; run msgmerge against a fresh template and translate:"
  msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.po" 2>/dev/null |
    grep -E '^(#:|msgid )' | grep -v '^msgid ""$' | sed 's/^/    /' >&2 || true
fi
if [[ "$fuzzy" != 0 ]]; then
  fail "po/$lang.po: $fuzzy fuzzy message(s); review them and remove the fuzzy flag:"
  msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/$lang.po" 2>/dev/null |
    grep -E '^(#:|msgid )' | grep -v '^msgid ""$' | sed 's/^/    /' >&2 || true
fi

if [[ $failed -ne 0 ]]; then
  echo "translations: FAILED ($stats)" >&2
  exit 1
fi
echo "translations: $lang complete: $translated translated, 0 fuzzy, 0 untranslated"
