#!/usr/bin/env bash
# Validate a PDF with veraPDF: verapdf.sh [--flavour ua1|2b] [--contexts N] FILE.pdf
# Exit code: 0 compliant, 1 not compliant, 2 error.
# Finds its jars in $VERAPDF_HOME, else next to this script (as laid out by install.sh).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
HOME_DIR="${VERAPDF_HOME:-$HERE/dist}"
if [[ ! -f "$HOME_DIR/lib/verapdf-bundle.jar" || ! -f "$HOME_DIR/classes/Validate.class" ]]; then
    echo "verapdf.sh: no installation in $HOME_DIR (run install.sh first, or set VERAPDF_HOME)" >&2
    exit 2
fi
exec java ${VERAPDF_JAVA_OPTS:--Xss8m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} \
    -cp "$HOME_DIR/lib/verapdf-bundle.jar:$HOME_DIR/lib/jaxb-runtime.jar:$HOME_DIR/classes" \
    Validate "$@"
