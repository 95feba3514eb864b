package io.clientele.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first night's parallel extract processes race to make the warehouse's salt: one wins, all use it. */
class PiiSaltTest {

    @TempDir
    Path meta;

    @Test
    void partiesRacingToMakeTheSaltAllGetTheSameOne() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(PiiSalt.ENVIRONMENT_VARIABLE) == null);
        int parties = 8;
        ExecutorService pool = Executors.newFixedThreadPool(parties);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> salts = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            Callable<String> make = () -> {
                start.await();
                return PiiSalt.forWarehouse(meta);
            };
            salts.add(pool.submit(make));
        }
        start.countDown();
        List<String> seen = new ArrayList<>();
        for (Future<String> salt : salts) {
            seen.add(salt.get());
        }
        pool.shutdown();
        assertThat(seen)
                .hasSize(parties)
                .containsOnly(Files.readString(meta.resolve("pii-salt")).strip());
        assertThat(seen.get(0)).hasSize(64);
        // nothing left over from the losers
        try (var files = Files.list(meta)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("pii-salt");
        }
    }
}
