#!/bin/sh
# Regenerates chapter 6's LuaSocket expectations and the base64,
# quoted-printable and rot13 corpora from their committed inputs.
# Needs lua5.1 and lua-socket (Debian: apt-get install lua5.1 lua-socket).
# Run from anywhere: sh chapters/chapter-06/tools/regen.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
gen() { lua5.1 "$here/gen_corpus.lua" "$@"; }
for input in "$root"/chapters/chapter-06/fixtures/luasocket/*.in; do
  for op in b64 b64wrap qp qpraw qpbin qpwrap wrap normalize stuff rot13; do
    gen "$op" "$input" "${input%.in}.$op"
  done
  # Decoders run on the encoders' output.
  gen unb64 "${input%.in}.b64wrap" "${input%.in}.unb64"
  gen unqp "${input%.in}.qp" "${input%.in}.unqp"
done
for pair in base64:b64 quoted-printable:qp rot13:rot13; do
  case=${pair%%:*} op=${pair#*:}
  for input in "$root"/fixtures/corpus/"$case"/*.in; do
    gen "$op" "$input" "${input%.in}.out"
  done
done
