namespace HealthChecks.Kube.Tests.Models;

/// <summary>apps/v1 objects as the API server returns them.</summary>
internal static class AppsSamples
{
    public const string Deployment = """
        {
          "apiVersion": "apps/v1", "kind": "Deployment",
          "metadata": { "name": "deployment-check", "namespace": "healthchecks", "generation": 4,
            "annotations": { "deployment.kubernetes.io/revision": "2" } },
          "spec": {
            "replicas": 3,
            "selector": { "matchLabels": { "app": "deployment-check" },
              "matchExpressions": [ { "key": "tier", "operator": "In", "values": ["web", "api"] },
                                    { "key": "canary", "operator": "DoesNotExist" } ] },
            "template": {
              "metadata": { "creationTimestamp": null, "labels": { "app": "deployment-check", "tier": "web" } },
              "spec": { "containers": [ { "name": "nginx", "image": "nginx:1.25",
                "ports": [ { "containerPort": 80, "protocol": "TCP" } ],
                "readinessProbe": { "httpGet": { "path": "/", "port": 80, "scheme": "HTTP" } } } ],
                "restartPolicy": "Always", "terminationGracePeriodSeconds": 1 } },
            "strategy": { "type": "RollingUpdate", "rollingUpdate": { "maxUnavailable": "25%", "maxSurge": 1 } },
            "minReadySeconds": 0, "revisionHistoryLimit": 10, "paused": false, "progressDeadlineSeconds": 600 },
          "status": {
            "observedGeneration": 4, "replicas": 3, "updatedReplicas": 3, "readyReplicas": 2, "availableReplicas": 2,
            "unavailableReplicas": 1, "terminatingReplicas": 0, "collisionCount": 1,
            "conditions": [
              { "type": "Available", "status": "False", "lastUpdateTime": "2024-04-25T13:20:00Z",
                "lastTransitionTime": "2024-04-25T13:20:00Z", "reason": "MinimumReplicasUnavailable",
                "message": "Deployment does not have minimum availability." },
              { "type": "Progressing", "status": "True", "lastUpdateTime": "2024-04-25T13:20:10Z",
                "lastTransitionTime": "2024-04-25T13:19:00Z", "reason": "ReplicaSetUpdated",
                "message": "ReplicaSet \"deployment-check-5d8f7\" is progressing." } ] }
        }
        """;

    public const string DaemonSet = """
        {
          "apiVersion": "apps/v1", "kind": "DaemonSet",
          "metadata": { "name": "daemonset-check", "namespace": "healthchecks", "generation": 2 },
          "spec": {
            "selector": { "matchLabels": { "app": "daemonset-check" } },
            "template": {
              "metadata": { "labels": { "app": "daemonset-check" } },
              "spec": { "containers": [ { "name": "pause", "image": "registry.k8s.io/pause:3.9" } ],
                "tolerations": [ { "operator": "Exists" } ], "terminationGracePeriodSeconds": 1 } },
            "updateStrategy": { "type": "RollingUpdate", "rollingUpdate": { "maxUnavailable": 1, "maxSurge": 0 } },
            "minReadySeconds": 0, "revisionHistoryLimit": 10 },
          "status": {
            "observedGeneration": 2, "currentNumberScheduled": 3, "numberMisscheduled": 0, "desiredNumberScheduled": 3,
            "numberReady": 2, "updatedNumberScheduled": 3, "numberAvailable": 2, "numberUnavailable": 1, "collisionCount": 0,
            "conditions": [ { "type": "Unknown", "status": "Unknown", "lastTransitionTime": "2024-04-25T13:20:00Z",
              "reason": "Sample", "message": "daemon sets rarely report conditions" } ] }
        }
        """;

    public const string ReplicaSet = """
        {
          "apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": { "name": "deployment-check-5d8f7", "namespace": "healthchecks", "generation": 1,
            "ownerReferences": [ { "apiVersion": "apps/v1", "kind": "Deployment", "name": "deployment-check",
              "uid": "9a8b7c6d-0000-4000-8000-000000000002", "controller": true, "blockOwnerDeletion": true } ] },
          "spec": { "replicas": 3, "minReadySeconds": 0,
            "selector": { "matchLabels": { "app": "deployment-check", "pod-template-hash": "5d8f7" } },
            "template": { "metadata": { "labels": { "app": "deployment-check", "pod-template-hash": "5d8f7" } },
              "spec": { "containers": [ { "name": "nginx", "image": "nginx:1.25" } ] } } },
          "status": { "observedGeneration": 1, "replicas": 3, "fullyLabeledReplicas": 3, "readyReplicas": 2,
            "availableReplicas": 2, "terminatingReplicas": 0,
            "conditions": [ { "type": "ReplicaFailure", "status": "True", "lastTransitionTime": "2024-04-25T13:20:00Z",
              "reason": "FailedCreate", "message": "pods \"deployment-check-5d8f7-x\" is forbidden: exceeded quota" } ] }
        }
        """;
}
