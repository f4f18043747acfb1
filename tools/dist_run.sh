#!/usr/bin/env bash
# Usage: tools/dist_run.sh SCRIPT CONFIG NUM_PROCS [script args...]
# Runs tools/SCRIPT in NUM_PROCS processes with torchrun: one per GPU (nccl)
# or, on a machine without CUDA, CPU processes talking over gloo.
SCRIPT=$1
CONFIG=$2
NPROC=$3
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}

PYTHONPATH="$(dirname "$0")/..":$PYTHONPATH \
torchrun \
    --nnodes="$NNODES" \
    --node_rank="$NODE_RANK" \
    --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$NPROC" \
    --master_port="$PORT" \
    "$(dirname "$0")/$SCRIPT" \
    "$CONFIG" \
    --launcher pytorch "${@:4}"
