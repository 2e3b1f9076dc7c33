package io.smartgrid.support;

import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;

import java.nio.file.AccessDeniedException;

import static org.junit.jupiter.api.Assertions.assertTrue;

class FailuresTest {
    @Test
    void theReasonNamesTheCauseBehindCamelsWrapper() {
        Exception wrapped = new CamelExecutionException("Exception occurred during execution on the exchange", null,
                new IllegalStateException("journal not writable", new AccessDeniedException("/data/journal/0001.journal")));
        String reason = Failures.describe(wrapped);
        assertTrue(reason.startsWith("IllegalStateException: journal not writable"), reason);
        assertTrue(reason.contains("cause: AccessDeniedException: /data/journal/0001.journal"), reason);
    }
}
