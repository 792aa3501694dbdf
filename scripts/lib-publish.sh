#!/usr/bin/env bash
# The one way a program of ours is published for an image (and for the benchmarks that measure
# what the images run): self-contained for linux-x64, the framework trimmed (TrimMode=partial: our
# code and its packages stay whole, so reflection in them keeps working). Sourced, not run; needs
# lib-prereqs.sh (hc_log) sourced first.

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
# on two cores, so the result is kept in $HC_CACHE/aot, keyed by every input: the sources and build
# files of what the check compiles (src/Checks.<Name>, Checks.Common, Checks.Aot, CheckSdk, Kube), the
# repository's build files and the SDK's version. Any change to them builds afresh; HC_AOT_CACHE=0
# skips the cache. Exits with the build's errors on failure (AOT and trim warnings are errors).
hc_publish_aot() {
  local project="$1" out="$2" scratch="$3" name root key cached log
  name="$(basename "$project")"
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  # NativeAOT links with clang and needs zlib's headers (Debian 12: clang 14).
  hc_apt_install clang zlib1g-dev
  key="$( (cd "$root" && find "src/Checks.$name" src/Checks.Common src/Checks.Aot src/CheckSdk src/Kube \
      Directory.Build.props Directory.Packages.props global.json \( -name bin -o -name obj \) -prune -o -type f -print \
      | LC_ALL=C sort | xargs sha256sum; dotnet --version) | sha256sum | cut -c1-24)"
  cached="$HC_CACHE/aot/$name-$key"
  if [ "${HC_AOT_CACHE:-1}" = 1 ] && [ -f "$cached/.done" ]; then
    hc_log "NativeAOT build of $name from the cache ($cached)"
  else
    hc_log "NativeAOT build of $name (1.5 to 7 minutes)"
    mkdir -p "$scratch"
    log="$scratch/publish-aot-$name.log"
    rm -rf "$cached" "$cached.partial"
    if ! dotnet publish "$project" -c Release -r linux-x64 -p:DebugType=none -p:StripSymbols=true \
        -o "$cached.partial" -nologo -v quiet >"$log" 2>&1; then
      grep -E ' error ' "$log" | sort -u | head -n 20 >&2
      echo "dotnet publish (NativeAOT) $project failed (see above)" >&2
      exit 1
    fi
    rm -f "$cached.partial"/*.pdb "$cached.partial"/*.dbg "$cached.partial"/*.xml
    touch "$cached.partial/.done"
    mv "$cached.partial" "$cached"
    # Older builds of this check are of no further use.
    find "$HC_CACHE/aot" -maxdepth 1 -name "$name-*" ! -path "$cached" -exec rm -rf {} + 2>/dev/null || true
  fi
  mkdir -p "$out"
  cp -a "$cached"/. "$out"/
  rm -f "$out/.done"
}
