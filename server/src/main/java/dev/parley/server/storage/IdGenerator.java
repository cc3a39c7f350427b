package dev.parley.server.storage;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.UUID;

/** Time-ordered UUIDv7 ids: made on any node without a database round trip, and index-friendly. */
public final class IdGenerator {
    private final TimeBasedEpochGenerator generator = Generators.timeBasedEpochGenerator();

    public UUID next() {
        return generator.generate();
    }
}
