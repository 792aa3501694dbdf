using HealthChecks.Kube.Manifests;
using HealthChecks.TestKit;
using k8s;
using k8s.Models;

namespace HealthChecks.Kube.Tests.Models;

public class CrdContractTests
{
    // kuberhealthy v2 deploy/helm/kuberhealthy/crds/comcast.github.io_khchecks.yaml as JSON, with
    // the 6,000-line podSpec schema cut down to three properties; everything else is verbatim,
    // including "creationTimestamp": null and the empty status controller-gen writes.
    private const string KhcheckCrd = """
        {
          "apiVersion": "apiextensions.k8s.io/v1",
          "kind": "CustomResourceDefinition",
          "metadata": {
            "annotations": {
              "controller-gen.kubebuilder.io/version": "v0.6.2"
            },
            "creationTimestamp": null,
            "name": "khchecks.comcast.github.io"
          },
          "spec": {
            "group": "comcast.github.io",
            "names": {
              "kind": "KuberhealthyCheck",
              "listKind": "KuberhealthyCheckList",
              "plural": "khchecks",
              "shortNames": [
                "khc"
              ],
              "singular": "khcheck"
            },
            "scope": "Namespaced",
            "preserveUnknownFields": false,
            "versions": [
              {
                "name": "v1",
                "schema": {
                  "openAPIV3Schema": {
                    "description": "KuberhealthyCheck represents the data in the CRD for configuring an external check for Kuberhealthy",
                    "properties": {
                      "apiVersion": {
                        "description": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
                        "type": "string"
                      },
                      "kind": {
                        "description": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
                        "type": "string"
                      },
                      "metadata": {
                        "type": "object"
                      },
                      "spec": {
                        "description": "Spec holds the desired state of the KuberhealthyCheck (from the client).",
                        "properties": {
                          "extraAnnotations": {
                            "additionalProperties": {
                              "type": "string"
                            },
                            "type": "object"
                          },
                          "extraLabels": {
                            "additionalProperties": {
                              "type": "string"
                            },
                            "type": "object"
                          },
                          "podSpec": {
                            "description": "PodSpec is a description of a pod.",
                            "properties": {
                              "activeDeadlineSeconds": {
                                "description": "Optional duration in seconds the pod may be active on the node relative to StartTime before the system will actively try to mark it failed and kill associated containers. Value must be a positive integer.",
                                "format": "int64",
                                "type": "integer"
                              },
                              "containers": {
                                "description": "List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.",
                                "items": {
                                  "description": "A single application container that you want to run within a pod.",
                                  "properties": {
                                    "image": {
                                      "description": "Docker image name. More info: https://kubernetes.io/docs/concepts/containers/images This field is optional to allow higher level config management to default or override container images in workload controllers like Deployments and StatefulSets.",
                                      "type": "string"
                                    },
                                    "name": {
                                      "description": "Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.",
                                      "type": "string"
                                    }
                                  },
                                  "required": [
                                    "name"
                                  ],
                                  "type": "object"
                                },
                                "type": "array"
                              },
                              "restartPolicy": {
                                "description": "Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always. More info: https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#restart-policy",
                                "type": "string"
                              }
                            },
                            "required": [
                              "containers"
                            ],
                            "type": "object"
                          },
                          "runInterval": {
                            "type": "string"
                          },
                          "timeout": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "podSpec",
                          "runInterval",
                          "timeout"
                        ],
                        "type": "object"
                      }
                    },
                    "type": "object"
                  }
                },
                "served": true,
                "storage": true
              }
            ]
          },
          "status": {
            "acceptedNames": {
              "kind": "",
              "plural": ""
            },
            "conditions": [],
            "storedVersions": []
          }
        }
        """;

    [Fact]
    public void Deserialize_KhcheckCrd_ReadsNamesAndVersions()
    {
        var crd = ModelJson.Read<V1CustomResourceDefinition>(KhcheckCrd);

        Assert.Equal("khchecks.comcast.github.io", crd.Metadata.Name);
        Assert.Null(crd.Metadata.CreationTimestamp);
        Assert.Equal("comcast.github.io", crd.Spec.Group);
        Assert.Equal("Namespaced", crd.Spec.Scope);
        Assert.False(crd.Spec.PreserveUnknownFields);
        var names = crd.Spec.Names;
        Assert.Equal("KuberhealthyCheck", names?.Kind);
        Assert.Equal("KuberhealthyCheckList", names?.ListKind);
        Assert.Equal("khchecks", names?.Plural);
        Assert.Equal("khcheck", names?.Singular);
        Assert.Equal(new[] { "khc" }, names?.ShortNames);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal("v1", version.Name);
        Assert.True(version.Served);
        Assert.True(version.Storage);
        Assert.Null(version.Subresources);
        Assert.Empty(crd.Status.Conditions);
        Assert.Empty(crd.Status.StoredVersions);
        Assert.Equal("", crd.Status.AcceptedNames?.Kind);
    }

