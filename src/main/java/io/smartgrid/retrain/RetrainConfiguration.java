package io.smartgrid.retrain;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.settings.SettingValues;
import io.smartgrid.support.BlobClients;
import io.smartgrid.support.Counters;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

import static io.smartgrid.settings.Settings.*;

/** The retrainer's beans: storage client, ledger, trainer, and the small steps of its routes. */
public final class RetrainConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainConfiguration.class);
    private static final Clock CLOCK = Clock.systemUTC();

    private final SettingValues settings;
    private final Counters counters = new Counters();
    /** The SDK tries a request three times: the retrainer has no spool, its next scan is the retry. */
    private final BlobServiceClient blobs;
    private TripletLedger ledger;

    public RetrainConfiguration(SettingValues settings) {
        this.settings = settings;
        this.blobs = BlobClients.fromConnectionString(settings.get(AZURE_CONNECTION_STRING).reveal(), 3);
    }

    @BindToRegistry("counters")
    public Counters counters() {
        return counters;
    }

    /** The component reaches Azurite or any endpoint only through a client built from the connection string. */
    @BindToRegistry("blobServiceClient")
    public BlobServiceClient blobServiceClient() {
        return blobs;
    }

    @BindToRegistry("tripletLedger")
    public synchronized TripletLedger tripletLedger() throws IOException {
        if (ledger == null) {
            BlobContainerClient own = blobs.getBlobContainerClient(settings.get(RETRAIN_CONTAINER));
            own.createIfNotExists();
            ledger = new TripletLedger(own.getBlobClient("checkpoint.json"), settings.get(RETRAIN_STORE),
                    settings.get(RETRAIN_MISMATCH_TRIGGER), settings.get(RETRAIN_PERIOD), counters, CLOCK.instant());
        }
        return ledger;
    }

    @BindToRegistry("retrainer")
    public Retrainer retrainer() throws IOException {
        Trainer.Params training = Trainer.Params.tuned(settings.get(RETRAIN_MAX_ROUNDS), settings.get(RETRAIN_ETA),
                settings.get(RETRAIN_MAX_DEPTH));
        return new Retrainer(tripletLedger(), models(), blobs.getBlobContainerClient(settings.get(RETRAIN_CONTAINER)),
                new Trainer(training), settings.get(RETRAIN_MARGIN), settings.get(TRIPLETS_GOOD_FRACTION), settings.get(RETRAIN_KEEP),
                PayloadFormat.load(settings.get(PAYLOAD_FORMAT)).measurementNames(), counters, CLOCK, canaryPolicy(),
                new LiveScoreBlobs(blobs.getBlobContainerClient(settings.get(TRIPLETS_CONTAINER))));
    }

    private CanaryPolicy canaryPolicy() {
        CanaryVerdict verdict = new CanaryVerdict(settings.get(RETRAIN_CANARY_MIN_FORECASTS), settings.get(RETRAIN_CANARY_MIN_HOURS),
                Duration.ofHours(settings.get(RETRAIN_CANARY_MAX_HOURS)), settings.get(RETRAIN_CANARY_CONFIDENCE), 2_000, 1);
        return new CanaryPolicy(settings.get(RETRAIN_CANARY_SHARE), settings.get(RETRAIN_CANARY_EDGES),
                settings.get(RETRAIN_CANARY_GUARD), settings.get(RETRAIN_CANARY_GUARD_MIN_FORECASTS), verdict);
    }

    private ModelCatalog models() {
        return new ModelCatalog(blobs.getBlobContainerClient(settings.get(RETRAIN_MODELS_CONTAINER)));
    }

    @BindToRegistry("tripletBlobsToRead")
    public Processor tripletBlobsToRead() throws IOException {
        return new TripletBlobsToReadProcessor(tripletLedger());
    }

    @BindToRegistry("consumeTripletBlob")
    public Processor consumeTripletBlob() throws IOException {
        return new ConsumeTripletBlobProcessor(tripletLedger());
    }

    @BindToRegistry("retrainDue")
    public Processor retrainDue() throws IOException {
        return new RetrainDueProcessor(tripletLedger(), CLOCK);
    }

    @BindToRegistry("retrainFailure")
    public Processor retrainFailure() {
        return new RetrainFailureProcessor(counters);
    }

    /**
     * The edges create the triplet container on their first upload; creating it here lets the first scans list an
     * empty container instead of failing. Storage that is down at start is no reason not to start: the scans retry.
     */
    @Override
    public void configure(CamelContext context) {
        try {
            blobs.getBlobContainerClient(settings.get(TRIPLETS_CONTAINER)).createIfNotExists();
            ModelsContainerSeed.seed(models(), settings.get(RETRAIN_SEED_MODEL_DIR));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            LOG.warn("triplet container not reachable at start, the scans will retry: {}", e.getClass().getSimpleName());
        }
    }
}
