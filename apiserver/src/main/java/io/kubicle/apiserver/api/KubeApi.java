package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.apiserver.UserInfo;
import io.kubicle.apiserver.api.openapi.OpenApiV3;
import io.kubicle.apiserver.authz.AccessReviews;
import io.kubicle.apiserver.authz.RequestAuthorizer;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * The Kubernetes API of one workspace, behind {@code /clusters/<workspace>}: discovery, OpenAPI and
 * every resource request, dispatched by verb to the generic handlers. Wiring only.
 */
public final class KubeApi {
    private final WorkspaceDirectory directory;
    private final Catalogs catalogs;
    private final ObjectHandler objects;
    private final DeleteHandler deletes;
    private final ListHandler lists;
    private final WatchHandler watches;
    private final ScaleSubresource scales;
    private final PodBinding bindings;
    private final PodEviction evictions;
    private final CrdCleanup crds;
    private final WorkspaceResource workspaceResource;
    private final TokenEndpoints tokens;
    private final RequestTelemetry telemetry;
    private final java.util.Map<ResourceCatalog, OpenApiV3> openApis = new java.util.concurrent.ConcurrentHashMap<>();
    private final CustomOpenApis customOpenApis = new CustomOpenApis();
    private final io.kubicle.apiserver.api.openapi.SwaggerV2Handler swaggerV2 = new io.kubicle.apiserver.api.openapi.SwaggerV2Handler();

    private final RequestAuthorizer authorizer;
    private final PodLogs podLogs;
    private final PodStreams podStreams;
    private final ResourceProxy proxies;
    private final ResourceMetrics metrics;

    public KubeApi(WorkspaceDirectory directory, Catalogs catalogs, ObjectHandler objects, DeleteHandler deletes,
                   ListHandler lists, WatchHandler watches, io.kubicle.storage.Store store,
                   WorkspaceResource workspaceResource, io.kubicle.apiserver.tenancy.ServiceAccountTokens tokens,
                   RequestTelemetry telemetry, RequestAuthorizer authorizer, PodBackends pods, Upstreams upstreams) {
        this.authorizer = authorizer;
        this.podLogs = new PodLogs(pods, upstreams);
        this.podStreams = new PodStreams(pods, upstreams);
        this.proxies = new ResourceProxy(pods, new ProxyLocations(store), upstreams);
        this.metrics = new ResourceMetrics(pods, upstreams);
        this.directory = directory;
        this.catalogs = catalogs;
        this.objects = objects;
        this.deletes = deletes;
        this.lists = lists;
        this.watches = watches;
        this.scales = new ScaleSubresource(store);
        this.bindings = new PodBinding(store);
        this.evictions = new PodEviction(store, deletes, java.time.Clock.systemUTC());
        this.crds = new CrdCleanup(store);
        this.workspaceResource = workspaceResource;
        this.tokens = new TokenEndpoints(store, directory, tokens);
        this.telemetry = telemetry;
    }

    /** Serves {@code path} (without the /clusters/<workspace> prefix) in workspace {@code workspace}. */
    public void handle(RoutingContext ctx, String workspace, String path, UserInfo user) {
        directory.resolve(workspace).compose(id -> authorizer.admit(ctx, id, path, user)
                .compose(effective -> {
                    String watch = ctx.request().getParam("watch");
                    RequestInfo info = RequestInfo.parse(ctx.request().method().name(), path,
                            "true".equals(watch) || "1".equals(watch));
                    return catalogFor(info, id, workspace).map(c -> {
                        dispatch(ctx, id, workspace, path, info, effective, c);
                        return c;
                    });
                })).onFailure(ctx::fail);
    }

    /**
     * A request for a built-in resource needs no CRDs (they never shadow built-ins), so it is served
     * without loading the workspace's CRD catalog: a fresh workspace's first {@code kubectl get ns}
     * costs no CRD list and no watch. Discovery, OpenAPI, custom resources and CRDs themselves
     * (whose strategy checks names against the CRDs) take the full catalog.
     */
    private Future<WorkspaceCatalog> catalogFor(RequestInfo info, long id, String workspace) {
        if (info != null) {
            Optional<ResourceType> builtin = catalogs.forWorkspace(workspace).find(info.group(), info.version(), info.resource());
            if (builtin.isPresent() && !crds.handles(builtin.get())) {
                return Future.succeededFuture(catalogs.builtin(workspace));
            }
        }
        return catalogs.resolve(id, workspace);
    }

