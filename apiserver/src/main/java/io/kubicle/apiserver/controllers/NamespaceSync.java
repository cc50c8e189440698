package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import io.kubicle.apiserver.controllers.ControllerClient.Session;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One level-triggered pass over a namespace: list its Deployments, ReplicaSets, Jobs, StatefulSets, CronJobs and
 * PodDisruptionBudgets (those the manager does not know to be absent) and (when any of them exists) Pods and claims, then
 * let each controller plan from those lists (the TTL-after-finished controller from the Jobs listed, the disruption
 * controller from the pods and the workloads whose scale they have, and from the pods alone the stale DisruptionTarget
 * conditions it sets back, {@link StaleDisruptions}). Deployments go first; when
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

    /** One controller's way into the workspace and its steps runner. */
    private record Controller(Session session, Steps steps) {
    }

    private Controller controller(String workspace, String component) {
        Session session = client.session(workspace, component);
        return new Controller(session, new Steps(session, component, backoffs, clock));
    }

    /**
     * Answers in how many milliseconds the namespace wants another pass even without changes (0: never), and the kinds
     * it holds none of; {@code absent}: kinds known to be absent, not listed.
     */
    Future<ControllerManager.Outcome> sync(String workspace, String namespace, Set<WorkloadKind> absent) {
        Controller deployments = controller(workspace, DeploymentController.COMPONENT);
        Controller replicaSets = controller(workspace, ReplicaSetController.COMPONENT);
        Controller jobs = controller(workspace, JobController.COMPONENT);
        Controller statefulSets = controller(workspace, StatefulSetController.COMPONENT);
        Controller cronJobs = controller(workspace, CronJobController.COMPONENT);
        Controller ttl = controller(workspace, TtlAfterFinished.COMPONENT);
        Controller disruption = controller(workspace, DisruptionController.COMPONENT);
        Future<List<ObjectNode>> d = list(deployments, WorkloadKind.DEPLOYMENTS, namespace, absent);
        Future<List<ObjectNode>> rs = list(replicaSets, WorkloadKind.REPLICASETS, namespace, absent);
        Future<List<ObjectNode>> j = list(jobs, WorkloadKind.JOBS, namespace, absent);
        Future<List<ObjectNode>> sts = list(statefulSets, WorkloadKind.STATEFULSETS, namespace, absent);
        Future<List<ObjectNode>> cj = list(cronJobs, WorkloadKind.CRONJOBS, namespace, absent);
        Future<List<ObjectNode>> pdb = list(disruption, WorkloadKind.PODDISRUPTIONBUDGETS, namespace, absent);
        return Future.all(List.of(d, rs, j, sts, cj, pdb)).compose(v -> {
            Instant now = clock.instant();
            Set<WorkloadKind> none = EnumSet.noneOf(WorkloadKind.class); // kinds the namespace holds none of
            Map.of(WorkloadKind.DEPLOYMENTS, d, WorkloadKind.REPLICASETS, rs, WorkloadKind.JOBS, j, WorkloadKind.STATEFULSETS, sts,
                    WorkloadKind.CRONJOBS, cj, WorkloadKind.PODDISRUPTIONBUDGETS, pdb).forEach((kind, listed) -> {
                        if (listed.result().isEmpty()) {
                            none.add(kind);
                        }
                    });
            Future<Long> cronChain = cronJobs(cronJobs, cj.result(), j.result(), now);
            if (d.result().isEmpty() && rs.result().isEmpty() && j.result().isEmpty() && sts.result().isEmpty()) {
                // pods a deleted Job leaves behind still hold its finalizer; every Job pod carries this label
                Future<Long> chain = jobs.session().list(Resource.PODS, namespace, "batch.kubernetes.io/controller-uid").compose(
                        orphans -> then(cronChain, jobs.steps(), JobController.orphans(List.of(), orphans)));
                if (!pdb.result().isEmpty()) {
                    chain = chain.compose(requeue -> disruption.session().list(Resource.PODS, namespace).compose(pods ->
                            then(budgets(Future.succeededFuture(requeue), disruption, namespace, pdb.result(), pods,
                                    DisruptionController.Controllers.NONE, now), disruption.steps(), StaleDisruptions.plan(pods, now))));
                }
                return chain.map(requeue -> new ControllerManager.Outcome(requeue, none));
            }
            Future<List<ObjectNode>> pods = replicaSets.session().list(Resource.PODS, namespace);
            Future<List<ObjectNode>> claims = sts.result().isEmpty() ? Future.succeededFuture(List.of())
                    : statefulSets.session().list(Resource.PERSISTENTVOLUMECLAIMS, namespace);
            return Future.all(pods, claims).compose(w -> {
                Future<Long> chain = cronChain;
                boolean deploymentsActed = false;
                for (ObjectNode deployment : d.result()) {
                    Plan plan = DeploymentController.plan(deployment, rs.result(), now);
                    deploymentsActed |= !plan.steps().isEmpty();
                    chain = then(chain, deployments.steps(), plan);
                }
                if (!deploymentsActed) {
                    for (ObjectNode replicaSet : rs.result()) {
                        chain = then(chain, replicaSets.steps(), ReplicaSetController.plan(replicaSet, pods.result(), now,
                                backoffs.remaining(Workload.uid(replicaSet))));
                    }
                }
                chain = then(chain, jobs.steps(), JobController.orphans(j.result(), pods.result()));
                for (ObjectNode job : j.result()) {
                    chain = then(chain, jobs.steps(), JobController.plan(job, pods.result(), now,
                            backoffs.remaining(Workload.uid(job))));
                    chain = then(chain, ttl.steps(), TtlAfterFinished.plan(job, now));
                }
                for (ObjectNode set : sts.result()) {
                    chain = then(chain, statefulSets.steps(), StatefulSetController.plan(set, pods.result(),
                            claims.result(), now, backoffs.remaining(Workload.uid(set))));
                }
                chain = budgets(chain, disruption, namespace, pdb.result(), pods.result(),
                        new DisruptionController.Controllers(rs.result(), d.result(), sts.result()), now);
                chain = then(chain, disruption.steps(), StaleDisruptions.plan(pods.result(), now));
                return chain.map(requeue -> new ControllerManager.Outcome(requeue, none));
            });
        });
    }

    /** The budgets' status, after reading the scale of the controllers no list of the pass holds, if a budget needs one. */
    private static Future<Long> budgets(Future<Long> chain, Controller disruption, String namespace, List<ObjectNode> budgets,
                                        List<ObjectNode> pods, DisruptionController.Controllers listed, Instant now) {
        if (budgets.isEmpty()) {
            return chain;
        }
        List<ObjectNode> scaled = new java.util.ArrayList<>();
        for (ObjectNode budget : budgets) {
            if (DisruptionController.needsScale(budget)) {
                scaled.addAll(DisruptionController.selected(budget, pods));
            }
        }
        return chain.compose(requeue -> ControllerScales.of(disruption.session(), namespace, scaled).compose(others -> {
            DisruptionController.Controllers controllers = listed.with(others);
            Future<Long> planned = Future.succeededFuture(requeue);
            for (ObjectNode budget : budgets) {
                planned = then(planned, disruption.steps(), DisruptionController.plan(budget, pods, controllers, now));
            }
            return planned;
        }));
    }

    private static Future<List<ObjectNode>> list(Controller controller, WorkloadKind kind, String namespace,
                                                 Set<WorkloadKind> absent) {
        return absent.contains(kind) ? Future.succeededFuture(List.of()) : controller.session().list(kind.resource, namespace);
    }

    private Future<Long> cronJobs(Controller controller, List<ObjectNode> cronJobs, List<ObjectNode> jobs, Instant now) {
        Future<Long> chain = Future.succeededFuture(0L);
        for (ObjectNode cronJob : cronJobs) {
            chain = then(chain, controller.steps(), CronJobController.plan(cronJob, jobs, now,
                    backoffs.remaining(Workload.uid(cronJob))));
        }
        return chain;
    }

    private static Future<Long> then(Future<Long> chain, Steps steps, Plan plan) {
        if (plan.steps().isEmpty() && plan.requeueMillis() == 0) {
            return chain;
        }
        return chain.compose(requeue -> steps.run(plan).map(more -> Steps.min(requeue, more)));
    }
}
