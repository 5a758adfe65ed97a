package org.gqa4j.core.data;

/** A built-in dataset as listed by {@code gqa datasets}: bar count and span (Unix ms of the first and last bar). */
public record DatasetInfo(String name, String source, int bars, long firstMillis, long lastMillis,
                          String description) {
}
