package io.smartgrid.forecast;

import com.azure.storage.blob.BlobServiceClient;
import io.smartgrid.model.BlobModelSource;
import io.smartgrid.model.FolderModelSource;
import io.smartgrid.model.ModelSource;
import io.smartgrid.model.ModelUpdater;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.BlobClients;
import io.smartgrid.support.Secrets;
import io.smartgrid.triplet.NdjsonBatchStrategy;
import io.smartgrid.triplet.TripletBatchRepository;
import io.smartgrid.triplet.TripletBlobName;
import io.smartgrid.triplet.TripletJson;
import io.smartgrid.triplet.TripletSampler;
import io.smartgrid.triplet.TripletStore;
import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.spool.DiskSpool;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.spool.Spools;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;

/** The forecasting beans of the edge: forecaster, model updater, triplet batching and storage. */
public final class ForecastConfiguration implements CamelConfiguration {
    private Forecaster forecaster;
    private BlobServiceClient blobs;
    private boolean blobsResolved;

    @BindToRegistry(value = "forecaster", destroyMethod = "close")
    public synchronized Forecaster forecaster(@BeanInject("counters") Counters counters,
                                              @PropertyInject("smartgrid.forecast.abs-tolerance-w") double abs,
                                              @PropertyInject("smartgrid.forecast.rel-tolerance") double rel,
                                              @PropertyInject("smartgrid.sensor.forget-after") String forgetAfter) {
        if (forecaster == null) {
            forecaster = new Forecaster(new MismatchRule(abs, rel), counters, Clock.systemUTC(),
                    io.smartgrid.support.Durations.parsePositive("smartgrid.sensor.forget-after", forgetAfter));
        }
        return forecaster;
    }

    @BindToRegistry("modelUpdater")
    public ModelUpdater modelUpdater(@BeanInject("counters") Counters counters,
                                     @PropertyInject("smartgrid.forecast.abs-tolerance-w") double abs,
                                     @PropertyInject("smartgrid.forecast.rel-tolerance") double rel,
                                     @PropertyInject("smartgrid.model.source") String source,
                                     @BeanInject("payloadFormat") PayloadFormat format,
                                     @PropertyInject("smartgrid.azure.connection-string") String connection,
                                     @PropertyInject("smartgrid.azure.connection-string-file") String connectionFile,
                                     @PropertyInject("smartgrid.model.native-check") boolean nativeCheck,
                                     @PropertyInject("smartgrid.sensor.forget-after") String forgetAfter) {
        // the native library costs memory and start-up; the edge forecasts without it, so it is only a cross-check
        NativeXGBoost xgboost = nativeCheck ? NativeXGBoost.system()
                : NativeXGBoost.unavailable("not used (smartgrid.model.native-check=false)");
        return new ModelUpdater(modelSource(source, connection, connectionFile), forecaster(counters, abs, rel, forgetAfter),
                fields(format), counters, xgboost);
    }

    private ModelSource modelSource(String source, String connection, String connectionFile) {
        if (source.startsWith("folder:")) {
            return new FolderModelSource(Path.of(source.substring("folder:".length())));
        }
        if (source.startsWith("blob:")) {
            BlobServiceClient client = blobs(connection, connectionFile);
            if (client == null) {
                throw new IllegalArgumentException("smartgrid.model.source: " + source
                        + " needs a storage connection string (AZURE_STORAGE_CONNECTION_STRING)");
            }
            return new BlobModelSource(client.getBlobContainerClient(source.substring("blob:".length())));
        }
        throw new IllegalArgumentException("smartgrid.model.source: '" + source + "' is neither folder:<path> nor blob:<container>");
    }

    /** Every measurement name of the payload format: what a model's features may refer to. */
    public static Set<String> fields(PayloadFormat format) {
        Set<String> out = new TreeSet<>();
        format.layouts().forEach(l -> out.addAll(l.measurementNames()));
        return out;
    }

    @BindToRegistry("tripletJson")
    public TripletJson tripletJson() {
        return new TripletJson();
    }

    @BindToRegistry("tripletSampler")
    public TripletSampler tripletSampler(@PropertyInject("smartgrid.triplets.good-fraction") double fraction) {
        return new TripletSampler(fraction);
    }

    @BindToRegistry("ndjsonBatch")
    public NdjsonBatchStrategy ndjsonBatch() {
        return new NdjsonBatchStrategy();
    }

    @BindToRegistry("tripletBatches")
    public TripletBatchRepository tripletBatches(@PropertyInject("smartgrid.data-dir") String dataDir,
                                                 @PropertyInject("smartgrid.triplets.batch-timeout-ms") long timeoutMs,
                                                 @BeanInject("counters") Counters counters)
            throws java.io.IOException {
        return new TripletBatchRepository(Path.of(dataDir, "triplet-batch"), timeoutMs, counters);
    }

