package io.smartgrid.edge;

import com.azure.storage.blob.BlobServiceClient;
import io.smartgrid.quality.VoltageEvents;
import io.smartgrid.quality.VoltageLimits;
import io.smartgrid.settings.Setting;
import io.smartgrid.settings.SettingValues;
import io.smartgrid.settings.Settings;
import io.smartgrid.support.BlobClients;
import io.smartgrid.support.Secret;
import io.smartgrid.window.SensorKey;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The edge's settings, read and checked once ({@link SettingValues}), and the places under the data folder that follow
 * from them: the wiring classes take their values from here, never from a property name of their own.
 */
public final class EdgeSettings {
    private final SettingValues values;

    public EdgeSettings(SettingValues values) {
        this.values = values;
    }

    public <T> T get(Setting<T> setting) {
        return values.get(setting);
    }

    /** The thresholds of the voltage events, from {@code smartgrid.quality.*}. */
    public VoltageLimits voltageLimits() {
        VoltageLimits standard = VoltageLimits.standard();
        return new VoltageLimits(values.get(Settings.QUALITY_DECLARED_VOLTAGE), values.get(Settings.QUALITY_DIP_PERCENT),
                values.get(Settings.QUALITY_SWELL_PERCENT), values.get(Settings.QUALITY_INTERRUPTION_PERCENT),
                values.get(Settings.QUALITY_HYSTERESIS_PERCENT), values.get(Settings.QUALITY_RVC_PERCENT),
                standard.steadyReadings(), standard.rvcHoldoffMs());
    }

    /** A detector of voltage events for one window processor, or null when {@code smartgrid.quality.events} is off. */
    public VoltageEvents<SensorKey> voltageEvents() {
        return values.get(Settings.QUALITY_EVENTS) ? new VoltageEvents<>(voltageLimits()) : null;
    }

    public Path dataDir() {
        return values.get(Settings.DATA_DIR);
    }

    public Path journalDir() {
        return dataDir().resolve("journal");
    }

    public Path deadLetterDir() {
        return dataDir().resolve("dead-letter");
    }

    /** The folder of every spool. */
    public Path spoolRoot() {
        return dataDir().resolve("spool");
    }

    /** Where a spool keeps what {@code destination} cannot take now. */
    public Path spoolDir(String destination) {
        return spoolRoot().resolve(destination);
    }

    /** With no InfluxDB URL the points go to the points file. */
    public boolean influxConfigured() {
        return !values.get(Settings.INFLUX_URL).isEmpty();
    }

    /** The device tag of every point, or null when points carry none. */
    public String deviceTag() {
        return values.get(Settings.INFLUX_DEVICE_TAG) ? values.get(Settings.DEVICE_ID) : null;
    }

    /** The storage account's client, when a connection string is configured; {@code tries} as {@link BlobClients}. */
    public Optional<BlobServiceClient> storageClient(int tries) {
        Secret connection = values.get(Settings.AZURE_CONNECTION_STRING);
        return connection.isSet() ? Optional.of(BlobClients.fromConnectionString(connection.reveal(), tries)) : Optional.empty();
    }
}