    private void dispatch(RoutingContext ctx, long id, String workspace, String path, RequestInfo info, UserInfo user,
                          WorkspaceCatalog served) {
        ResourceCatalog catalog = served.catalog();
        String method = ctx.request().method().name();
        String prefix = "/clusters/" + workspace;
        if (path.equals("/metrics") && method.equals("GET")) {
            ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(telemetry.scrape(workspace));
            return;
        }
        if (path.equals("/openapi/v3") || path.startsWith("/openapi/v3/")) {
            serveOpenApi(ctx, id, served, catalogs.forWorkspace(workspace), path, prefix);
            return;
        }
        if (path.equals("/openapi/v2")) {
            swaggerV2.serve(ctx, openApi(id, served, catalogs.forWorkspace(workspace)));
            return;
        }
        if (info == null) {
            serveDiscovery(ctx, catalog, path);
            return;
        }
        ResourceType type = catalog.find(info.group(), info.version(), info.resource())
                .orElseThrow(Statuses::pathNotFound);
        if (!info.subresource().isEmpty() && !type.hasSubresource(info.subresource())) {
            throw Statuses.pathNotFound();
        }
        if (type.namespaced() && info.namespace().isEmpty() && !info.isCollection()) {
            throw Statuses.pathNotFound();
        }
        if (!type.namespaced() && !info.namespace().isEmpty()) {
            throw Statuses.pathNotFound();
        }
        String verb = info.verb();
        if (info.subresource().isEmpty() && !type.supports(verb)) {
            throw Statuses.methodNotAllowed(method);
        }
        ApiCall call = new ApiCall(ctx, id, workspace, info, type, served.strategyFor(type), user);
        // exec, attach, port-forward and proxies last as long as the far end takes: kube counts them as CONNECT
        Runnable recorded = telemetry.observe(call, PodStreams.handles(call) || ResourceProxy.handles(call) ? "connect" : verb);
        if (PodLogs.handles(call)) {
            podLogs.serve(call, objects);
            return;
        }
        if (ResourceMetrics.handles(call)) {
            metrics.serve(call);
            return;
        }
        if (PodStreams.handles(call)) {
            podStreams.serve(call, objects, recorded);
            return;
        }
        if (ResourceProxy.handles(call)) {
            proxies.serve(call, recorded);
            return;
        }
        if (PodBinding.handles(call)) {
            bind(call, verb, served);
            return;
        }
        if (PodEviction.handles(call)) {
            evict(call, verb, served);
            return;
        }
        if (crds.handles(type) && !verb.equals("get") && !verb.equals("list") && !verb.equals("watch")) {
            // the next request must already see the changed CRD: forget the catalog before answering
            ctx.addHeadersEndHandler(v -> catalogs.invalidate(id));
        }
        route(call, verb);
    }

    /** pods/binding and bindings: both change the pod, so the binding handler gets a call of the pod type. */
    private void bind(ApiCall call, String verb, WorkspaceCatalog served) {
        if (!verb.equals("create")) {
            throw Statuses.methodNotAllowed(call.ctx().request().method().name());
        }
        ResourceType pods = served.catalog().find("", "v1", "pods").orElseThrow(Statuses::pathNotFound);
        ApiCall podCall = new ApiCall(call.ctx(), call.workspaceId(), call.workspace(), call.info(), pods, served.strategyFor(pods),
                call.user());
        reply(call, 201, Responses.Shape.OBJECT, bindings.bind(podCall, body(call.ctx())));
    }

