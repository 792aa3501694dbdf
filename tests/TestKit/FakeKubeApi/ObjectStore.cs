using System.Globalization;
using System.Text.Json.Nodes;
using k8s;

namespace HealthChecks.TestKit.FakeKubeApi;

/// <summary>What the store answers: an HTTP status and its JSON body (the object, a list, or a Status).</summary>
public sealed record StoreAnswer(int Code, JsonObject Body)
{
    public bool Succeeded => Code is >= 200 and < 300;
}

/// <summary>
/// The objects of the <see cref="FakeApiServer"/>, kept as JSON, with the API server's rules where
/// a controller depends on them: one resourceVersion counter for everything, <c>uid</c> and
/// <c>creationTimestamp</c> set on create, 409 AlreadyExists on a create of an existing name, 409
/// Conflict on a write whose resourceVersion is stale, 404 for what is not there, merge patches.
/// Every successful write goes to the <see cref="ChangeFeed"/>.
/// </summary>
public sealed class ObjectStore(ChangeFeed feed, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<(string Group, string Plural, string Namespace, string Name), JsonObject> _objects = [];
    private readonly Dictionary<(string Group, string Plural), string> _kinds = [];
    private long _version;

    /// <summary>The newest resourceVersion handed out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>A copy of the stored object, or null.</summary>
    public JsonObject? Find(ResourceAddress address)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(address), out var stored) ? Copy(stored) : null;
        }
    }

    public StoreAnswer Get(ResourceAddress address) =>
        Find(address) is { } found ? new(200, found) : new(404, ApiStatus.NotFound(address));

    public StoreAnswer List(ResourceAddress collection, string? labelSelector = null, string? fieldSelector = null)
    {
        var byLabels = Selectors.Labels(labelSelector, out var problem);
        var byFields = Selectors.Fields(fieldSelector, out var fieldProblem);
        if (byLabels is null || byFields is null)
        {
            return new(400, ApiStatus.Failure(400, problem ?? fieldProblem ?? "bad selector", about: collection));
        }

        lock (_gate)
        {
            var items = new JsonArray();
            foreach (var (key, stored) in _objects)
            {
                if (key.Group == collection.Group && key.Plural == collection.Plural
                    && (collection.Namespace is null || key.Namespace == collection.Namespace)
                    && byLabels(stored) && byFields(stored))
                {
                    items.Add(Copy(stored));
                }
            }

            return new(200, new JsonObject
            {
                ["kind"] = (_kinds.GetValueOrDefault((collection.Group, collection.Plural)) ?? "") + "List",
                ["apiVersion"] = collection.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = Version(_version) },
                ["items"] = items,
            });
        }
    }

    public StoreAnswer Create(ResourceAddress collection, JsonObject body)
    {
        StoreAnswer answer;
        lock (_gate)
        {
            var metadata = body["metadata"] as JsonObject ?? [];
            body["metadata"] = metadata;
            var name = (string?)metadata["name"];
            if (string.IsNullOrEmpty(name) && (string?)metadata["generateName"] is { Length: > 0 } prefix)
            {
                name = prefix + Guid.NewGuid().ToString("N")[..5];
                metadata["name"] = name;
            }

            var address = collection with { Name = name };
            if (string.IsNullOrEmpty(name))
            {
                return new(422, ApiStatus.Failure(422, $"{(string?)body["kind"]} \"\" is invalid: metadata.name: Required value: name or generateName is required", about: address));
            }

            if (collection.Namespace is { } ns)
            {
                if ((string?)metadata["namespace"] is { Length: > 0 } given && given != ns)
                {
                    return new(400, ApiStatus.Failure(400, "the namespace of the provided object does not match the namespace sent on the request", about: address));
                }

                metadata["namespace"] = ns;
            }

            var key = Key(address);
            if (_objects.ContainsKey(key))
            {
                return new(409, ApiStatus.AlreadyExists(address));
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            metadata["resourceVersion"] = Version(++_version);
            if ((string?)body["kind"] is { Length: > 0 } kind)
            {
                _kinds[(collection.Group, collection.Plural)] = kind;
            }

            _objects[key] = Copy(body);
            feed.Enqueue(new ApiChange(WatchEventType.Added, address, Copy(body)));
            answer = new(201, Copy(body));
        }

        feed.Deliver();
        return answer;
    }

    /// <summary>PUT: the body replaces the object; a resourceVersion in it must be the stored one. On <c>/status</c> only the status is taken.</summary>
    public StoreAnswer Replace(ResourceAddress address, JsonObject body)
    {
        var bodyName = (string?)body["metadata"]?["name"];
        if (bodyName is not null && bodyName != address.Name)
        {
            return new(400, ApiStatus.Failure(400, $"the name of the object ({bodyName}) does not match the name on the URL ({address.Name})", about: address));
        }

        return Write(address, (string?)body["metadata"]?["resourceVersion"], stored =>
        {
            if (address.Subresource == "status")
            {
                var updated = Copy(stored);
                updated["status"] = body["status"]?.DeepClone();
                return updated;
            }

            return Copy(body);
        });
    }

    /// <summary>PATCH as a JSON merge patch (a strategic merge patch is taken as one: right for the fields we patch).</summary>
    public StoreAnswer Patch(ResourceAddress address, JsonNode? patch) =>
        Write(address, (string?)patch?["metadata"]?["resourceVersion"], stored => MergePatch.Apply(stored, patch) as JsonObject ?? []);

    public StoreAnswer Delete(ResourceAddress address)
    {
        StoreAnswer answer;
        lock (_gate)
        {
            var key = Key(address);
            if (!_objects.Remove(key, out var stored))
            {
                return new(404, ApiStatus.NotFound(address));
            }

            // The DELETED event carries the deletion's own resourceVersion, as etcd's does.
            var metadata = (JsonObject)stored["metadata"]!;
            metadata["resourceVersion"] = Version(++_version);
            metadata["deletionTimestamp"] ??= time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            feed.Enqueue(new ApiChange(WatchEventType.Deleted, address, Copy(stored)));

            // Pods answer with the object (graceful deletion); most other kinds with a Status.
            answer = address.Group.Length == 0 && address.Plural == "pods"
                ? new(200, Copy(stored))
                : new(200, ApiStatus.Success(address, (string?)metadata["uid"]));
        }

        feed.Deliver();
        return answer;
    }

    private StoreAnswer Write(ResourceAddress address, string? precondition, Func<JsonObject, JsonObject> change)
    {
        StoreAnswer answer;
        lock (_gate)
        {
            var key = Key(address);
            if (!_objects.TryGetValue(key, out var stored))
            {
                return new(404, ApiStatus.NotFound(address));
            }

            var storedMetadata = (JsonObject)stored["metadata"]!;
            if (!string.IsNullOrEmpty(precondition) && precondition != (string?)storedMetadata["resourceVersion"])
            {
                return new(409, ApiStatus.Conflict(address));
            }

            var updated = change(stored);
            var metadata = updated["metadata"] as JsonObject ?? [];
            updated["metadata"] = metadata;

            // What the server owns cannot be changed by a write.
            foreach (var owned in new[] { "name", "namespace", "uid", "creationTimestamp" })
            {
                if (storedMetadata[owned] is { } value)
                {
                    metadata[owned] = value.DeepClone();
                }
                else
                {
                    metadata.Remove(owned);
                }
            }

            updated["apiVersion"] ??= stored["apiVersion"]?.DeepClone();
            updated["kind"] ??= stored["kind"]?.DeepClone();
            metadata["resourceVersion"] = Version(++_version);
            _objects[key] = Copy(updated);
            feed.Enqueue(new ApiChange(WatchEventType.Modified, address with { Subresource = null }, Copy(updated)));
            answer = new(200, Copy(updated));
        }

        feed.Deliver();
        return answer;
    }

    private static (string, string, string, string) Key(ResourceAddress address) =>
        (address.Group, address.Plural, address.Namespace ?? "", address.Name ?? "");

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Copy(JsonObject value) => (JsonObject)value.DeepClone();
}
