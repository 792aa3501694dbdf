using HealthChecks.Controller.Hosting;

// healthchecks-controller [--config FILE] [--single]
// Runs khchecks and khjobs (comcast.github.io/v1), takes checker reports, serves status.
return await ControllerApp.RunAsync(args);
