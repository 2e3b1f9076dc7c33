package io.smartgrid.model;

import io.smartgrid.support.Checksums;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The canary in {@code latest.json}: a challenger that a share of the fleet runs before the rest takes it. Each edge
 * decides from {@code latest.json} alone whether it is a canary edge: named in {@code edges}, or, when none are named,
 * its {@code smartgrid.device-id}'s stable hash falls below {@code share}. The same edges stay canaries for as long as
 * the canary runs, and a share of 10 % picks about one edge in ten.
 *
 * @param model the canary model (version, file, sha256, check file)
 * @param share the fleet's share that runs it, 0 to 1, when {@code edges} is empty
 * @param edges the device ids that run it, if named
 * @param since when the canary started (the retrainer's clock): its bake period counts from here
 * @param guardRate a canary edge refuses the canary on its own once more than this share of its forecasts there missed
 * @param guardMinForecasts ... counted from this many forecasts on
 */
public record Canary(LatestModel model, double share, List<String> edges, Instant since, double guardRate,
                     long guardMinForecasts) {
    /** Whether the edge of this device id runs the canary. */
    public boolean runsOn(String deviceId) {
        return edges.isEmpty() ? position(deviceId) < share : edges.contains(deviceId);
    }

    /** Where a device id falls in [0, 1): the first 53 bits of its SHA-256, the same on every machine and every run. */
    public static double position(String deviceId) {
        String hex = Checksums.sha256(deviceId.getBytes(StandardCharsets.UTF_8));
        return (Long.parseUnsignedLong(hex.substring(0, 16), 16) >>> 11) * 0x1.0p-53;
    }
}
