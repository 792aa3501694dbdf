#!/usr/bin/env bash
# How our programs are published for the images (and for the benchmarks that measure what the
# images run): the controller self-contained for linux-x64 with the framework trimmed
# (hc_publish_trimmed; TrimMode=partial: our code and its packages stay whole, so reflection in
# them keeps working), the checks as native programs (hc_publish_aot). Sourced, not run; needs
# lib-prereqs.sh (hc_log, hc_apt_install, HC_CACHE) sourced first.

# hc_publish_trimmed <project dir> <output dir> <scratch dir>: exits with the build's errors on failure.
hc_publish_trimmed() {
  local project="$1" out="$2" scratch="$3"
  mkdir -p "$scratch"
  # Parts of ASP.NET Core no image uses (MVC, Razor, Blazor, SignalR) are not marked trimmable, so a
  # partial trim would copy them whole; let the trimmer drop them (and what only they need).
  local shared_framework targets="$scratch/trim.targets" log="$scratch/publish-$(basename "$project").log"
  shared_framework="$(dirname "$(readlink -f "$(command -v dotnet)")")/shared/Microsoft.AspNetCore.App"
  {
    echo '<Project><ItemGroup>'
    ls "$shared_framework"/*/ | sed -n 's/^\(Microsoft\.AspNetCore\.\(Mvc\|Components\|Razor\|SignalR\).*\|Microsoft\.JSInterop\)\.dll$/  <TrimmableAssembly Include="\1" \/>/p' | sort -u
    echo '</ItemGroup></Project>'
  } >"$targets"
  # Trim analysis warnings concern framework features we do not use (MVC, Razor).
  if ! dotnet publish "$project" -c Release -r linux-x64 --self-contained \
      -p:PublishTrimmed=true -p:TrimMode=partial -p:SuppressTrimAnalysisWarnings=true -p:TreatWarningsAsErrors=false \
      -p:DebugType=none -p:GenerateDocumentationFile=false -p:CustomAfterMicrosoftCommonTargets="$targets" \
      -o "$out" -nologo -v quiet >"$log" 2>&1; then
    grep -E ' error ' "$log" | sort -u | head -n 20 >&2
    echo "dotnet publish $project failed (see above)" >&2
    exit 1
  fi
  # Debugger, tracing and alternative-GC libraries: diagnostics the images do not use.
  rm -f "$out"/libmscordaccore.so "$out"/libmscordbi.so "$out"/libclrgc.so "$out"/libclrgcexp.so \
    "$out"/libcoreclrtraceptprovider.so "$out"/createdump "$out"/*.pdb
}

# hc_publish_aot <project dir> <output dir> <scratch dir>: a check's NativeAOT build
# (src/Checks.Aot/<Name>), as its image ships it. The native compile takes 1.5 to 7 minutes per check
# on two cores, so the result is kept in $HC_CACHE/aot, keyed by a hash of its inputs: the sources
# and build files of what the check compiles (src/Checks.<Name>, Checks.Common, Checks.Aot, CheckSdk,
# Kube), the repository's build files (props, global.json, .editorconfig, whose analyzer settings
# can fail the build), this function's own text (the publish options) and the SDK's version. Any
# change to them builds afresh; HC_AOT_CACHE=0 skips the cache. Builds of the cache are serialized
# by a lock. Returns non-zero, with the build's errors, on failure (AOT and trim warnings are
# errors); it does not rely on `set -e`, which a caller testing its status turns off.
hc_publish_aot() {
  local project="$1" out="$2" scratch="$3" name root key cached log partial lock status=0
  name="$(basename "$project")"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  key="$( (cd "$root" && find "src/Checks.$name" src/Checks.Common src/Checks.Aot src/CheckSdk src/Kube \
      Directory.Build.props Directory.Packages.props global.json .editorconfig \( -name bin -o -name obj \) -prune -o -type f -print \
      | LC_ALL=C sort | xargs sha256sum; declare -f hc_publish_aot; dotnet --version) | sha256sum | cut -c1-24)"
  cached="$HC_CACHE/aot/$name-$key"
  mkdir -p "$HC_CACHE/aot" "$scratch" || return 1
  # One build at a time into the cache (two checkouts testing at once would evict each other's work).
  exec {lock}>"$HC_CACHE/aot/.lock" && flock "$lock" || return 1
  if [ "${HC_AOT_CACHE:-1}" = 1 ] && [ -f "$cached/.done" ]; then
    hc_log "NativeAOT build of $name from the cache ($cached)"
  else
    hc_log "NativeAOT build of $name (1.5 to 7 minutes)"
    # NativeAOT links with clang and needs zlib's headers (Debian 12: clang 14).
    hc_apt_install clang zlib1g-dev || status=1
    log="$scratch/publish-aot-$name.log"
    partial="$HC_CACHE/aot/.partial-$name-$$"
    rm -rf "$partial"
    if [ "$status" -eq 0 ] && ! dotnet publish "$project" -c Release -r linux-x64 -p:DebugType=none -p:StripSymbols=true \
        -o "$partial" -nologo -v quiet >"$log" 2>&1; then
      grep -E ' error ' "$log" | sort -u | head -n 20 >&2
      echo "dotnet publish (NativeAOT) $project failed (see above)" >&2
      status=1
    fi
    if [ "$status" -eq 0 ]; then
      rm -f "$partial"/*.pdb "$partial"/*.dbg "$partial"/*.xml
      touch "$partial/.done" && rm -rf "$cached" && mv "$partial" "$cached" || status=1
    fi
    rm -rf "$partial"
    # Older builds of this check are of no further use (in-progress ones are .partial-*, not matched).
    [ "$status" -eq 0 ] && { find "$HC_CACHE/aot" -maxdepth 1 -name "$name-*" ! -path "$cached" -exec rm -rf {} + 2>/dev/null || true; }
  fi
  exec {lock}>&-
  [ "$status" -eq 0 ] || return 1
  mkdir -p "$out" && cp -a "$cached"/. "$out"/ && rm -f "$out/.done" || return 1
}
