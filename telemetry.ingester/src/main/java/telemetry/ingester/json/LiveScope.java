package telemetry.ingester.json;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import telemetry.ingester.model.ProcessView;
import telemetry.ingester.model.SlowView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.WindowView;

/**
 * The part of a view one subscription gets, so a client's traffic follows what it shows, not the
 * process count:
 * <ul>
 * <li>a selected process: that process, its windows with their histograms (asked of the store for
 * it: the published view leaves process histograms out);</li>
 * <li>a selected group: its processes;</li>
 * <li>otherwise the {@value #BUSIEST} busiest processes by 1-minute throughput;</li>
 * <li>the {@code processes} view (the lifetime timeline) instead gets every process of its scope in
 * the lean form (identity and state, no sample, no windows);</li>
 * <li>slot arrays (fields 110-114) only for the {@code capacity} view, for at most the
 * {@value #SLOTS} busiest processes of the scope by 1-minute capacity utilisation;</li>
 * <li>slow records only for the {@code slow} view, those of the scope, and for the {@code capacity}
 * view those of the processes whose slots it draws (a slow cell opens its record).</li>
 * </ul>
 * {@link Subscription#EVERYTHING} gets everything. Pure function of the subscription and an
 * immutable view: the same subscription over the same view always selects the same part, which is
 * what lets an update be the difference of two selections.
 */
final class LiveScope {

    static final int BUSIEST = 50;
    static final int SLOTS = 24;

    private static final Comparator<ProcessView> BY_THROUGHPUT = Comparator.comparingDouble(
                    (ProcessView p) -> -p.window(1).throughput())
            .thenComparing(ProcessView::key);
    private static final Comparator<ProcessView> BY_CAPACITY = Comparator.comparingDouble(
                    (ProcessView p) -> -p.window(1).capacityUtilization())
            .thenComparing(BY_THROUGHPUT);

    /** The processes sent, by key, in the view's order. */
    final Map<String, ProcessView> processes;
    /** Identity and state only. */
    final boolean lean;
    /** Keys whose sample keeps its slot arrays; null: all of them. */
    private final Set<String> slots;

    private final Subscription subscription;
    private final ProcessView selected;
    /** pid and group of the processes whose slots are sent (their slow records go with them). */
    private final Set<String> slotOwners;
    /** The selected process's windows with histograms, or null. */
    private final List<WindowView> selectedWindows;

    private LiveScope(
            Map<String, ProcessView> processes,
            boolean lean,
            Set<String> slots,
            Subscription subscription,
            ProcessView selected,
            List<WindowView> selectedWindows) {
        this.processes = processes;
        this.lean = lean;
        this.slots = slots;
        this.subscription = subscription;
        this.selected = selected;
        this.selectedWindows = selectedWindows;
        Set<String> owners = new HashSet<>();
        if (slots != null) {
            for (String key : slots) {
                ProcessView p = processes.get(key);
                if (p != null) {
                    owners.add(owner(p.pid(), p.processGroup()));
                }
            }
        }
        this.slotOwners = owners;
    }

    static LiveScope of(Subscription s, StateView view) {
        return of(s, view, null);
    }

    /** {@code selectedWindows}: the selected process's windows with histograms, when the caller has them. */
    static LiveScope of(Subscription s, StateView view, List<WindowView> selectedWindows) {
        if (s.everything()) {
            return new LiveScope(byKey(view.processes()), false, null, s, null, null);
        }
        ProcessView selected = s.process() == null ? null : view.process(s.process());
        List<ProcessView> scope = new ArrayList<>();
        if (s.process() != null) {
            if (selected != null) {
                scope.add(selected);
            }
        } else {
            for (ProcessView p : view.processes()) {
                if (s.group() == null || s.group().equals(p.processGroup())) {
                    scope.add(p);
                }
            }
        }
        boolean lean = "processes".equals(s.view()) && s.process() == null;
        if (!lean && s.process() == null && s.group() == null && scope.size() > BUSIEST) {
            scope = keepInViewOrder(scope, top(scope, BY_THROUGHPUT, BUSIEST));
        }
        Set<String> slots = Set.of();
        if ("capacity".equals(s.view())) {
            slots = top(scope, BY_CAPACITY, SLOTS);
        }
        return new LiveScope(byKey(scope), lean, slots, s, selected, selected == null ? null : selectedWindows);
    }

    private static String owner(long pid, String group) {
        return pid + "\u0000" + group;
    }

    /** The windows sent for {@code p}: with histograms for the selected process when they are known. */
    List<WindowView> windows(ProcessView p) {
        return p == selected && selectedWindows != null ? selectedWindows : p.windows();
    }

    /** Whether {@code p}'s windows carry their histograms. */
    boolean buckets(ProcessView p) {
        return p == selected && selectedWindows != null;
    }

    /** Whether {@code key}'s sample is sent with its slot arrays. */
    boolean slots(String key) {
        return slots == null || slots.contains(key);
    }

    /** Whether slow records are sent at all. */
    boolean slowRecords() {
        return subscription.everything()
                || "slow".equals(subscription.view())
                || "capacity".equals(subscription.view());
    }

    /** Whether {@code s} belongs to the scope (only asked when {@link #slowRecords()}). */
    boolean includes(SlowView s) {
        if ("capacity".equals(subscription.view())) {
            return slotOwners.contains(owner(s.pid(), s.processGroup()));
        }
        if (subscription.process() != null) {
            return selected != null
                    && s.pid() == selected.pid()
                    && s.processGroup().equals(selected.processGroup());
        }
        return subscription.group() == null || subscription.group().equals(s.processGroup());
    }

    private static Set<String> top(List<ProcessView> processes, Comparator<ProcessView> order, int n) {
        Set<String> keys = new HashSet<>();
        processes.stream().sorted(order).limit(n).forEach(p -> keys.add(p.key()));
        return keys;
    }

    private static List<ProcessView> keepInViewOrder(List<ProcessView> processes, Set<String> keys) {
        List<ProcessView> kept = new ArrayList<>(keys.size());
        for (ProcessView p : processes) {
            if (keys.contains(p.key())) {
                kept.add(p);
            }
        }
        return kept;
    }

    private static Map<String, ProcessView> byKey(List<ProcessView> processes) {
        Map<String, ProcessView> m = new LinkedHashMap<>(processes.size() * 2);
        for (ProcessView p : processes) {
            m.put(p.key(), p);
        }
        return m;
    }
}
