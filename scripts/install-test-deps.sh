#!/usr/bin/env bash
# Installs the system packages the tests start themselves, on a Debian machine as root:
# rsync (gitlab-ci-local copies the work tree with it), prometheus and prometheus-alertmanager
# (the bake-and-watch tests run them on loopback). moto (the CloudWatch stand-in) comes with
# the machine image; this checks it is there. Safe to run again: installs only what is missing.
set -euo pipefail
missing=()
command -v rsync >/dev/null || missing+=(rsync)
command -v prometheus >/dev/null || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing ${missing[*]} and this is not root: install them with apt-get" >&2
    exit 1
  fi
  apt-get update -qq
  # The packages' services are not started (no init system here); the tests run the binaries.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
python3 -c 'import moto.server' || {
  echo "moto is missing: the machine image should have it (python3 -m moto.server)" >&2
  exit 1
}
echo "test dependencies: rsync, prometheus, prometheus-alertmanager and moto are there"
