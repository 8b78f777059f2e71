#!/bin/sh
# Regenerates the url-parse and url-absolute corpora's expected outputs
# (fixtures/corpus/url-*/*.out) from their committed inputs with LuaSocket 3.1.
# Needs lua5.1 and lua-socket (Debian: apt-get install lua5.1 lua-socket).
# Run from anywhere: sh chapters/chapter-01/tools/regen.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
for mode in parse absolute; do
  for input in "$root"/fixtures/corpus/url-"$mode"/*.in; do
    lua5.1 "$here/gen_corpus.lua" "$mode" < "$input" > "${input%.in}.out"
  done
done
