package dev.datomickit.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link TransactBench} from one thread. */
@Threads(1)
public class Transact1Thread extends TransactBench {}