    /** pods/eviction: the eviction reads and writes the namespace's PodDisruptionBudgets, so it gets a call of their type too. */
    private void evict(ApiCall call, String verb, WorkspaceCatalog served) {
        if (!verb.equals("create")) {
            throw Statuses.methodNotAllowed(call.ctx().request().method().name());
        }
        ResourceType budgets = served.catalog().find("policy", "v1", "poddisruptionbudgets").orElseThrow(Statuses::pathNotFound);
        RequestInfo info = new RequestInfo("update", false, "policy", "v1", "poddisruptionbudgets", call.info().namespace(), "",
                "status");
        ApiCall budgetCall = new ApiCall(call.ctx(), call.workspaceId(), call.workspace(), info, budgets,
                served.strategyFor(budgets), call.user());
        reply(call, 201, Responses.Shape.OBJECT, evictions.evict(call, budgetCall, body(call.ctx())));
    }

    private void route(ApiCall call, String verb) {
        RoutingContext ctx = call.ctx();
        String sub = call.info().subresource();
        Responses.Shape shape = Responses.shape(ctx.request().getHeader("Accept"));
        if (TokenEndpoints.isTokenRequest(call)) {
            reply(call, 201, Responses.Shape.OBJECT, tokens.tokenRequest(call, body(ctx)));
            return;
        }
        if (TokenEndpoints.isTokenReview(call.type())) {
            if (!verb.equals("create")) {
                throw Statuses.methodNotAllowed(ctx.request().method().name());
            }
            reply(call, 201, Responses.Shape.OBJECT, tokens.tokenReview(call, body(ctx)));
            return;
        }
        if (AccessReviews.handles(call.type().group(), call.type().resource())) {
            if (!verb.equals("create")) {
                throw Statuses.methodNotAllowed(ctx.request().method().name());
            }
            ObjectNode body = Bodies.decodeObject(ctx.request().getHeader("Content-Type"), bytes(ctx));
            authorizer.cache().policy(call.workspaceId()).map(policy -> AccessReviews.answer(policy,
                    call.type().apiVersion(), call.type().kind(), call.type().resource(), body, call.user(),
                    call.info().namespace())).onSuccess(review -> Responses.json(ctx.response(), 201, review))
                    .onFailure(ctx::fail);
            return;
        }
        if (WorkspaceResource.handles(call.type())) {
            if (sub.equals("audit")) {
                reply(call, 200, Responses.Shape.OBJECT, workspaceResource.audit(call));
                return;
            }
            if (sub.equals("kubeconfig")) {
                workspaceResource.kubeconfig(call, verb.equals("create")).onSuccess(yaml -> ctx.response()
                        .putHeader("Content-Type", "application/yaml").end(yaml)).onFailure(ctx::fail);
                return;
            }
            if (verb.equals("create")) {
                reply(call, 201, shape, workspaceResource.create(call, body(ctx)));
                return;
            }
            if (verb.equals("delete")) {
                reply(call, 200, shape, workspaceResource.delete(call));
                return;
            }
        }
        if (sub.equals("scale")) {
            switch (verb) {
                case "get" -> reply(call, 200, Responses.Shape.OBJECT, scales.get(call));
                case "update" -> reply(call, 200, Responses.Shape.OBJECT, scales.write(call, "put", Bodies.parseJson(bytes(ctx))));
                case "patch" -> reply(call, 200, Responses.Shape.OBJECT, scales.write(call,
                        Bodies.mediaType(ctx.request().getHeader("Content-Type")), Bodies.parseJson(bytes(ctx))));
                default -> throw Statuses.methodNotAllowed(ctx.request().method().name());
            }
            return;
        }
        if (ObjectLifecycle.changesPartOfSpec(sub) && !verb.equals("get") && !verb.equals("update") && !verb.equals("patch")) {
            throw Statuses.methodNotAllowed(ctx.request().method().name());
        }
        if (!sub.isEmpty() && !sub.equals("status") && !ObjectLifecycle.changesPartOfSpec(sub)) {
            if (sub.equals("proxy") && call.type().group().isEmpty() && call.type().resource().equals("nodes")) {
                // a tenant's Nodes are its own objects or a view of host nodes whose kubelets serve every workspace
                throw Statuses.notServed(ctx.request().method().name(), "nodes/proxy is not served by Kubicle: reach a pod"
                        + " through pods/<name>/proxy or services/<name>/proxy");
            }
            throw Statuses.methodNotAllowed(ctx.request().method().name());
        }
        switch (verb) {
            case "get" -> reply(call, 200, shape, objects.get(call));
            case "list" -> lists.page(call).onSuccess(page -> {
                byte[] stored = lists.storedBytes(call, page, shape);
                if (stored != null) {
                    Responses.json(ctx.response(), 200, stored);
                } else {
                    Responses.json(ctx.response(), 200, lists.render(call, page, shape));
                }
            }).onFailure(ctx::fail);
            case "watch" -> watches.watch(call, shape);
            case "create" -> {
                if (!sub.isEmpty()) {
                    throw Statuses.methodNotAllowed("POST");
                }
                reply(call, 201, shape, objects.create(call, body(ctx)));
            }
            case "update" -> reply(call, 200, shape, objects.update(call, body(ctx)));
            case "patch" -> reply(call, 200, shape, objects.patch(call, ctx.request().getHeader("Content-Type"), bytes(ctx)));
            case "delete" -> {
                JsonNode options = Bodies.decodeOptions(ctx.request().getHeader("Content-Type"), bytes(ctx));
                deletes.delete(call, DeleteHandler.Options.of(call, options)).compose(result -> crds.handles(call.type())
                        && result.gone() ? crds.deleteResources(call.workspaceId(), result.object()).map(result)
                        : Future.succeededFuture(result)).onSuccess(result -> {
                    if (result.gone()) {
                        Responses.json(ctx.response(), 200, deletedStatus(call, result.object()));
                    } else {
                        Responses.json(ctx.response(), 200, result.object());
                    }
                }).onFailure(ctx::fail);
            }
            case "deletecollection" -> deleteCollection(call, DeleteHandler.Options.of(call,
                    Bodies.decodeOptions(ctx.request().getHeader("Content-Type"), bytes(ctx))));
            default -> throw Statuses.methodNotAllowed(ctx.request().method().name());
        }
    }

