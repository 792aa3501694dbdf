namespace HealthChecks.Kube.Tests.Models;

/// <summary>Leases, CRDs, delete options and discovery documents as the API server returns them.</summary>
internal static class OtherSamples
{
    public const string Lease = """
        {
          "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
          "metadata": { "name": "healthchecks-controller", "namespace": "healthchecks", "resourceVersion": "3141" },
          "spec": { "holderIdentity": "healthchecks-7c9d-abcde", "leaseDurationSeconds": 15,
            "acquireTime": "2024-04-25T13:00:00.250000Z", "renewTime": "2024-04-25T13:20:01.123456Z", "leaseTransitions": 4,
            "strategy": "OldestEmulationVersion", "preferredHolder": "healthchecks-7c9d-fghij" }
        }
        """;

    public const string CustomResourceDefinition = """
        {
          "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
          "metadata": { "name": "healthchecks.healthchecks.example.com", "generation": 1 },
          "spec": {
            "group": "healthchecks.example.com",
            "names": { "plural": "healthchecks", "singular": "healthcheck", "shortNames": ["hc"], "kind": "HealthCheck",
              "listKind": "HealthCheckList", "categories": ["all"] },
            "scope": "Namespaced",
            "versions": [
              { "name": "v1", "served": true, "storage": true,
                "schema": { "openAPIV3Schema": { "type": "object", "properties": {
                  "spec": { "type": "object", "x-kubernetes-preserve-unknown-fields": true },
                  "status": { "type": "object", "properties": { "ok": { "type": "boolean" } } } } } },
                "subresources": { "status": {}, "scale": { "specReplicasPath": ".spec.replicas",
                  "statusReplicasPath": ".status.replicas", "labelSelectorPath": ".status.selector" } },
                "additionalPrinterColumns": [
                  { "name": "OK", "type": "boolean", "jsonPath": ".status.ok" },
                  { "name": "Age", "type": "date", "format": "date-time", "description": "since creation", "priority": 1,
                    "jsonPath": ".metadata.creationTimestamp" } ] },
              { "name": "v1beta1", "served": true, "storage": false, "deprecated": true,
                "deprecationWarning": "healthchecks.example.com/v1beta1 is deprecated; use v1",
                "schema": { "openAPIV3Schema": { "type": "object", "x-kubernetes-preserve-unknown-fields": true } } } ],
            "preserveUnknownFields": false },
          "status": {
            "conditions": [
              { "type": "NamesAccepted", "status": "True", "lastTransitionTime": "2024-04-25T13:00:00Z",
                "reason": "NoConflicts", "message": "no conflicts found" },
              { "type": "Established", "status": "True", "lastTransitionTime": "2024-04-25T13:00:00Z",
                "reason": "InitialNamesAccepted", "message": "the initial names have been accepted" } ],
            "acceptedNames": { "plural": "healthchecks", "singular": "healthcheck", "shortNames": ["hc"], "kind": "HealthCheck",
              "listKind": "HealthCheckList", "categories": ["all"] },
            "storedVersions": ["v1"] }
        }
        """;

    public const string DeleteOptions = """
        {
          "apiVersion": "v1", "kind": "DeleteOptions", "gracePeriodSeconds": 0, "propagationPolicy": "Foreground",
          "preconditions": { "uid": "5b2e0d8e-7c55-4a43-9d3c-2a4b6c7d8e9f", "resourceVersion": "4711" },
          "dryRun": ["All"]
        }
        """;

    public const string ApiResourceList = """
        {
          "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "v1",
          "resources": [
            { "name": "events", "singularName": "event", "namespaced": true, "kind": "Event",
              "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
              "shortNames": ["ev"], "storageVersionHash": "r2yiGXH7wu8=" },
            { "name": "pods", "singularName": "pod", "namespaced": true, "kind": "Pod",
              "verbs": ["create", "delete", "get", "list", "watch"], "shortNames": ["po"], "categories": ["all"],
              "storageVersionHash": "xPOwRZ+Yhw8=" },
            { "name": "pods/status", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get", "patch", "update"] },
            { "name": "deployments/scale", "singularName": "", "namespaced": true, "group": "autoscaling", "version": "v1",
              "kind": "Scale", "verbs": ["get", "patch", "update"] } ]
        }
        """;
}
