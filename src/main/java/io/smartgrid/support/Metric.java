package io.smartgrid.support;

/**
 * Every event the application counts: its name, the one label it may carry, and the HELP text Prometheus shows. A
 * counter is published as {@code smartgrid_<name>_total}, with the edge's {@code device} label.
 */
public enum Metric {
    READINGS_RECEIVED("readings_received", "MQTT messages the ingest route took, decodable or not"),
    READINGS_DECODED("readings_decoded", "readings decoded and admitted to the windows"),
    READINGS_REJECTED("readings_rejected", "reason",
            "messages refused as readings (payload, timestamp, topic or sensor bound); each is dead-lettered with its reason"),
    READINGS_LATE("readings_late", "window", "readings that came after their window had closed, counted and dropped (the window was already written)"),
    READINGS_HELD("readings_held", "reason", "readings held back as a possible sensor clock jump; dead-lettered, replayable"),
    READINGS_DUPLICATE("readings_duplicate", "readings delivered again that the windows already had, ignored"),
    READINGS_NOT_DURABLE("readings_not_durable",
            "readings left unacknowledged with the broker because the disk refused them; delivered again once it takes writes"),
    SENSOR_CLOCK_JUMPS("sensor_clock_jumps", "direction",
            "sensor clocks that went back, or jumped ahead (confirmed by a second reading)"),
    SENSORS_FORGOTTEN("sensors_forgotten", "silent sensors forgotten after smartgrid.sensor.forget-after"),
    SENSORS_UNTRACKED("sensors_untracked", "readings of sensors beyond smartgrid.max-sensors whose last-reading age is published"),
    WINDOWS_CLOSED("windows_closed", "window", "event-time windows closed, by stream (storage for InfluxDB, forecast for the forecaster)"),
    WINDOWS_FAILED("windows_failed", "window", "closed windows a route failed on, dead-lettered as line protocol under"
            + " dead-letter/<window>-windows-*.log"),
    VOLTAGE_EVENTS("voltage_events", "kind", "voltage events (dip, swell, interruption, rvc) written with the storage window they"
            + " ended in"),
    WINDOWS_RECOVERED("windows_recovered", "open windows rebuilt from the journal at start"),
    WINDOWS_NOT_KEPT("windows_not_kept", "storage windows whose point the disk refused; each waits in memory and goes out again"),
    JOURNAL_RECORDS_CORRUPT("journal_records_corrupt", "damaged journal records skipped at start (their readings are lost)"),
    JOURNAL_READINGS_UNDECODABLE("journal_readings_undecodable", "journalled payloads the current payload format cannot decode"),
    JOURNAL_CLOSED_LINES_CORRUPT("journal_closed_lines_corrupt", "damaged lines of closed.tsv, taken from its other generation"),
    JOURNAL_SYNCS("journal_syncs", "journal syncs to the disk; each releases the acknowledgements of the readings it made durable"),
    JOURNAL_SWEEP_FAILED("journal_sweep_failed", "journal segment prunes that failed (retried at the next close)"),
    POINTS_WRITTEN("points_written", "60 s points written to InfluxDB or the points file"),
    POINTS_SPOOLED("points_spooled", "60 s points queued in the disk spool while InfluxDB cannot take them"),
    POINTS_FAILED("points_failed", "60 s points that could not be written, dead-lettered for replay"),
    FORECAST_POINTS_WRITTEN("forecast_points_written", "forecast points written to InfluxDB or the points file"),
    FORECAST_POINTS_SPOOLED("forecast_points_spooled", "forecast points queued in the disk spool while InfluxDB cannot take them"),
    FORECAST_POINTS_FAILED("forecast_points_failed", "forecast points that could not be written, dead-lettered for replay"),
    FORECASTS("forecasts", "forecasts made"),
    FORECASTS_EVALUATED("forecasts_evaluated", "forecasts compared with the window they forecast"),
    FORECASTS_UNEVALUATED("forecasts_unevaluated", "forecasts whose target window never came (the sensor went silent or jumped)"),
    FORECASTS_SKIPPED("forecasts_skipped", "reason", "windows not forecast: a missing field, a non-finite value, or an error"),
    FORECAST_MISMATCHES("forecast_mismatches", "evaluated forecasts outside the tolerance (smartgrid.forecast.*)"),
    MODEL_SWAPS("model_swaps", "models swapped in without a restart"),
    MODEL_SWAP_REFUSED("model_swap_refused", "new models refused (checksum, features or check rows); the active one stays"),
    MODEL_POLL_FAILED("model_poll_failed", "model source polls that failed"),
    LIVE_SCORES_STORED("live_scores_stored", "hourly live-score blobs stored (every forecast's error per model version, next to the triplets)"),
    LIVE_SCORES_LATE("live_scores_late", "forecasts more than 6 hours behind the newest one, left out of the hourly live scores"),
    CANARIES_STARTED("canaries_started", "challengers published as a canary to a share of the edges"),
    CANARIES_PROMOTED("canaries_promoted", "canaries promoted to every edge on their live scores"),
    CANARIES_ROLLED_BACK("canaries_rolled_back", "canaries rolled back on their live scores or a canary edge's guard"),
    CANARY_GUARD_TRIPS("canary_guard_trips", "canary models this edge refused on its own, its live mismatch rate past smartgrid.retrain.canary-guard"),
    TRIPLETS_STORED("triplets_stored", "triplets stored, in blob storage or the local folder"),
    TRIPLET_BATCHES_STORED("triplet_batches_stored", "triplet batches stored"),
    TRIPLETS_SPOOLED("triplets_spooled", "triplets queued in the disk spool while blob storage cannot take them"),
    TRIPLET_BATCHES_FAILED("triplet_batches_failed", "triplet batches storage refused for good, dead-lettered"),
    TRIPLET_LINES_CORRUPT("triplet_lines_corrupt", "damaged lines of an open triplet batch, set aside at start"),
    SPOOLED("spooled", "spool", "entries put in a disk spool"),
    SPOOL_REPLAYED("spool_replayed", "spool", "spooled entries delivered later"),
    SPOOL_DROPPED("spool_dropped", "spool", "oldest spooled entries deleted unsent to keep the spool within"
            + " smartgrid.spool.max-bytes (lost)"),
    SPOOL_CORRUPT("spool_corrupt", "spool", "damaged spool entries set aside"),
    DEADLETTER_WRITTEN("deadletter_written", "kind",
            "entries written to the dead-letter folder, by kind (its file name: rejected, held, failed, points, triplets)"),
    DEADLETTER_WRITE_FAILED("deadletter_write_failed", "dead letters the disk refused (the reading stays with the broker)"),
    DEADLETTER_PAYLOADS_CUT("deadletter_payloads_cut", "dead-lettered payloads cut to their bound"),
    DEADLETTER_FILES_DROPPED("deadletter_files_dropped", "old dead-letter files deleted to keep smartgrid.deadletter.max-bytes"),
    DEADLETTER_ENTRIES_DROPPED("deadletter_entries_dropped", "dead-letter entries in the files so deleted"),
    DEADLETTER_BYTES_DROPPED("deadletter_bytes_dropped", "bytes of the dead-letter files so deleted"),
    FAILURES("failures", "route", "exchanges that failed in a route, dead-lettered"),
    INGEST_RESTARTS("ingest_restarts", "ingest route restarts (broker connection lost, feed stale, or disk back)"),
    KAFKA_RECORDS_PRODUCED("kafka_records_produced", "readings the bridge produced to Kafka, each acknowledged by Kafka before its MQTT message"),
    KAFKA_SENDS_FAILED("kafka_sends_failed", "records Kafka did not take: their MQTT messages stay with the broker until Kafka answers"),
    KAFKA_HEARTBEATS("kafka_heartbeats", "heartbeats the bridge wrote into the topic's partitions: what tells the workers a sensor is silent"),
    KAFKA_HEARTBEATS_FAILED("kafka_heartbeats_failed", "heartbeats Kafka did not take (no sensor counts as silent without them)"),
    KAFKA_CONTROL_RECORDS_DAMAGED("kafka_control_records_damaged", "control records a worker could not read, skipped (no window closed by them)"),
    KAFKA_CHECKPOINTS("kafka_checkpoints", "partition checkpoints a worker committed: the oldest open window's offset and the closed windows"),
    KAFKA_CHECKPOINTS_FAILED("kafka_checkpoints_failed", "reason",
            "checkpoints not committed: too_large (over smartgrid.kafka.checkpoint-max-bytes), refused (by Kafka), or"
            + " unsettled (a partition revoked while windows before it were being written)"),
    KAFKA_CHECKPOINTS_DAMAGED("kafka_checkpoints_damaged", "committed checkpoints a worker could not read: the partition was read"
            + " from the offset alone, and windows closed before it may be written again, whole"),
    KAFKA_PARTITIONS("kafka_partitions", "event", "partitions assigned to this worker, revoked from it (committed first, when"
            + " every window before the checkpoint is kept) or lost (not committed)"),
    WINDOWS_DROPPED("windows_dropped", "open windows of a partition that left this worker, dropped unwritten: its next owner rebuilds them"),
    ROUTES_RELOADED("routes_reloaded", "route files changed in smartgrid.routes.dir, checked and swapped in without a restart"),
    ROUTES_RELOAD_FAILURES("routes_reload_failures", "route files changed in smartgrid.routes.dir and refused by the check:"
            + " the routes running stay as they were (readiness names the last problem)"),
    RETRAIN_FAILURES("retrain_failures", "route", "retrainer route runs that failed (the next scan tries again)"),
    TRIPLETS_CONSUMED("triplets_consumed", "triplets the retrainer read"),
    MISMATCHES_CONSUMED("mismatches_consumed", "mismatch triplets the retrainer read"),
    MODELS_PUBLISHED("models_published", "models the retrainer published (better than the champion)"),
    MODELS_REJECTED("models_rejected", "models the retrainer trained and did not publish");

    private final String name;
    private final String label;
    private final String help;

    Metric(String name, String help) {
        this(name, null, help);
    }

    Metric(String name, String label, String help) {
        this.name = name;
        this.label = label;
        this.help = help;
    }

    /** The name without the application's prefix and the counter suffix. */
    public String metricName() {
        return name;
    }

    /** The label's name, or null for a counter without one. */
    public String label() {
        return label;
    }

    public String help() {
        return help;
    }
}
