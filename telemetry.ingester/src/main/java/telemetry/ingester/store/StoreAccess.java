package telemetry.ingester.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import telemetry.ingester.model.GroupHistoryView;
import telemetry.ingester.model.HistoryView;
import telemetry.ingester.model.StateView;
import telemetry.ingester.model.WindowView;

/**
 * What the views may ask of a running store, from any thread, without a lock: the published read
 * model, and requests that the store's own thread answers.
 */
public interface StoreAccess {

    /** The view last published (as old as the last {@link #fresh} request); never null once started. */
    StateView current();

    /** A view published after this call, so it holds everything stored before it. */
    CompletableFuture<StateView> fresh();

    /** The history of one process ({@code pid@hostname}); completes with null when it is unknown. */
    CompletableFuture<HistoryView> history(String key);

    /** The history of one process group, its processes' summed; completes with null when no process is in it. */
    CompletableFuture<GroupHistoryView> groupHistory(String group);

    /** One process's windows with their histograms; completes with null when it is unknown. */
    CompletableFuture<List<WindowView>> windowsWithBuckets(String key);

    /** Removes the completed slow records; completes with how many went. */
    CompletableFuture<Integer> clearCompletedSlow();
}
