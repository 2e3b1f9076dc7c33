package io.smartgrid.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for a condition the application reaches on its own (a counter, a state), with a deadline. */
public final class Await {
    private Await() {
    }

    /** A condition asked of a server, which may fail to answer for a while. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    /** As {@link #until}, a check that throws counting as not reached yet. */
    public static void untilAnswered(Duration timeout, Check condition, Supplier<String> whatWasSeen) {
        until(timeout, () -> {
            try {
                return condition.holds();
            } catch (Exception e) {
                return false;
            }
        }, whatWasSeen);
    }

    public static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatWasSeen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached within " + timeout + ": " + whatWasSeen.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }
}
