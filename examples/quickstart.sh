#!/bin/sh
# The main job on the embedded default, end to end on this machine, with nothing but Java:
#   1. tag:     compute the image tags of a build of the example app (examples/hello),
#   2. render:  substitute the dev environment's values and the promoted image into its templates,
#   3. promote: commit the rendered manifests into a throwaway GitOps repository (a bare repository
#               created on first use under target/quickstart), with traceable GitOps-* trailers.
# Run it again: the promotion reports "already up to date" and makes no commit.
# Usage: examples/quickstart.sh [ENV]   (dev or prod; default dev)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
gitops="$root/bin/gitops"
env=${1:-dev}
app=hello
work=${GITOPS_QUICKSTART_DIR:-$root/target/quickstart}
gitops_repo="$work/gitops.git"
rendered="$work/rendered/$env"
image_repository=registry.example.com/hello # only named: no registry is contacted
version=1.0.0
commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo 0000000000000000000000000000000000000000)

echo "== 1. tag a build of $app ($version at ${commit%"${commit#???????}"})"
"$gitops" image tags --image "$image_repository" --version "$version" --commit "$commit" \
  --branch main --template '{version}-{shortSha}' --template '{branch}'
image=$("$gitops" image tags --image "$image_repository" --version "$version" --commit "$commit" \
  --template '{version}-{shortSha}')

echo "== 2. render $app for $env with $image"
rm -rf "$rendered"
"$gitops" render --engine plain --source "$root/examples/hello/deploy" --env "$env" \
  --image "$image" --out "$rendered"

echo "== 3. promote into $gitops_repo (branch main, apps/$app/$env)"
"$gitops" promote --repo "$gitops_repo" --branch main --app "$app" --env "$env" --from "$rendered" \
  --image "$image" --source-repo "file://$root" --source-commit "$commit" \
  --message "Promote $app $version to $env"

if command -v git >/dev/null 2>&1; then
  echo "== the GitOps repository's latest commit"
  git --git-dir "$gitops_repo" log -1 --stat --format='%h %s%n%n%b' main
fi
