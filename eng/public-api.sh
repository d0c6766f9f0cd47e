#!/usr/bin/env bash
# Records the public API of the projects that track it (those with a PublicAPI.Shipped.txt, see docs/public-api.md).
#
#   eng/public-api.sh            build, then add every undeclared public symbol (RS0016) to the project's
#                                PublicAPI.Unshipped.txt and drop every declared symbol that is gone (RS0017)
#   eng/public-api.sh --ship     the same, then move all of PublicAPI.Unshipped.txt into PublicAPI.Shipped.txt
#
# The result is a diff of the PublicAPI*.txt files: review it like code. The build that follows passes again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ship=false
if [[ "${1:-}" == "--ship" ]]; then
  ship=true
fi

mapfile -t projects < <(find "$root/src" -name PublicAPI.Shipped.txt -printf '%h\n' | sort)
if [[ ${#projects[@]} -eq 0 ]]; then
  echo "No project under src/ has a PublicAPI.Shipped.txt." >&2
  exit 1
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT

for dir in "${projects[@]}"; do
  [[ -f "$dir/PublicAPI.Unshipped.txt" ]] || printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  csproj="$(find "$dir" -maxdepth 1 -name '*.csproj' | head -n 1)"
  # Warnings stay warnings here so every project's diagnostics are listed, not only the first failing one's.
  dotnet build "$csproj" --no-incremental -p:TreatWarningsAsErrors=false -clp:NoSummary -v:q >> "$log" 2>&1 || true
done

update() {
  # $1: project directory. Reads the build log; rewrites the two files.
  local dir="$1" csproj added removed
  csproj="$(find "$dir" -maxdepth 1 -name '*.csproj' | head -n 1)"
  added="$(grep -F "[$csproj]" "$log" | sed -nE "s/.*warning RS0016: Symbol '(.+)' is not part of the declared public API.*/\1/p" | LC_ALL=C sort -u || true)"
  removed="$(grep -F "[$csproj]" "$log" | sed -nE "s/.*warning RS0017: Symbol '(.+)' is part of the declared API, but is either not public or could not be found.*/\1/p" | LC_ALL=C sort -u || true)"
  for file in "$dir/PublicAPI.Shipped.txt" "$dir/PublicAPI.Unshipped.txt"; do
    local body
    body="$(grep -vx '#nullable enable' "$file" || true)"
    if [[ -n "$removed" ]]; then
      body="$(grep -vxF -f <(printf '%s\n' "$removed") <<< "$body" || true)"
    fi
    if [[ "$file" == *Unshipped.txt && -n "$added" ]]; then
      body="$(printf '%s\n%s\n' "$body" "$added")"
    fi
    { echo '#nullable enable'; grep -v '^$' <<< "$body" | LC_ALL=C sort -u || true; } > "$file"
  done
  if $ship; then
    { cat "$dir/PublicAPI.Shipped.txt"; grep -vx '#nullable enable' "$dir/PublicAPI.Unshipped.txt" || true; } \
      | grep -vx '#nullable enable' | grep -v '^$' | LC_ALL=C sort -u | { echo '#nullable enable'; cat; } > "$dir/PublicAPI.Shipped.txt.new"
    mv "$dir/PublicAPI.Shipped.txt.new" "$dir/PublicAPI.Shipped.txt"
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
  fi
  echo "${dir#"$root"/}: $(grep -c . <<< "$added" || true) added, $(grep -c . <<< "$removed" || true) removed"
}

for dir in "${projects[@]}"; do
  update "$dir"
done

if grep -qE "error (CS|RS)[0-9]+" "$log"; then
  echo "The build has other errors; fix them and run this again:" >&2
  grep -E "error (CS|RS)[0-9]+" "$log" | sort -u >&2
  exit 1
fi
