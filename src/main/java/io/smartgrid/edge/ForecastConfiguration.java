package io.smartgrid.edge;

import com.azure.storage.blob.BlobServiceClient;
import io.smartgrid.deadletter.DeadLetterFile;
import io.smartgrid.deadletter.DeadLetterKind;
import io.smartgrid.forecast.Forecaster;
import io.smartgrid.forecast.LiveScores;
import io.smartgrid.forecast.MismatchRule;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.model.BlobModelSource;
import io.smartgrid.model.CanaryGuard;
import io.smartgrid.model.FolderModelSource;
import io.smartgrid.model.ModelSource;
import io.smartgrid.model.ModelUpdater;
import io.smartgrid.settings.ModelLocation;
import io.smartgrid.spool.SpoolingForwarder;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import io.smartgrid.triplet.NdjsonBatchStrategy;
import io.smartgrid.triplet.SpooledBatch;
import io.smartgrid.triplet.SpooledTripletSink;
import io.smartgrid.triplet.TripletBatchRepository;
import io.smartgrid.triplet.TripletBlobDestination;
import io.smartgrid.triplet.TripletFolderSink;
import io.smartgrid.triplet.TripletJson;
import io.smartgrid.triplet.TripletSampler;
import io.smartgrid.triplet.TripletSink;
import io.smartgrid.triplet.WriteTripletsProcessor;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Processor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static io.smartgrid.settings.Settings.*;

/**
 * The edge's forecasting side: forecaster, model updater, and the triplets from batch to sink. The triplet sink is
 * chosen here, once: blob storage behind a disk spool when a storage account is configured, a local folder when not.
 */
public final class ForecastConfiguration implements CamelConfiguration {
    private static final Clock CLOCK = Clock.systemUTC();
    /** An hour's forecasts are evaluated when its last windows close: at most the idle timeout after its end. */
    private static final Duration LIVE_SCORE_GRACE = Duration.ofMinutes(2);
    /** A forecast this far behind the newest one (a sensor's backlog after an outage) still counts in its hour. */
    private static final Duration LIVE_SCORE_KEEP = Duration.ofHours(6);

    private final EdgeSettings settings;
    private final EdgeConfiguration edge;
    private final Counters counters;
    private final Forecaster forecaster;
    /** The edge's one storage client; the SDK tries once, because the spool retries. */
    private final Optional<BlobServiceClient> blobs;
    private ModelUpdater modelUpdater;
    private CanaryGuard canaryGuard;
    private LiveScores liveScores;
    private TripletSink tripletSink;

    public ForecastConfiguration(EdgeSettings settings, EdgeConfiguration edge) {
        this.settings = settings;
        this.edge = edge;
        this.counters = edge.counters();
        this.forecaster = new Forecaster(new MismatchRule(settings.get(FORECAST_ABS_TOLERANCE_W), settings.get(FORECAST_REL_TOLERANCE)),
                counters, CLOCK, settings.get(SENSOR_FORGET_AFTER));
        this.blobs = settings.storageClient(1);
    }

    @BindToRegistry(value = "forecaster", destroyMethod = "close")
    public Forecaster forecaster() {
        return forecaster;
    }

    @BindToRegistry("modelUpdater")
    public synchronized ModelUpdater modelUpdater() {
        if (modelUpdater == null) {
            // the native library costs memory and start-up; the edge forecasts without it, so it is only a cross-check
            NativeXGBoost xgboost = settings.get(MODEL_NATIVE_CHECK) ? NativeXGBoost.system()
                    : NativeXGBoost.unavailable("not used (smartgrid.model.native-check=false)");
            modelUpdater = new ModelUpdater(modelSource(settings.get(MODEL_SOURCE)), forecaster,
                    edge.payloadFormat().measurementNames(), counters, xgboost, settings.get(DEVICE_ID), canaryGuard());
        }
        return modelUpdater;
    }

    /** The canary models this edge refused on its own are kept in the data folder, across restarts. */
    public synchronized CanaryGuard canaryGuard() {
        if (canaryGuard == null) {
            try {
                canaryGuard = new CanaryGuard(settings.dataDir().resolve("canary-refused"), counters);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + settings.dataDir().resolve("canary-refused"), e);
            }
        }
        return canaryGuard;
    }

    @BindToRegistry("liveScores")
    public synchronized LiveScores liveScores() {
        if (liveScores == null) {
            liveScores = new LiveScores(settings.get(DEVICE_ID), canaryGuard(), counters, CLOCK, LIVE_SCORE_GRACE,
                    LIVE_SCORE_KEEP);
        }
        return liveScores;
    }

    /** Hands each ended hour's live score to the triplets' sink (a blob next to them, spooled like them). */
    @BindToRegistry("writeLiveScores")
    public Processor writeLiveScores() {
        return exchange -> {
            for (LiveScores.Blob blob : liveScores().due()) {
                tripletSink().write(blob.name(), blob.json());
            }
        };
    }

    private ModelSource modelSource(ModelLocation location) {
        if (location instanceof ModelLocation.Folder folder) {
            return new FolderModelSource(folder.path());
        }
        String container = ((ModelLocation.Blob) location).container();
        BlobServiceClient client = blobs.orElseThrow(() -> new IllegalArgumentException(MODEL_SOURCE.key() + ": blob:"
                + container + " needs a storage connection string (AZURE_STORAGE_CONNECTION_STRING)"));
        return new BlobModelSource(client.getBlobContainerClient(container));
    }

    @BindToRegistry("tripletJson")
    public TripletJson tripletJson() {
        return new TripletJson();
    }

    @BindToRegistry("tripletSampler")
    public TripletSampler tripletSampler() {
        return new TripletSampler(settings.get(TRIPLETS_GOOD_FRACTION));
    }

    @BindToRegistry("ndjsonBatch")
    public NdjsonBatchStrategy ndjsonBatch() {
        return new NdjsonBatchStrategy();
    }

    @BindToRegistry("tripletBatches")
    public TripletBatchRepository tripletBatches() throws IOException {
        return new TripletBatchRepository(settings.dataDir().resolve("triplet-batch"), settings.get(TRIPLETS_BATCH_TIMEOUT_MS),
                counters);
    }

    @BindToRegistry("writeTriplets")
    public WriteTripletsProcessor writeTriplets() throws IOException {
        return new WriteTripletsProcessor(tripletSink(), settings.get(DEVICE_ID), CLOCK, counters);
    }

    /** One sink, and so one spool, for the triplet batches and the live scores. */
    private synchronized TripletSink tripletSink() throws IOException {
        if (tripletSink == null) {
            tripletSink = newTripletSink();
        }
        return tripletSink;
    }

    private TripletSink newTripletSink() throws IOException {
        if (blobs.isEmpty()) {
            return new TripletFolderSink(settings.dataDir().resolve("triplets"), counters);
        }
        TripletBlobDestination destination = new TripletBlobDestination(
                blobs.get().getBlobContainerClient(settings.get(TRIPLETS_CONTAINER)), counters);
        DeadLetterFile dead = edge.deadLetterFile();
        SpoolingForwarder forwarder = edge.spooled("triplets", destination, (entry, reason) -> {
            counters.increment(Metric.TRIPLET_BATCHES_FAILED);
            dead.append(DeadLetterKind.TRIPLETS, reason, SpooledBatch.decode(entry).oneLine());
        });
        return new SpooledTripletSink(forwarder);
    }
}
