using HealthChecks.Kube.Models;

namespace HealthChecks.Kube.Tests.Models;

public class V1PodTests
{
    // A checker pod as `GET /api/v1/namespaces/healthchecks/pods/...` returns it (v1.30), with
    // fields the models do not type: managedFields, projected volumes, serviceAccount, qosClass,
    // containerStatuses[].volumeMounts, and an explicit "lastProbeTime": null.
    private const string ApiServerPod = """
        {
          "kind": "Pod",
          "apiVersion": "v1",
          "metadata": {
            "name": "deployment-check-1714051200-x7k2p",
            "generateName": "deployment-check-1714051200-",
            "namespace": "healthchecks",
            "uid": "6f1c1c2e-8d7b-4d3e-9b55-1f0e6f3b7a10",
            "resourceVersion": "48213",
            "creationTimestamp": "2024-04-25T13:20:00Z",
            "labels": { "healthchecks.example.com/check": "deployment", "healthchecks.example.com/run": "2b9c3f0e" },
            "ownerReferences": [ { "apiVersion": "healthchecks.example.com/v1", "kind": "HealthCheck", "name": "deployment",
              "uid": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5", "controller": true, "blockOwnerDeletion": true } ],
            "managedFields": [ { "manager": "healthchecks-controller", "operation": "Update", "apiVersion": "v1",
              "time": "2024-04-25T13:20:00Z", "fieldsType": "FieldsV1",
              "fieldsV1": { "f:metadata": { "f:labels": { ".": {}, "f:healthchecks.example.com/check": {} } } } } ]
          },
          "spec": {
            "volumes": [ { "name": "kube-api-access-x7k2p", "projected": { "sources": [
              { "serviceAccountToken": { "expirationSeconds": 3607, "path": "token" } },
              { "configMap": { "name": "kube-root-ca.crt", "items": [ { "key": "ca.crt", "path": "ca.crt" } ] } },
              { "downwardAPI": { "items": [ { "path": "namespace", "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.namespace" } } ] } } ],
              "defaultMode": 420 } } ],
            "containers": [ {
              "name": "check",
              "image": "registry.local/healthchecks/deployment-check:1.0.0",
              "env": [
                { "name": "HC_REPORT_URL", "value": "http://healthchecks.healthchecks.svc:80/check" },
                { "name": "HC_RUN_ID", "value": "2b9c3f0e" },
                { "name": "HC_POD_NAME", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.name" } } } ],
              "resources": { "limits": { "memory": "64Mi" }, "requests": { "cpu": "10m", "memory": "32Mi" } },
              "volumeMounts": [ { "name": "kube-api-access-x7k2p", "readOnly": true,
                "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount" } ],
              "terminationMessagePath": "/dev/termination-log",
              "terminationMessagePolicy": "File",
              "imagePullPolicy": "IfNotPresent"
            } ],
            "restartPolicy": "Never",
            "terminationGracePeriodSeconds": 30,
            "dnsPolicy": "ClusterFirst",
            "serviceAccountName": "deployment-check",
            "serviceAccount": "deployment-check",
            "nodeName": "node-1",
            "securityContext": {},
            "schedulerName": "default-scheduler",
            "tolerations": [
              { "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 },
              { "key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 } ],
            "priority": 0,
            "enableServiceLinks": true,
            "preemptionPolicy": "PreemptLowerPriority"
          },
          "status": {
            "phase": "Running",
            "conditions": [
              { "type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2024-04-25T13:20:00Z" },
              { "type": "Ready", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2024-04-25T13:20:02Z" } ],
            "hostIP": "10.0.0.11",
            "hostIPs": [ { "ip": "10.0.0.11" } ],
            "podIP": "10.244.1.17",
            "podIPs": [ { "ip": "10.244.1.17" } ],
            "startTime": "2024-04-25T13:20:00Z",
            "containerStatuses": [ {
              "name": "check",
              "state": { "running": { "startedAt": "2024-04-25T13:20:01Z" } },
              "lastState": {},
              "ready": true,
              "restartCount": 0,
              "image": "registry.local/healthchecks/deployment-check:1.0.0",
              "imageID": "registry.local/healthchecks/deployment-check@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
              "containerID": "containerd://4b5c6d7e8f90",
              "started": true,
              "volumeMounts": [ { "name": "kube-api-access-x7k2p", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                "readOnly": true, "recursiveReadOnly": "Disabled" } ]
            } ],
            "qosClass": "Burstable"
          }
        }
        """;

