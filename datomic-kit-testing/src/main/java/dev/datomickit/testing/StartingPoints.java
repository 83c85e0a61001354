package dev.datomickit.testing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import datomic.Connection;

/**
 * The cache of built starting points: one entry per definition, expiring its time to live after it
 * was built. Loading is atomic per key, so concurrent first uses build once.
 */
final class StartingPoints {

    static final StartingPoints SHARED = new StartingPoints(Ticker.systemTicker());

    private final Cache<StartingPoint, Connection> cache;

    StartingPoints(Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .ticker(ticker)
                .expireAfter(Expiry.writing((StartingPoint key, Connection built) -> key.ttl()))
                // Evictions only drop references; run them on the caller rather than a pool.
                .executor(Runnable::run)
                .build();
    }

    /** The built connection for {@code startingPoint}; never written to, only forked. */
    Connection get(StartingPoint startingPoint) {
        return cache.get(startingPoint, StartingPoint::build);
    }
}
