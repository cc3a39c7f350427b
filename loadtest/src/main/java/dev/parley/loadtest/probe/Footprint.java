package dev.parley.loadtest.probe;

/** The server's memory at one moment: heap used right after a full GC, and resident set size. */
public record Footprint(long heapKib, long rssKib) {
}