    @BindToRegistry("tripletBlobName")
    public TripletBlobName tripletBlobName(@BeanInject("counters") Counters counters,
                                           @PropertyInject("smartgrid.device-id") String deviceId,
                                           @PropertyInject("smartgrid.triplets.container") String container,
                                           @PropertyInject("smartgrid.azure.connection-string") String connection,
                                           @PropertyInject("smartgrid.azure.connection-string-file") String connectionFile) {
        return new TripletBlobName(deviceId, blobs(connection, connectionFile) != null, Clock.systemUTC(), counters);
    }

    @BindToRegistry("tripletStore")
    public TripletStore tripletStore(@BeanInject("counters") Counters counters,
                                     @BeanInject("spools") Spools spools,
                                     @BeanInject("deadLetterFile") DeadLetterFile dead,
                                     @PropertyInject("smartgrid.triplets.container") String container,
                                     @PropertyInject("smartgrid.azure.account") String account,
                                     @PropertyInject("smartgrid.azure.connection-string") String connection,
                                     @PropertyInject("smartgrid.azure.connection-string-file") String connectionFile,
                                     @PropertyInject("smartgrid.data-dir") String dataDir,
                                     @PropertyInject("smartgrid.spool.max-bytes") long spoolBytes,
                                     @PropertyInject("smartgrid.spool.min-backoff-ms") long minBackoff,
                                     @PropertyInject("smartgrid.spool.max-backoff-ms") long maxBackoff) throws java.io.IOException {
        BlobServiceClient client = blobs(connection, connectionFile);
        TripletStore store = new TripletStore("azure-storage-blob://" + account + "/" + container
                + "?operation=uploadBlockBlob&serviceClient=#blobServiceClient",
                client == null ? null : client.getBlobContainerClient(container), counters);
        if (client == null) {
            // no storage account: the route writes batches to the local folder and never calls the store
            return store;
        }
        SpoolingForwarder forwarder = new SpoolingForwarder(
                new DiskSpool(Path.of(dataDir, "spool", "triplets"), spoolBytes, "triplets", counters), store,
                (entry, reason) -> {
                    counters.increment("triplet_batches_failed");
                    dead.append("triplets", reason, new String(entry, java.nio.charset.StandardCharsets.UTF_8).replace('\n', ' '));
                }, counters, Clock.systemUTC(), minBackoff, maxBackoff);
        store.forwardVia(forwarder);
        spools.add(forwarder);
        return store;
    }

    /** The storage client from a standard connection string (Azure or Azurite); null when none is configured. */
    private synchronized BlobServiceClient blobs(String connection, String connectionFile) {
        if (!blobsResolved) {
            blobsResolved = true;
            boolean configured = (connection != null && !connection.isBlank()) || (connectionFile != null && !connectionFile.isBlank());
            if (configured) {
                blobs = BlobClients.fromConnectionString(
                        Secrets.read("smartgrid.azure.connection-string", connection, connectionFile), 1);
            }
        }
        return blobs;
    }

    @BindToRegistry("ingestReadiness")
    public io.smartgrid.health.IngestHealthCheck ingestReadiness(@BeanInject("ingestWatchdog") io.smartgrid.mqtt.IngestWatchdog watchdog,
                                                                 @BeanInject("forecaster") Forecaster forecaster,
                                                                 @BeanInject("modelUpdater") ModelUpdater updater,
                                                                 @BeanInject("windows") io.smartgrid.window.WindowProcessor windows) {
        return new io.smartgrid.health.IngestHealthCheck(watchdog, forecaster, updater::whyNoModel, windows::storageProblem, true);
    }

    @BindToRegistry("ingestLiveness")
    public io.smartgrid.health.IngestHealthCheck ingestLiveness(@BeanInject("ingestWatchdog") io.smartgrid.mqtt.IngestWatchdog watchdog,
                                                                @BeanInject("forecaster") Forecaster forecaster,
                                                                @BeanInject("modelUpdater") ModelUpdater updater,
                                                                @BeanInject("windows") io.smartgrid.window.WindowProcessor windows) {
        return new io.smartgrid.health.IngestHealthCheck(watchdog, forecaster, updater::whyNoModel, windows::storageProblem, false);
    }

    @BindToRegistry("metricsBinder")
    public io.smartgrid.health.MetricsBinder metricsBinder(@BeanInject("counters") Counters counters,
                                                          @BeanInject("spools") Spools spools,
                                                          @BeanInject("ingestWatchdog") io.smartgrid.mqtt.IngestWatchdog watchdog,
                                                          @BeanInject("forecaster") Forecaster forecaster) throws Exception {
        return new io.smartgrid.health.MetricsBinder(counters, spools, watchdog, forecaster);
    }

    @Override
    public void configure(CamelContext context) {
        // the component reaches Azurite or any endpoint only through a client we build from the connection string
        String connection = context.getPropertiesComponent().resolveProperty("smartgrid.azure.connection-string").orElse("");
        String file = context.getPropertiesComponent().resolveProperty("smartgrid.azure.connection-string-file").orElse("");
        BlobServiceClient client = blobs(connection, file);
        if (client != null) {
            context.getRegistry().bind("blobServiceClient", client);
        }
    }
}
