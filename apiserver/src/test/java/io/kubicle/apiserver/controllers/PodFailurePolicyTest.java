package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class PodFailurePolicyTest {
    static final String RULES = "{'rules':["
            + "{'action':'Ignore','onPodConditions':[{'type':'DisruptionTarget','status':'True'}]},"
            + "{'action':'FailJob','onExitCodes':{'containerName':'main','operator':'In','values':[42]}},"
            + "{'action':'FailIndex','onExitCodes':{'operator':'In','values':[3]}},"
            + "{'action':'Count','onExitCodes':{'operator':'NotIn','values':[0,1]}}]}";

    static ObjectNode failed(String name, String container, int exitCode, String condition) {
        return Objects.parse("{'metadata':{'name':'" + name + "','namespace':'ns'},'status':{'phase':'Failed',"
                + "'conditions':[{'type':'" + condition + "','status':'True'}],"
                + "'containerStatuses':[{'name':'" + container + "','state':{'terminated':{'exitCode':" + exitCode + "}}}]}}");
    }

    static ObjectNode job() {
        ObjectNode job = JobControllerTest.job(1, 1, 6);
        job.with("spec").set("podFailurePolicy", Objects.parse(RULES));
        return job;
    }

    @Test
    void theFirstMatchingRuleDecidesWithKubesMessages() {
        PodFailurePolicy.Match failJob = PodFailurePolicy.match(job(), failed("p", "main", 42, "Ready"));
        assertEquals("FailJob", failJob.action());
        assertEquals("Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1",
                failJob.failJobMessage());

        PodFailurePolicy.Match ignored = PodFailurePolicy.match(job(), failed("p", "main", 42, "DisruptionTarget"));
        assertEquals("Ignore", ignored.action(), "rule 0 comes first");
        assertFalse(ignored.counts());

        assertEquals("Count", PodFailurePolicy.match(job(), failed("p", "side", 42, "Ready")).action(),
                "the FailJob rule names only container main");
        assertEquals("FailIndex", PodFailurePolicy.match(job(), failed("p", "side", 3, "Ready")).action());
        PodFailurePolicy.Match none = PodFailurePolicy.match(job(), failed("p", "main", 1, "Ready"));
        assertNull(none.action());
        assertEquals(true, none.counts(), "no rule matched: the failure counts");
    }

    @Test
    void podConditionRulesNameTheCondition() {
        ObjectNode job = JobControllerTest.job(1, 1, 6);
        job.with("spec").set("podFailurePolicy", Objects.parse(
                "{'rules':[{'action':'FailJob','onPodConditions':[{'type':'ConfigIssue'}]}]}"));
        assertEquals("Pod ns/p has condition ConfigIssue matching FailJob rule at index 0",
                PodFailurePolicy.match(job, failed("p", "main", 0, "ConfigIssue")).failJobMessage());
    }
}
