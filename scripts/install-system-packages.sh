#!/usr/bin/env bash
# Debian packages the project uses: fonts for the text of PNG figures, the real Fashion-MNIST files (package
# dataset-fashion-mnist) that training and its tests read, Chromium, the browser the docs site is tested in, and
# redis-server and openssl, which the queue's tests start (descent worker / study --redis, TLS with a self-signed certificate). As root with apt-get; otherwise it says what to install
# (and fails only in CI).
set -euo pipefail
missing=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -f /usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/bin/openssl ] || missing+=(openssl)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
else
  # Without them descent still runs (training falls back to the embedded sample), but the tests that read the
  # real Fashion-MNIST files, the docs' browser tests and the queue's tests fail; CI must have them.
  echo "descent: please install the Debian packages ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
