#!/bin/sh
# A client that starts a child ignoring the polite signals and stdin, writes
# the child's pid to $1, and then hangs: the harness must kill both at the
# time limit.
( trap '' HUP INT TERM; exec sleep 300 ) </dev/null &
echo $! > "$1"
wait