    private void deleteCollection(ApiCall call, DeleteHandler.Options options) {
        lists.page(call).compose(page -> {
            java.util.List<Future<DeleteHandler.Result>> all = new java.util.ArrayList<>();
            for (ObjectNode o : page.items()) {
                ApiCall one = new ApiCall(call.ctx(), call.workspaceId(), call.workspace(), new RequestInfo("delete",
                        call.info().legacy(), call.info().group(), call.info().version(), call.info().resource(),
                        Json.text(Json.metadata(o), "namespace"), Json.text(Json.metadata(o), "name"), ""),
                        call.type(), call.strategy(), call.user());
                all.add(deletes.delete(one, options));
            }
            return Future.all(all).map(v -> lists.render(call, page, Responses.Shape.OBJECT));
        }).onSuccess(list -> Responses.json(call.ctx().response(), 200, list)).onFailure(call.ctx()::fail);
    }

    private static ObjectNode deletedStatus(ApiCall call, ObjectNode object) {
        ObjectNode status = Json.object();
        status.put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", call.info().name());
        if (!call.type().group().isEmpty()) {
            details.put("group", call.type().group());
        }
        details.put("kind", call.type().resource());
        details.put("uid", Json.text(Json.metadata(object), "uid"));
        return status;
    }

    private void reply(ApiCall call, int code, Responses.Shape shape, Future<ObjectNode> result) {
        result.onSuccess(object -> {
            int status = Boolean.TRUE.equals(call.ctx().get("kubicle.created")) ? 201 : code;
            ObjectNode body = switch (shape) {
                case TABLE -> Tables.table(java.util.List.of(object), call.strategy(), java.time.Instant.now(),
                        ListHandler.includeObject(call), null, null);
                case PARTIAL_METADATA -> Tables.partial(object);
                default -> object;
            };
            byte[] stored = shape == Responses.Shape.OBJECT ? StoredAnswer.bytes(call.ctx(), object) : null;
            if (stored != null) {
                Responses.json(call.ctx().response(), status, stored);
            } else {
                Responses.json(call.ctx().response(), status, body);
            }
        }).onFailure(call.ctx()::fail);
    }

    private static ObjectNode body(RoutingContext ctx) {
        return Bodies.decodeObject(ctx.request().getHeader("Content-Type"), bytes(ctx),
                duplicates -> ctx.put(FieldValidation.DUPLICATES, duplicates));
    }

