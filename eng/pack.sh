#!/usr/bin/env bash
# Packs CallingBot's libraries (every packable project under src/) and the template pack into one folder (default
# artifacts/packages): the package source of bots made with `dotnet new callingbot --packages <folder>`
# (docs/getting-started.md).
#   eng/pack.sh [folder] [version]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-artifacts/packages}")"
props=()
[ -n "${2:-}" ] && props=("-p:PackageVersion=$2")
mkdir -p "$out"
for project in src/*/*.csproj; do
  dotnet pack "$project" -c Release -o "$out" --nologo -v quiet "${props[@]}"
done
dotnet pack templates/CallingBot.Templates -c Release -o "$out" --nologo -v quiet "${props[@]}"
echo "CallingBot packages are in $out:"
ls "$out"
