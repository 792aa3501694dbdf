using HealthChecks.Kube.Manifests;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class PodContractTests
{
    // A checker pod as `GET /api/v1/namespaces/healthchecks/pods/...` returns it (v1.30), with
    // managedFields, projected volumes, serviceAccount, qosClass, containerStatuses[].volumeMounts,
    // and an explicit "lastProbeTime": null.
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
        Assert.Equal("HealthCheck", Assert.Single(pod.Metadata.OwnerReferences).Kind);
        Assert.True(pod.Metadata.OwnerReferences[0].Controller);
        var container = Assert.Single(pod.Spec.Containers);
        Assert.Equal("metadata.name", container.Env[2].ValueFrom?.FieldRef?.FieldPath);
        Assert.Equal("32Mi", container.Resources?.Requests?["memory"].ToString());
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal(30, pod.Spec.TerminationGracePeriodSeconds);
        Assert.Equal("Exists", pod.Spec.Tolerations[0].OperatorProperty);
        Assert.Equal("10.244.1.17", pod.Status.PodIP);
        Assert.Equal("10.0.0.11", Assert.Single(pod.Status.HostIPs).Ip);
        Assert.Null(pod.Status.Conditions[0].LastProbeTime);
        Assert.Null(pod.Metadata.DeletionTimestamp);
        Assert.Equal(new DateTime(2024, 4, 25, 13, 20, 0, DateTimeKind.Utc), pod.Metadata.CreationTimestamp);
        var status = Assert.Single(pod.Status.ContainerStatuses);
        Assert.True(status.Ready);
        Assert.Equal(new DateTime(2024, 4, 25, 13, 20, 1, DateTimeKind.Utc), status.State?.Running?.StartedAt);
        Assert.Equal(DateTimeKind.Utc, status.State?.Running?.StartedAt?.Kind);
        Assert.StartsWith("containerd://", status.ContainerID, StringComparison.Ordinal);
    }

    // The fields the old models kept only as ExtensionData are typed in the official ones.
    [Fact]
    public void Deserialize_ApiServerPod_TypesWhatOurOldModelsDidNot()
    {
        var pod = ModelJson.Read<V1Pod>(ApiServerPod);

        Assert.Equal("healthchecks-controller", Assert.Single(pod.Metadata.ManagedFields).Manager);
        Assert.Equal(3607, pod.Spec.Volumes[0].Projected.Sources[0].ServiceAccountToken.ExpirationSeconds);
        Assert.Equal("deployment-check", pod.Spec.ServiceAccount);
        Assert.Equal("Burstable", pod.Status.QosClass);
        Assert.Equal("Disabled", pod.Status.ContainerStatuses[0].VolumeMounts[0].RecursiveReadOnly);
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

        pod.Metadata.Labels["healthchecks.example.com/done"] = "true";
        pod.Status.Phase = "Succeeded";

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
                AutomountServiceAccountToken = false,
            },
        };

        var written = ModelJson.Write(pod);

        Assert.DoesNotContain("null", written, StringComparison.Ordinal);
        ModelJson.AssertJsonEqual(
            ModelJson.Parse("""
                { "apiVersion": "v1", "kind": "Pod", "metadata": { "name": "check", "namespace": "healthchecks" },
                  "spec": { "restartPolicy": "Never", "automountServiceAccountToken": false,
                    "containers": [ { "name": "check", "image": "check:1", "env": [ { "name": "A", "value": "1" } ] } ] } }
                """),
            written);
    }

    // Our old serializer cut Time fields to whole seconds; the client writes RFC 3339 in UTC with
    // six fractional digits when there is a fraction (the API server parses either).
    [Theory]
    [InlineData(0, "2024-04-25T13:20:00Z")]
    [InlineData(987, "2024-04-25T13:20:00.987000Z")]
    public void Serialize_Time_IsRfc3339InUtc(int milliseconds, string expected)
    {
        var local = new DateTimeOffset(2024, 4, 25, 15, 20, 0, milliseconds, TimeSpan.FromHours(2));
        var pod = new V1Pod { Status = new V1PodStatus { StartTime = local.UtcDateTime } };

        var written = ModelJson.Write(pod);

        Assert.Equal(expected, (string?)ModelJson.Parse(written)["status"]!["startTime"]);
    }

    [Fact]
    public void Deserialize_TimeWithFractionAndOffset_KeepsTheInstantInUtc()
    {
        var pod = ModelJson.Read<V1Pod>("""{ "status": { "startTime": "2024-04-25T15:20:00.5+02:00" } }""");

        Assert.Equal(new DateTime(2024, 4, 25, 13, 20, 0, 500, DateTimeKind.Utc), pod.Status?.StartTime);
        Assert.Equal(DateTimeKind.Utc, pod.Status?.StartTime?.Kind);
    }

    // A khcheck's podSpec is YAML where `cpu: 1` is a number; it must decode into the typed pod spec.
    [Fact]
    public void Deserialize_KhcheckPodSpecWithNumericQuantities_Decodes()
    {
        const string yaml = """
            containers:
            - name: check
              image: kuberhealthy/deployment-check:v1.9.0
              resources:
                requests: {cpu: 0.25, memory: 64Mi}
                limits: {cpu: 1, memory: 1e3}
              ports:
              - containerPort: 8080
              readinessProbe:
                httpGet: {path: /healthz, port: 8080}
            restartPolicy: Never
            """;
        var json = Assert.Single(YamlToJson.ParseDocuments(yaml)).ToJsonString();

        var spec = ModelJson.Read<V1PodSpec>(json);

        var resources = Assert.Single(spec.Containers).Resources;
        Assert.Equal(("1", "1k", "250m", "64Mi"), (resources.Limits["cpu"].ToString(), resources.Limits["memory"].ToString(), resources.Requests["cpu"].ToString(), resources.Requests["memory"].ToString()));
        Assert.Equal(8080, spec.Containers[0].ReadinessProbe.HttpGet.Port.ToInt());
        Assert.Equal(8080, spec.Containers[0].Ports[0].ContainerPort);
    }

    // What the controller reads to tell a stuck or finished checker pod.
    [Fact]
    public void Deserialize_ContainerStatuses_WaitingReasonAndTerminatedExitCode()
    {
        var pod = ModelJson.Read<V1Pod>(CoreSamples.Pod);

        var app = pod.Status.ContainerStatuses.Single(c => c.Name == "app");
        var grpc = pod.Status.ContainerStatuses.Single(c => c.Name == "grpc");
        Assert.Equal((137, 9, "OOMKilled"), (app.LastState.Terminated.ExitCode, app.LastState.Terminated.Signal, app.LastState.Terminated.Reason));
        Assert.Equal(2, app.RestartCount);
        Assert.Equal("ImagePullBackOff", grpc.State.Waiting.Reason);
        Assert.Null(grpc.State.Terminated);
        Assert.Equal(0, pod.Status.InitContainerStatuses[0].State.Terminated.ExitCode);
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