    private static byte[] bytes(RoutingContext ctx) {
        var body = ctx.body();
        return body == null || body.buffer() == null ? new byte[0] : body.buffer().getBytes();
    }

    private void serveDiscovery(RoutingContext ctx, ResourceCatalog catalog, String path) {
        String accept = ctx.request().getHeader("Accept");
        String trimmed = path.replaceAll("/+$", "");
        String[] parts = trimmed.split("/");
        Optional<? extends JsonNode> doc;
        String contentType = "application/json";
        if (trimmed.equals("/api") || trimmed.equals("/apis")) {
            boolean legacy = trimmed.equals("/api");
            if (Discovery.wantsAggregated(accept)) {
                doc = Optional.of(legacy ? Discovery.aggregatedCore(catalog) : Discovery.aggregatedGroups(catalog));
                contentType = Discovery.AGGREGATED_CONTENT_TYPE;
            } else {
                doc = Optional.of(legacy ? Discovery.apiVersions(serverAddress(ctx)) : Discovery.apiGroupList(catalog));
            }
        } else if (parts.length == 3 && parts[1].equals("api")) {
            doc = Discovery.apiResourceList(catalog, "", parts[2]);
        } else if (parts.length == 3 && parts[1].equals("apis")) {
            doc = Discovery.apiGroup(catalog, parts[2]);
        } else if (parts.length == 4 && parts[1].equals("apis")) {
            doc = Discovery.apiResourceList(catalog, parts[2], parts[3]);
        } else {
            doc = Optional.empty();
        }
        JsonNode body = doc.orElseThrow(Statuses::pathNotFound);
        String text = Json.string(body);
        String etag = Discovery.etag(text);
        if (Discovery.notModified(ctx.request().getHeader("If-None-Match"), etag)) {
            ctx.response().setStatusCode(304).putHeader("ETag", etag).end();
            return;
        }
        ctx.response().putHeader("Content-Type", contentType).putHeader("ETag", etag)
                .putHeader("Cache-Control", "no-cache, private").end(text);
    }

    private static String serverAddress(RoutingContext ctx) {
        var local = ctx.request().localAddress();
        return local == null ? "" : local.host() + ":" + local.port();
    }

    /** The workspace's OpenAPI: the built-in documents it serves plus those of its custom resources. */
    private OpenApiV3 openApi(long id, WorkspaceCatalog served, ResourceCatalog catalog) {
        OpenApiV3 builtinApi = openApis.computeIfAbsent(catalog, c -> {
            OpenApiV3 builtin = OpenApiV3.builtin();
            if (c.servesGroupVersion("tenancy.kubicle.io", "v1alpha1")) {
                builtin = io.kubicle.apiserver.api.openapi.TenancyOpenApi.addTo(builtin);
            }
            return builtin.only(gv -> served(c, gv));
        });
        return customOpenApis.openApi(id, served, builtinApi);
    }

    private void serveOpenApi(RoutingContext ctx, long id, WorkspaceCatalog served, ResourceCatalog catalog, String path,
                              String prefix) {
        OpenApiV3 openapi = openApi(id, served, catalog);
        String rest = path.substring("/openapi/v3".length()).replaceAll("^/+|/+$", "");
        if (rest.isEmpty()) {
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache, private")
                    .end(openapi.index(prefix));
            return;
        }
        String body = openapi.document(rest).orElseThrow(Statuses::pathNotFound);
        String etag = "\"" + openapi.hash(rest) + "\"";
        boolean pinned = openapi.hash(rest).equals(ctx.request().getParam("hash"));
        ctx.response().putHeader("Content-Type", "application/json").putHeader("ETag", etag)
                .putHeader("Cache-Control", pinned ? "public, immutable" : "no-cache, private").end(body);
    }

    /** Only group-versions this workspace serves appear in its OpenAPI index. */
    private static boolean served(ResourceCatalog catalog, String groupVersionPath) {
        String[] parts = groupVersionPath.split("/");
        if (parts.length == 2 && parts[0].equals("api")) {
            return catalog.servesGroupVersion("", parts[1]);
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return catalog.servesGroupVersion(parts[1], parts[2]);
        }
        return groupVersionPath.equals("version");
    }
}
