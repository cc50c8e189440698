package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A set of completion indexes of an Indexed Job, written as kube writes status.completedIndexes and
 * status.failedIndexes: ordered intervals, "1,3-5" (two neighbours as "1,2"). Parsing drops what
 * is not below completions and skips corrupt pieces, as the job controller's parseIndexesFromString.
 */
final class JobIndexes {
    static final String INDEX = "batch.kubernetes.io/job-completion-index";
    static final String FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count";
    static final String IGNORED_FAILURE_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count";

    private final TreeSet<Integer> indexes;

    private JobIndexes(TreeSet<Integer> indexes) {
        this.indexes = indexes;
    }

    static JobIndexes none() {
        return new JobIndexes(new TreeSet<>());
    }

    static JobIndexes parse(String text, int completions) {
        TreeSet<Integer> set = new TreeSet<>();
        if (text == null || text.isEmpty()) {
            return new JobIndexes(set);
        }
        for (String piece : text.split(",")) {
            String[] limits = piece.split("-", 2);
            int first;
            int last;
            try {
                first = Integer.parseInt(limits[0]);
                last = limits.length > 1 ? Integer.parseInt(limits[1]) : first;
            } catch (NumberFormatException e) {
                continue;
            }
            if (first >= completions) {
                break;
            }
            for (int i = Math.max(0, first); i <= Math.min(last, completions - 1); i++) {
                set.add(i);
            }
        }
        return new JobIndexes(set);
    }

    JobIndexes with(Collection<Integer> more) {
        TreeSet<Integer> set = new TreeSet<>(indexes);
        set.addAll(more);
        return new JobIndexes(set);
    }

    boolean has(int index) {
        return indexes.contains(index);
    }

    int total() {
        return indexes.size();
    }

    /** The first {@code count} indexes below {@code completions} in none of the given sets (firstPendingIndexes). */
    static List<Integer> firstPending(int count, int completions, JobIndexes... taken) {
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < completions && pending.size() < count; i++) {
            boolean free = true;
            for (JobIndexes t : taken) {
                free &= !t.has(i);
            }
            if (free) {
                pending.add(i);
            }
        }
        return pending;
    }

    /** The pod's completion index from its annotation, or -1 when it has none (getCompletionIndex). */
    static int of(JsonNode pod) {
        return count(pod, INDEX, -1);
    }

    /** A non-negative number from a pod annotation, else {@code fallback}. */
    static int count(JsonNode pod, String annotation, int fallback) {
        String value = pod.path("metadata").path("annotations").path(annotation).asText("");
        try {
            int n = Integer.parseInt(value);
            return n < 0 ? fallback : n;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        Integer first = null;
        Integer last = null;
        for (int i : indexes) {
            if (last != null && i == last + 1) {
                last = i;
                continue;
            }
            append(out, first, last);
            first = i;
            last = i;
        }
        append(out, first, last);
        return out.toString();
    }

    private static void append(StringBuilder out, Integer first, Integer last) {
        if (first == null) {
            return;
        }
        if (out.length() > 0) {
            out.append(',');
        }
        out.append(first);
        if (last > first) {
            out.append(last == first + 1 ? ',' : '-').append(last);
        }
    }
}
