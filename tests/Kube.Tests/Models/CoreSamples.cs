namespace HealthChecks.Kube.Tests.Models;

/// <summary>core/v1 objects as the API server returns them.</summary>
internal static class CoreSamples
{
    public const string Namespace = """
        {
          "apiVersion": "v1", "kind": "Namespace",
          "metadata": { "name": "healthchecks", "uid": "0f5a7a4e-1f43-4c1e-8f0e-1b2f1f6d9a01", "resourceVersion": "12",
            "creationTimestamp": "2024-04-25T13:00:00Z", "deletionTimestamp": "2024-04-25T13:30:00Z",
            "labels": { "kubernetes.io/metadata.name": "healthchecks" } },
          "spec": { "finalizers": ["kubernetes"] },
          "status": { "phase": "Terminating", "conditions": [
            { "type": "NamespaceDeletionContentFailure", "status": "False", "lastTransitionTime": "2024-04-25T13:30:05Z",
              "reason": "ContentDeleted", "message": "All content successfully deleted, may be waiting on finalization" } ] }
        }
        """;

    public const string Pod = """
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "sim-pod-0", "namespace": "default", "uid": "5b2e0d8e-7c55-4a43-9d3c-2a4b6c7d8e9f",
            "resourceVersion": "4711", "generation": 1, "creationTimestamp": "2024-04-25T13:20:00Z",
            "labels": { "app": "sim" }, "annotations": { "note": "fully modelled" },
            "ownerReferences": [ { "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "sim-5d8f7", "uid": "9a8b7c6d-0000-4000-8000-000000000001",
              "controller": true, "blockOwnerDeletion": true } ],
            "finalizers": ["example.com/keep"] },
          "spec": {
            "initContainers": [ { "name": "init", "image": "busybox:1.36", "command": ["sh", "-c"], "args": ["true"] } ],
            "containers": [ {
              "name": "app", "image": "registry.local/sim:1.0", "command": ["/app/sim"], "args": ["--listen", ":8080"],
              "workingDir": "/app",
              "ports": [ { "name": "http", "containerPort": 8080, "protocol": "TCP" },
                         { "name": "metrics", "containerPort": 9090, "protocol": "TCP", "hostPort": 19090, "hostIP": "0.0.0.0" } ],
              "envFrom": [ { "prefix": "CFG_", "configMapRef": { "name": "sim-config", "optional": true } },
                           { "secretRef": { "name": "sim-secret", "optional": false } } ],
              "env": [
                { "name": "MODE", "value": "fast" },
                { "name": "POD_NAME", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.name" } } },
                { "name": "POD_IP", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "status.podIP" } } },
                { "name": "MEM_LIMIT", "valueFrom": { "resourceFieldRef": { "containerName": "app", "resource": "limits.memory", "divisor": "1Mi" } } },
                { "name": "LEVEL", "valueFrom": { "configMapKeyRef": { "name": "sim-config", "key": "level", "optional": true } } },
                { "name": "TOKEN", "valueFrom": { "secretKeyRef": { "name": "sim-secret", "key": "token" } } } ],
              "resources": { "limits": { "cpu": "500m", "memory": "128Mi" }, "requests": { "cpu": "100m", "memory": "64Mi" } },
              "volumeMounts": [ { "name": "scratch", "mountPath": "/tmp" },
                                { "name": "config", "mountPath": "/etc/sim", "readOnly": true, "subPath": "sim.yaml" },
                                { "name": "secret", "mountPath": "/var/sim", "subPathExpr": "$(POD_NAME)", "mountPropagation": "None" } ],
              "livenessProbe": { "httpGet": { "path": "/healthz", "port": "http", "scheme": "HTTP",
                  "httpHeaders": [ { "name": "X-Probe", "value": "liveness" } ] },
                "initialDelaySeconds": 5, "timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3,
                "terminationGracePeriodSeconds": 15 },
              "readinessProbe": { "tcpSocket": { "port": 8080 }, "periodSeconds": 5 },
              "startupProbe": { "exec": { "command": ["cat", "/tmp/started"] }, "failureThreshold": 30 },
              "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "FallbackToLogsOnError",
              "imagePullPolicy": "IfNotPresent",
              "securityContext": { "runAsUser": 65532, "runAsGroup": 65532, "runAsNonRoot": true, "readOnlyRootFilesystem": true,
                "allowPrivilegeEscalation": false, "privileged": false, "capabilities": { "add": ["NET_BIND_SERVICE"], "drop": ["ALL"] },
                "seccompProfile": { "type": "RuntimeDefault" } } },
              { "name": "grpc", "image": "registry.local/grpc:1.0", "livenessProbe": { "grpc": { "port": 9000, "service": "health" } } } ],
            "volumes": [ { "name": "scratch", "emptyDir": { "medium": "Memory", "sizeLimit": "16Mi" } },
                         { "name": "config", "configMap": { "name": "sim-config", "items": [ { "key": "sim.yaml", "path": "sim.yaml", "mode": 292 } ],
                           "defaultMode": 420, "optional": false } },
                         { "name": "secret", "secret": { "secretName": "sim-secret", "defaultMode": 256, "optional": true } } ],
            "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "activeDeadlineSeconds": 600, "dnsPolicy": "ClusterFirst",
            "nodeSelector": { "kubernetes.io/os": "linux" }, "serviceAccountName": "sim", "automountServiceAccountToken": false,
            "nodeName": "node-1", "hostNetwork": false,
            "securityContext": { "runAsUser": 1000, "runAsGroup": 1000, "runAsNonRoot": true, "fsGroup": 2000,
              "supplementalGroups": [3000, 4000], "fsGroupChangePolicy": "OnRootMismatch",
              "seccompProfile": { "type": "Localhost", "localhostProfile": "profiles/sim.json" } },
            "imagePullSecrets": [ { "name": "registry-creds" } ], "hostname": "sim-0", "subdomain": "sim",
            "schedulerName": "default-scheduler",
            "tolerations": [ { "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 },
                             { "key": "dedicated", "operator": "Equal", "value": "checks", "effect": "NoSchedule" } ],
            "priorityClassName": "system-node-critical", "priority": 2000001000, "preemptionPolicy": "PreemptLowerPriority",
            "runtimeClassName": "runc", "enableServiceLinks": false },
          "status": {
            "phase": "Running",
            "conditions": [ { "type": "Ready", "status": "False", "observedGeneration": 1, "lastProbeTime": "2024-04-25T13:21:00Z",
              "lastTransitionTime": "2024-04-25T13:20:30Z", "reason": "ContainersNotReady", "message": "containers with unready status: [app]" } ],
            "message": "still starting", "reason": "Starting", "nominatedNodeName": "node-2",
            "hostIP": "10.0.0.11", "hostIPs": [ { "ip": "10.0.0.11" }, { "ip": "fd00::11" } ],
            "podIP": "10.244.1.17", "podIPs": [ { "ip": "10.244.1.17" }, { "ip": "fd00:10:244::17" } ],
            "startTime": "2024-04-25T13:20:01Z",
            "initContainerStatuses": [ { "name": "init", "ready": true, "restartCount": 0, "image": "docker.io/library/busybox:1.36",
              "imageID": "docker.io/library/busybox@sha256:0123", "containerID": "containerd://aaa", "started": false,
              "state": { "terminated": { "exitCode": 0, "reason": "Completed", "startedAt": "2024-04-25T13:20:02Z",
                "finishedAt": "2024-04-25T13:20:03Z", "containerID": "containerd://aaa" } } } ],
            "containerStatuses": [
              { "name": "app", "ready": false, "restartCount": 2, "image": "registry.local/sim:1.0", "imageID": "registry.local/sim@sha256:4567",
                "containerID": "containerd://bbb", "started": true,
                "state": { "running": { "startedAt": "2024-04-25T13:20:40Z" } },
                "lastState": { "terminated": { "exitCode": 137, "signal": 9, "reason": "OOMKilled", "message": "killed",
                  "startedAt": "2024-04-25T13:20:04Z", "finishedAt": "2024-04-25T13:20:39Z", "containerID": "containerd://bbb0" } } },
              { "name": "grpc", "ready": false, "restartCount": 0, "image": "registry.local/grpc:1.0", "imageID": "", "started": false,
                "state": { "waiting": { "reason": "ImagePullBackOff", "message": "Back-off pulling image" } }, "lastState": {} } ] }
        }
        """;

