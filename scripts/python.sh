#!/usr/bin/env bash
# The Python package (crates/dyad-py), `dyad code --format parquet` read back by DuckDB and
# pyarrow, and the Spark example in local mode (issue 16). CI runs it (see .ci/run).
#
#   scripts/python.sh
#
# Installs what is missing: a virtual environment ($DYAD_VENV, default target/venv) with maturin,
# pytest, pyarrow, pandas, duckdb and pyspark from PyPI, and a Java runtime from Debian's
# packages when `java` is missing. The wheel is built as `maturin build --release` builds it,
# into the main build's target folder, so that it reuses the crates `cargo build --release`
# built. Then, as a user would: `pip install crates/dyad-py` in a fresh virtual environment must
# give the package that codes examples/thailand-laos-talks.txt as `dyad code` does.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target=${CARGO_TARGET_DIR:-$root/target}
export CARGO_TARGET_DIR=$target
venv=${DYAD_VENV:-$target/venv}
python=${PYTHON:-python3}

apt_install() {
    if [ -z "${apt_updated:-}" ]; then apt-get update -q; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

if ! "$python" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    apt_install python3-venv
fi
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
missing=()
for package in maturin pytest pyarrow pandas duckdb pyspark; do
    "$venv/bin/python" -m pip show -q "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} into $venv"
    "$venv/bin/python" -m pip install -q "${missing[@]}"
fi
if ! java -version >/dev/null 2>&1; then
    echo "== installing a Java runtime (for Spark)"
    apt_install default-jre-headless
fi

cargo build --release --quiet
dyad=$target/release/dyad

echo "== the wheel (maturin build --release)"
started=$(date +%s)
(cd crates/dyad-py && "$venv/bin/maturin" build --release --quiet -o "$target/wheels")
wheel=$(ls -t "$target"/wheels/dyad_events-*.whl | head -1)
"$venv/bin/python" -m pip install -q --force-reinstall --no-deps "$wheel"
echo "built $(basename "$wheel") in $(( $(date +%s) - started ))s"

echo "== pip install crates/dyad-py in a fresh virtual environment"
fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
"$python" -m venv "$fresh/venv"
"$fresh/venv/bin/python" -m pip install -q crates/dyad-py
count=$(cd "$fresh" && "$fresh/venv/bin/python" -c "import dyad; print(len(dyad.Coder().code(open('$root/examples/thailand-laos-talks.txt').read())))")
want=$("$dyad" code --quiet examples/thailand-laos-talks.txt 2>/dev/null | wc -l)
if [ "$count" != "$want" ]; then
    echo "FAIL the fresh install codes $count events, dyad code $want"
    exit 1
fi
echo "ok   the fresh install codes $count events, as dyad code does"

echo "== pytest: the package, Parquet read back, Spark local mode"
DYAD_BIN=$dyad "$venv/bin/python" -m pytest -q -s -W ignore::FutureWarning crates/dyad-py/tests