    [Fact]
    public void Deserialize_KhcheckCrd_ReadsTheTypedSchema()
    {
        var crd = ModelJson.Read<V1CustomResourceDefinition>(KhcheckCrd);

        var schema = crd.Spec.Versions[0].Schema?.OpenAPIV3Schema;
        Assert.NotNull(schema);
        Assert.Equal("object", schema.Type);
        var spec = schema.Properties["spec"];
        Assert.Equal(new[] { "podSpec", "runInterval", "timeout" }, spec.Required);
        Assert.Equal("int64", spec.Properties["podSpec"].Properties["activeDeadlineSeconds"].Format);
        Assert.Equal("string", spec.Properties["runInterval"].Type);
    }

    [Fact]
    public void Serialize_KhcheckCrd_RoundTripsEveryField()
    {
        var written = ModelJson.Write(ModelJson.Read<V1CustomResourceDefinition>(KhcheckCrd));

        ModelJson.AssertJsonEqual(ModelJson.WithoutNulls(KhcheckCrd), written);
    }

    [Fact]
    public void Serialize_EditedSchema_WritesTheEdit()
    {
        var crd = ModelJson.Read<V1CustomResourceDefinition>(KhcheckCrd);

        crd.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["runOnce"] = new V1JSONSchemaProps { Type = "boolean" };

        var written = ModelJson.Parse(ModelJson.Write(crd));
        var runOnce = written["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["runOnce"];
        Assert.Equal("boolean", runOnce?["type"]?.GetValue<string>());
    }

    [Fact]
    public void Deserialize_StatusSubresource_IsAnEmptyObject()
    {
        var crd = ModelJson.Read<V1CustomResourceDefinition>(OtherSamples.CustomResourceDefinition);

        var version = crd.Spec.Versions[0];
        Assert.NotNull(version.Subresources?.Status);
        Assert.Equal(".spec.replicas", version.Subresources.Scale?.SpecReplicasPath);
        Assert.Equal(".status.ok", version.AdditionalPrinterColumns[0].JsonPath);
        Assert.Contains(crd.Status.Conditions, condition => condition.Type == "Established" && condition.Status == "True");
        Assert.Contains("\"status\":{}", ModelJson.Write(crd), StringComparison.Ordinal);
    }

    public static TheoryData<string> OurCrds => ["comcast.github.io_khchecks.yaml", "comcast.github.io_khjobs.yaml", "comcast.github.io_khstates.yaml"];

    // crds/ as JSON (the way ManifestApplier reads YAML) into the typed model and back: every
    // schema keyword we use (x-kubernetes-*, anyOf, additionalProperties, printer columns) survives.
    [Theory]
    [MemberData(nameof(OurCrds))]
    public void OurCrdFile_DecodesWithItsSchemaAndWritesItBackUnchanged(string file)
    {
        var json = Assert.Single(YamlToJson.ParseDocuments(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "crds", file)))).ToJsonString();

        var crd = ModelJson.Read<V1CustomResourceDefinition>(json);

        Assert.Equal(("comcast.github.io", "Namespaced"), (crd.Spec.Group, crd.Spec.Scope));
        var version = Assert.Single(crd.Spec.Versions);
        Assert.Equal(("v1", true, true), (version.Name, version.Served, version.Storage));
        Assert.NotEmpty(version.Schema.OpenAPIV3Schema.Properties["spec"].Properties);
        ModelJson.AssertJsonEqual(ModelJson.WithoutNulls(json), ModelJson.Write(crd));
    }

    [Theory]
    [MemberData(nameof(OurCrds))]
    public void OurCrdFile_KubernetesYamlReadsWhatTheJsonReaderReads(string file)
    {
        var yaml = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "crds", file));
        var json = Assert.Single(YamlToJson.ParseDocuments(yaml)).ToJsonString();

        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(yaml);

        ModelJson.AssertJsonEqual(ModelJson.WithoutNulls(json), KubernetesJson.Serialize(crd));
    }
}
