package dev.parley.server.cluster;

/** The Redis pub/sub channels of the relay: one per node, and one every node listens to. */
record ClusterChannels(String prefix) {
    String of(String node) {
        return prefix + "relay:node:" + node;
    }

    String everyone() {
        return prefix + "relay:all";
    }
}
