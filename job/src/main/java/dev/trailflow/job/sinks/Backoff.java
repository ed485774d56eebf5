package dev.trailflow.job.sinks;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: 200 ms, 400 ms, 800 ms ... up to the cap, each wait drawn
 * between half and all of its step, so that the subtasks of a job (and the jobs of a cluster) that
 * failed together do not all come back in the same millisecond.
 */
public final class Backoff {

    public static final long INITIAL_MILLIS = 200;

    private final long capMillis;
    private final DoubleSupplier random;

    public Backoff(Duration cap, DoubleSupplier random) {
        this.capMillis = Math.max(INITIAL_MILLIS, cap.toMillis());
        this.random = random;
    }

    /** The wait before retry number {@code retry} (1 for the first). */
    public long millis(int retry) {
        int doublings = Math.max(0, Math.min(retry - 1, 40));
        long step = Math.min(capMillis, INITIAL_MILLIS << doublings);
        return step / 2 + (long) (random.getAsDouble() * (step - step / 2));
    }
}
