package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import io.kubicle.apiserver.controllers.ControllerClient.Session;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One level-triggered pass over a namespace: list its Deployments, ReplicaSets, Jobs and (when any
 * of them exists) Pods, then let each controller plan from those lists. Deployments go first; when
 * they change anything the pass ends there, because the ReplicaSets just listed are already stale
 * and the writes bring another pass.
 */
final class NamespaceSync {
    private final ControllerClient client;
    private final Backoffs backoffs;
    private final Clock clock;

    NamespaceSync(ControllerClient client, Backoffs backoffs, Clock clock) {
        this.client = client;
        this.backoffs = backoffs;
        this.clock = clock;
    }

    /** Answers in how many milliseconds the namespace wants another pass even without changes (0: never). */
    Future<Long> sync(String workspace, String namespace) {
        Session deployments = client.session(workspace, DeploymentController.COMPONENT);
        Session replicaSets = client.session(workspace, ReplicaSetController.COMPONENT);
        Session jobs = client.session(workspace, JobController.COMPONENT);
        Future<List<ObjectNode>> d = deployments.list(Resource.DEPLOYMENTS, namespace);
        Future<List<ObjectNode>> rs = replicaSets.list(Resource.REPLICASETS, namespace);
        Future<List<ObjectNode>> j = jobs.list(Resource.JOBS, namespace);
        return Future.all(d, rs, j).compose(v -> {
            if (d.result().isEmpty() && rs.result().isEmpty() && j.result().isEmpty()) {
                return Future.succeededFuture(0L);
            }
            return replicaSets.list(Resource.PODS, namespace).compose(pods -> {
                Instant now = clock.instant();
                Steps deploymentSteps = new Steps(deployments, DeploymentController.COMPONENT, backoffs, clock);
                Future<Long> chain = Future.succeededFuture(0L);
                boolean deploymentsActed = false;
                for (ObjectNode deployment : d.result()) {
                    Plan plan = DeploymentController.plan(deployment, rs.result(), now);
                    deploymentsActed |= !plan.steps().isEmpty();
                    chain = then(chain, deploymentSteps, plan);
                }
                if (!deploymentsActed) {
                    Steps rsSteps = new Steps(replicaSets, ReplicaSetController.COMPONENT, backoffs, clock);
                    for (ObjectNode replicaSet : rs.result()) {
                        chain = then(chain, rsSteps, ReplicaSetController.plan(replicaSet, pods, now,
                                backoffs.remaining(Workload.uid(replicaSet))));
                    }
                }
                Steps jobSteps = new Steps(jobs, JobController.COMPONENT, backoffs, clock);
                for (ObjectNode job : j.result()) {
                    chain = then(chain, jobSteps, JobController.plan(job, pods, now, backoffs.remaining(Workload.uid(job))));
                }
                return chain;
            });
        });
    }

    private static Future<Long> then(Future<Long> chain, Steps steps, Plan plan) {
        if (plan.steps().isEmpty() && plan.requeueMillis() == 0) {
            return chain;
        }
        return chain.compose(requeue -> steps.run(plan).map(more -> Steps.min(requeue, more)));
    }
}
