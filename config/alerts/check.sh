#!/usr/bin/env bash
# Checks the Prometheus rules (syntax) and runs their unit tests.
# Installs promtool from Debian's "prometheus" package when it is missing.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool not found; installing Debian's prometheus package" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 prometheus >/dev/null
fi

promtool check rules carecache-rules.yml
promtool test rules carecache-rules.test.yml
