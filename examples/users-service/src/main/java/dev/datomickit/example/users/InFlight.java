package dev.datomickit.example.users;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Counts the requests being handled, so that stopping can refuse new ones and wait for these.
 * Thread-safe.
 */
final class InFlight {

    private int running; // guarded by this
    private boolean closed; // guarded by this

    /**
     * Admits a request.
     *
     * @return {@code false} once {@link #close} was called: the request must be refused
     */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        running++;
        return true;
    }

    /** Ends a request admitted by {@link #enter()}. */
    synchronized void exit() {
        running--;
        if (running == 0) {
            notifyAll();
        }
    }

    /**
     * Refuses every further request, then waits until the admitted ones end or {@code grace}
     * elapses.
     *
     * @return how many requests were still running when it stopped waiting; 0 when all ended
     */
    synchronized int close(Duration grace) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return running;
    }
}
