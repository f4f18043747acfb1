#!/usr/bin/env bash
# Usage: tools/dist_train.sh CONFIG NUM_PROCS [train.py args...]
exec "$(dirname "$0")/dist_run.sh" train.py "$@"
