package dev.datomickit.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A deterministic clock for tests: each call to {@link #instant()} returns the next tick. */
final class TickingClock extends Clock {

    private final Instant start;
    private final Duration tick;
    private final AtomicLong calls = new AtomicLong();

    TickingClock(Instant start, Duration tick) {
        this.start = start;
        this.tick = tick;
    }

    @Override
    public Instant instant() {
        return start.plus(tick.multipliedBy(calls.getAndIncrement()));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a TickingClock is UTC only");
    }
}