    [Fact]
    public void Deserialize_ApiServerPod_ReadsTypedFields()
    {
        var pod = ModelJson.Read<V1Pod>(ApiServerPod);

        Assert.Equal("healthchecks", pod.Metadata.NamespaceProperty);
        Assert.Equal("HealthCheck", Assert.Single(pod.Metadata.OwnerReferences!).Kind);
        var container = Assert.Single(pod.Spec!.Containers!);
        Assert.Equal("metadata.name", container.Env![2].ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("32Mi", container.Resources?.Requests?["memory"]);
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal(30, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("Exists", pod.Spec.Tolerations![0].OperatorProperty);
        Assert.Equal("10.244.1.17", pod.Status!.PodIP);
        Assert.Equal("10.0.0.11", Assert.Single(pod.Status.HostIPs!).Ip);
        Assert.Null(pod.Status.Conditions![0].LastProbeTime);
        var status = Assert.Single(pod.Status.ContainerStatuses!);
        Assert.True(status.Ready);
        Assert.Equal(new DateTimeOffset(2024, 4, 25, 13, 20, 1, TimeSpan.Zero), status.State?.Running?.StartedAt);
        Assert.StartsWith("containerd://", status.ContainerID, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_ApiServerPod_KeepsUnmodelledFieldsWhereTheyWere()
    {
        var pod = ModelJson.Read<V1Pod>(ApiServerPod);

        string[] expected =
        [
            "$.Metadata.managedFields",
            "$.Spec.Volumes[0].projected",
            "$.Spec.serviceAccount",
            "$.Status.ContainerStatuses[0].volumeMounts",
            "$.Status.qosClass",
        ];
        Assert.Equal(expected, ModelJson.UnmodelledFields(pod).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Serialize_ApiServerPod_RoundTripsEveryField()
    {
        var written = ModelJson.Write(ModelJson.Read<V1Pod>(ApiServerPod));

        ModelJson.AssertJsonEqual(ModelJson.WithoutNulls(ApiServerPod), written);
    }

    [Fact]
    public void Serialize_EditedApiServerPod_ChangesOnlyTheEditedFields()
    {
        var pod = ModelJson.Read<V1Pod>(ApiServerPod);

        pod.Metadata.Labels!["healthchecks.example.com/done"] = "true";
        pod.Status!.Phase = "Succeeded";

        var expected = ModelJson.WithoutNulls(ApiServerPod);
        expected["metadata"]!["labels"]!["healthchecks.example.com/done"] = "true";
        expected["status"]!["phase"] = "Succeeded";
        ModelJson.AssertJsonEqual(expected, ModelJson.Write(pod));
    }

    [Fact]
    public void Serialize_NamespaceProperty_WritesNamespace()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "a", NamespaceProperty = "ns" } };

        var written = ModelJson.Write(pod);

        Assert.Contains("\"namespace\":\"ns\"", written, StringComparison.Ordinal);
        Assert.DoesNotContain("namespaceProperty", written, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Serialize_PodBuiltInCode_OmitsUnsetFields()
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = "check", NamespaceProperty = "healthchecks" },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers = [new V1Container { Name = "check", Image = "check:1", Env = [new V1EnvVar { Name = "A", Value = "1" }] }],
            },
        };

        var written = ModelJson.Write(pod);

        Assert.DoesNotContain("null", written, StringComparison.Ordinal);
        ModelJson.AssertJsonEqual(
            ModelJson.Parse("""
                { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "check", "namespace": "healthchecks" },
                  "spec": { "restartPolicy": "Never", "containers": [ { "name": "check", "image": "check:1", "env": [ { "name": "A", "value": "1" } ] } ] } }
                """),
            written);
    }

    [Fact]
    public void Serialize_TimeWithFractionAndOffset_WritesWholeSecondUtc()
    {
        var pod = new V1Pod
        {
            Status = new V1PodStatus { StartTime = new DateTimeOffset(2024, 4, 25, 15, 20, 0, 987, TimeSpan.FromHours(2)) },
        };

        var written = ModelJson.Write(pod);

        Assert.Contains("\"startTime\":\"2024-04-25T13:20:00Z\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_TimeWithFractionAndOffset_KeepsTheInstant()
    {
        var pod = ModelJson.Read<V1Pod>("""{ "status": { "startTime": "2024-04-25T15:20:00.5+02:00" } }""");

        Assert.Equal(new DateTimeOffset(2024, 4, 25, 13, 20, 0, 500, TimeSpan.Zero), pod.Status?.StartTime);
    }

    [Fact]
    public void Serialize_AcronymFields_UseTheApiSpelling()
    {
        var pod = new V1Pod
        {
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Ports = [new V1ContainerPort { HostIP = "0.0.0.0" }] }],
                SecurityContext = new V1PodSecurityContext { FsGroup = 1 },
                DnsPolicy = "None",
            },
            Status = new V1PodStatus
            {
                HostIP = "10.0.0.1",
                HostIPs = [new V1HostIP { Ip = "10.0.0.1" }],
                PodIP = "10.244.0.2",
                PodIPs = [new V1PodIP { Ip = "10.244.0.2" }],
                ContainerStatuses = [new V1ContainerStatus { ImageID = "sha", ContainerID = "c" }],
            },
        };

        var written = ModelJson.Write(pod);

        foreach (var name in new[] { "hostIP", "fsGroup", "dnsPolicy", "hostIPs", "ip", "podIP", "podIPs", "imageID", "containerID" })
        {
            Assert.Contains($"\"{name}\":", written, StringComparison.Ordinal);
        }
    }
}
