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
