#!/bin/sh
# Install the Debian data unspun reads (WordNet 3.0 and the LibreOffice English thesaurus)
# when it is absent and we can: root and apt-get. Otherwise say what is missing and go on;
# unspun then works without synonyms and says so.
set -u
need=""
[ -f /usr/share/wordnet/data.noun ] || need="$need wordnet-base"
[ -f /usr/share/mythes/th_en_US_v2.dat ] || need="$need mythes-en-us"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian data:$need"
    apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $need >/dev/null \
        || echo "warning: could not install$need; synonym matching will be weaker" >&2
else
    echo "warning: missing Debian packages:$need (run: sudo apt-get install$need)" >&2
fi
exit 0