    public const string Node = """
        {
          "apiVersion": "v1", "kind": "Node",
          "metadata": { "name": "node-1", "uid": "1d6c1e8a-3a0d-4b52-9c1e-7f7e9c0d1a22", "resourceVersion": "900",
            "creationTimestamp": "2024-04-25T12:00:00Z", "labels": { "kubernetes.io/hostname": "node-1" } },
          "spec": { "podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24", "fd00:10:244:1::/64"], "providerID": "sim://node-1",
            "unschedulable": true,
            "taints": [ { "key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule", "timeAdded": "2024-04-25T12:30:00Z" },
                        { "key": "dedicated", "value": "checks", "effect": "NoExecute" } ] },
          "status": {
            "capacity": { "cpu": "4", "memory": "8146300Ki", "pods": "110", "ephemeral-storage": "61202244Ki" },
            "allocatable": { "cpu": "3800m", "memory": "7941500Ki", "pods": "110" },
            "phase": "Running",
            "conditions": [ { "type": "Ready", "status": "True", "lastHeartbeatTime": "2024-04-25T13:20:00Z",
              "lastTransitionTime": "2024-04-25T12:01:00Z", "reason": "KubeletReady", "message": "kubelet is posting ready status" } ],
            "addresses": [ { "type": "InternalIP", "address": "10.0.0.11" }, { "type": "Hostname", "address": "node-1" } ],
            "daemonEndpoints": { "kubeletEndpoint": { "Port": 10250 } },
            "nodeInfo": { "machineID": "ab12", "systemUUID": "cd34", "bootID": "ef56", "kernelVersion": "6.1.0-18-amd64",
              "osImage": "Debian GNU/Linux 12 (bookworm)", "containerRuntimeVersion": "containerd://1.7.13",
              "kubeletVersion": "v1.30.0", "kubeProxyVersion": "v1.30.0", "operatingSystem": "linux", "architecture": "amd64" } }
        }
        """;

