namespace HealthChecks.LocalCluster.Images;

/// <summary>How a container of a matched image runs (the <c>run</c> field of an image rule).</summary>
internal enum ImageRunKind
{
    /// <summary>A fixed program (ours, e.g. a built checker); the container's args are appended.</summary>
    Program,
    /// <summary>The container's own command and args, run on the host.</summary>
    Command,
    /// <summary>Idle until stopped, like the pause image.</summary>
    Pause,
    /// <summary>HTTP 200 on every declared container port, like an nginx welcome page.</summary>
    HttpOk,
    /// <summary>A trivial checker, in-process: POSTs <c>{"OK":true,"Errors":[]}</c> to its KH_REPORTING_URL (loopback only), exits 0 on 200.</summary>
    ReportOk,
}
