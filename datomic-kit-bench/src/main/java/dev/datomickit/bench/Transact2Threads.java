package dev.datomickit.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link TransactBench} from two threads writing to the same connection (or database value). */
@Threads(2)
public class Transact2Threads extends TransactBench {}
