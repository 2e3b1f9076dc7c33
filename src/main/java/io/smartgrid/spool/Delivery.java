package io.smartgrid.spool;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How a failed delivery is to be treated: tried again later (with a wait the server may name), or never. */
public record Delivery(boolean retryable, long retryAfterMs, String reason) {
    /** Connection errors, 429 and 5xx are worth another try; any other 4xx will never succeed. */
    public static Delivery ofStatus(int status, String retryAfterHeader, String reason) {
        boolean retry = status == 0 || status == 408 || status == 429 || status >= 500;
        return new Delivery(retry, retryAfterMs(retryAfterHeader), reason);
    }

    private static long retryAfterMs(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()) * 1000);
        } catch (NumberFormatException dateForm) {
            try {
                return Math.max(0, ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException unreadable) {
                return 0;
            }
        }
    }
}
