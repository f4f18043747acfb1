#!/usr/bin/env bash
# Usage: tools/dist_test.sh CONFIG NUM_PROCS [test.py args...]
exec "$(dirname "$0")/dist_run.sh" test.py "$@"
