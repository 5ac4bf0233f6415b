package io.filejobs.core.job;

import io.filejobs.core.error.FieldError;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The order of a job's steps: each step waits for the steps its {@code after} names (by default the
 * step before it), and steps none of whose waits are outstanding run at the same time. Two steps
 * may run at once when neither waits, directly or through others, for the other.
 */
public final class StepGraph {

    private final List<List<Integer>> waitsFor;
    /** {@code before[a][b]}: step a finishes before step b starts (b waits for a, directly or through others). */
    private final boolean[][] before;
    private final List<Integer> order;

    private StepGraph(List<List<Integer>> waitsFor, boolean[][] before, List<Integer> order) {
        this.waitsFor = waitsFor;
        this.before = before;
        this.order = order;
    }

    /**
     * Checks the {@code after} of each step: ids of other steps of the job, none twice, and no step
     * waiting, through others, for itself. Each problem is reported naming the field.
     */
    public static void check(List<Step> steps, List<FieldError> errors) {
        int n = steps.size();
        boolean broken = false;
        for (int i = 0; i < n; i++) {
            List<Integer> after = steps.get(i).after();
            if (after == null) {
                continue;
            }
            Set<Integer> seen = new HashSet<>();
            for (int j = 0; j < after.size(); j++) {
                int id = after.get(j);
                String field = "steps[" + i + "].after[" + j + "]";
                if (id < 0 || id >= n) {
                    errors.add(new FieldError(field, "names step " + id + ", which the job does not have (its step ids run 0.." + (n - 1) + ")"));
                    broken = true;
                } else if (id == i) {
                    errors.add(new FieldError(field, "names the step itself; a step cannot wait for itself"));
                    broken = true;
                } else if (!seen.add(id)) {
                    errors.add(new FieldError(field, "names step " + id + " a second time"));
                    broken = true;
                }
            }
        }
        if (broken) {
            return;
        }
        List<Integer> cycle = cycle(steps);
        if (!cycle.isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (int id : cycle) {
                path.append(path.length() == 0 ? "" : " -> ").append(id);
            }
            errors.add(new FieldError("steps[" + cycle.get(0) + "].after", "makes the steps wait for each other in a circle (step " + path
                    + " waits for the next), so none of them could ever start"));
        }
    }

    /** The graph of steps that passed {@link #check}. */
    public static StepGraph of(List<Step> steps) {
        int n = steps.size();
        List<List<Integer>> waitsFor = new ArrayList<>();
        for (Step step : steps) {
            waitsFor.add(step.waitsFor().stream().filter(id -> id >= 0 && id < n && id != step.id()).toList());
        }
        List<Integer> order = topological(waitsFor);
        if (order.size() != n) {
            throw new IllegalArgumentException("the steps wait for each other in a circle");
        }
        boolean[][] before = new boolean[n][n];
        for (int b : order) {
            for (int a : waitsFor.get(b)) {
                before[a][b] = true;
                for (int c = 0; c < n; c++) {
                    if (before[c][a]) {
                        before[c][b] = true;
                    }
                }
            }
        }
        return new StepGraph(waitsFor, before, order);
    }

    /** Whether steps a and b may run at the same time: neither finishes before the other starts. */
    public boolean mayRunTogether(int a, int b) {
        return a != b && !before[a][b] && !before[b][a];
    }

    /** Whether step a finishes before step b starts. */
    public boolean before(int a, int b) {
        return before[a][b];
    }

    /** The step ids in an order in which each comes after every step it waits for. */
    public List<Integer> order() {
        return order;
    }

    /** The steps it waits for directly. */
    public List<Integer> waitsFor(int step) {
        return waitsFor.get(step);
    }

    /** The steps not yet {@code done} all of whose waits are: what runs next. */
    public List<Integer> ready(IntPredicate done) {
        List<Integer> ready = new ArrayList<>();
        for (int id : order) {
            if (!done.test(id) && waitsFor.get(id).stream().allMatch(done::test)) {
                ready.add(id);
            }
        }
        ready.sort(null);
        return ready;
    }

    private static List<Integer> topological(List<List<Integer>> waitsFor) {
        int n = waitsFor.size();
        int[] outstanding = new int[n];
        List<List<Integer>> next = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            next.add(new ArrayList<>());
        }
        for (int b = 0; b < n; b++) {
            for (int a : waitsFor.get(b)) {
                outstanding[b]++;
                next.get(a).add(b);
            }
        }
        Deque<Integer> free = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (outstanding[i] == 0) {
                free.add(i);
            }
        }
        List<Integer> order = new ArrayList<>();
        while (!free.isEmpty()) {
            int a = free.poll();
            order.add(a);
            for (int b : next.get(a)) {
                if (--outstanding[b] == 0) {
                    free.add(b);
                }
            }
        }
        return order;
    }

    /** One circle of waits among the steps, as step ids (the first repeated at the end), or empty when there is none. */
    private static List<Integer> cycle(List<Step> steps) {
        int n = steps.size();
        List<List<Integer>> waitsFor = steps.stream().map(s -> s.waitsFor().stream().filter(id -> id >= 0 && id < n).toList()).toList();
        int[] state = new int[n];
        for (int start = 0; start < n; start++) {
            Deque<Integer> path = new ArrayDeque<>();
            List<Integer> found = visit(start, waitsFor, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<Integer> visit(int node, List<List<Integer>> waitsFor, int[] state, Deque<Integer> path) {
        if (state[node] == 2) {
            return List.of();
        }
        if (state[node] == 1) {
            List<Integer> circle = new ArrayList<>();
            boolean in = false;
            for (java.util.Iterator<Integer> it = path.descendingIterator(); it.hasNext(); ) {
                int id = it.next();
                in |= id == node;
                if (in) {
                    circle.add(id);
                }
            }
            circle.add(node);
            return circle;
        }
        state[node] = 1;
        path.push(node);
        for (int next : waitsFor.get(node)) {
            List<Integer> found = visit(next, waitsFor, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.pop();
        state[node] = 2;
        return List.of();
    }
}