    public const string Service = """
        {
          "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "healthchecks", "namespace": "healthchecks", "resourceVersion": "77" },
          "spec": {
            "ports": [ { "name": "http", "protocol": "TCP", "appProtocol": "http", "port": 80, "targetPort": "http", "nodePort": 30080 },
                       { "name": "metrics", "protocol": "TCP", "port": 9090, "targetPort": 9090, "nodePort": 30090 } ],
            "selector": { "app": "healthchecks" }, "clusterIP": "10.96.12.34", "clusterIPs": ["10.96.12.34"],
            "type": "LoadBalancer", "externalIPs": ["192.0.2.10"], "sessionAffinity": "None", "loadBalancerIP": "192.0.2.20",
            "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster", "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack", "publishNotReadyAddresses": false },
          "status": { "loadBalancer": { "ingress": [ { "ip": "192.0.2.20" }, { "hostname": "lb.example.com" } ] },
            "conditions": [ { "type": "LoadBalancerReady", "status": "True", "observedGeneration": 3,
              "lastTransitionTime": "2024-04-25T13:00:00Z", "reason": "Provisioned", "message": "ok" } ] }
        }
        """;

    public const string ExternalNameService = """
        { "apiVersion": "v1", "kind": "Service", "metadata": { "name": "upstream", "namespace": "default" },
          "spec": { "type": "ExternalName", "externalName": "example.com" } }
        """;

    public const string Endpoints = """
        {
          "apiVersion": "v1", "kind": "Endpoints",
          "metadata": { "name": "healthchecks", "namespace": "healthchecks" },
          "subsets": [ {
            "addresses": [ { "ip": "10.244.1.17", "hostname": "hc-0", "nodeName": "node-1",
              "targetRef": { "kind": "Pod", "namespace": "healthchecks", "name": "hc-0", "uid": "5b2e0d8e-7c55-4a43-9d3c-2a4b6c7d8e9f",
                "apiVersion": "v1", "resourceVersion": "4711", "fieldPath": "spec.containers{app}" } } ],
            "notReadyAddresses": [ { "ip": "10.244.2.5", "nodeName": "node-2" } ],
            "ports": [ { "name": "http", "port": 8080, "protocol": "TCP", "appProtocol": "http" } ] } ]
        }
        """;

    public const string ServiceAccount = """
        {
          "apiVersion": "v1", "kind": "ServiceAccount",
          "metadata": { "name": "healthchecks", "namespace": "healthchecks" },
          "automountServiceAccountToken": false,
          "secrets": [ { "name": "healthchecks-token" } ],
          "imagePullSecrets": [ { "name": "registry-creds" } ]
        }
        """;

    public const string Secret = """
        {
          "apiVersion": "v1", "kind": "Secret",
          "metadata": { "name": "sim-secret", "namespace": "default" },
          "type": "Opaque", "data": { "token": "c2VjcmV0" }, "stringData": { "plain": "text" }, "immutable": true
        }
        """;

    public const string ConfigMap = """
        {
          "apiVersion": "v1", "kind": "ConfigMap",
          "metadata": { "name": "sim-config", "namespace": "default" },
          "data": { "level": "debug", "sim.yaml": "nodes: 3\n" }, "binaryData": { "blob": "AAEC" }, "immutable": false
        }
        """;

    public const string Event = """
        {
          "apiVersion": "v1", "kind": "Event",
          "metadata": { "name": "sim-pod-0.17c9a1b2c3d4e5f6", "namespace": "default" },
          "involvedObject": { "kind": "Pod", "namespace": "default", "name": "sim-pod-0", "uid": "5b2e0d8e-7c55-4a43-9d3c-2a4b6c7d8e9f",
            "apiVersion": "v1", "resourceVersion": "4711", "fieldPath": "spec.containers{app}" },
          "reason": "BackOff", "message": "Back-off restarting failed container", "type": "Warning", "count": 3,
          "firstTimestamp": "2024-04-25T13:20:05Z", "lastTimestamp": "2024-04-25T13:21:05Z",
          "eventTime": "2024-04-25T13:20:05.123456Z",
          "source": { "component": "kubelet", "host": "node-1" },
          "series": { "count": 3, "lastObservedTime": "2024-04-25T13:21:05.654321Z" },
          "action": "Restarting",
          "related": { "kind": "Node", "name": "node-1", "apiVersion": "v1" },
          "reportingComponent": "kubelet", "reportingInstance": "node-1"
        }
        """;
}
