package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import java.time.Instant;

/** Test objects as the API lists them, built from short JSON. */
final class Objects {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private Objects() {
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static ObjectNode deployment(int replicas, String image) {
        return parse("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'ns','uid':'d-1',"
                + "'generation':1,'creationTimestamp':'2026-12-01T11:00:00Z'},'spec':{'replicas':" + replicas
                + ",'progressDeadlineSeconds':600,'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'RollingUpdate','rollingUpdate':"
                + "{'maxSurge':'25%','maxUnavailable':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},"
                + "'spec':{'containers':[{'name':'c','image':'" + image + "'}]}}}}");
    }

    /** The ReplicaSet the Deployment controller makes for {@code d}, with replicas and available counts. */
    static ObjectNode replicaSetOf(ObjectNode d, int revision, int replicas, int available, String created) {
        String hash = PodTemplateHash.compute(d.path("spec").path("template"), null);
        ObjectNode rs = DeploymentController.newReplicaSet(d, hash, replicas, revision);
        Json.metadata(rs).put("uid", "rs-" + hash).put("creationTimestamp", created).put("generation", 1);
        Workload.status(rs).put("replicas", replicas).put("availableReplicas", available)
                .put("readyReplicas", available).put("observedGeneration", 1);
        return rs;
    }

    static ObjectNode replicaSet(int replicas) {
        return parse("{'apiVersion':'apps/v1','kind':'ReplicaSet','metadata':{'name':'rs','namespace':'ns','uid':'rs-1',"
                + "'generation':2},'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}}");
    }

    /** A pod of {@code owner} (null: an orphan) in {@code phase}, Ready or not. */
    static ObjectNode pod(String name, ObjectNode owner, String kind, String phase, boolean ready, String created) {
        ObjectNode pod = parse("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','namespace':'ns','uid':'"
                + name + "-uid','labels':{'app':'web'},'creationTimestamp':'" + created + "'},'spec':{},"
                + "'status':{'phase':'" + phase + "','conditions':[{'type':'Ready','status':'" + (ready ? "True" : "False")
                + "','lastTransitionTime':'2026-12-01T11:30:00Z'}]}}");
        if (owner != null) {
            Json.metadata(pod).putArray("ownerReferences").add(Workload.ownerRef(owner, "apps/v1", kind));
        }
        return pod;
    }
}
