package io.smartgrid.retrain;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartgrid.forecast.CheckRows;
import io.smartgrid.forecast.NativeXGBoost;
import io.smartgrid.model.LatestModel;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.BlobClients;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.azure.storage.blob.BlobConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The retrainer's beans: storage client, ledger, trainer, and the small steps of its routes. */
public final class RetrainConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(RetrainConfiguration.class);

    private final RetrainSettings settings;
    private final Counters counters = new Counters();
    /** The SDK tries a request three times: the retrainer has no spool, its next scan is the retry. */
    private final BlobServiceClient blobs;
    private TripletLedger ledger;

    public RetrainConfiguration(RetrainSettings settings) {
        this.settings = settings;
        this.blobs = BlobClients.fromConnectionString(settings.storage().connectionString().reveal(), 3);
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
            BlobContainerClient own = blobs.getBlobContainerClient(settings.ownContainer());
            own.createIfNotExists();
            ledger = new TripletLedger(own.getBlobClient("checkpoint.json"), settings.store(), settings.mismatchTrigger(),
                    settings.period(), counters, Clock.systemUTC().instant());
        }
        return ledger;
    }

    @BindToRegistry("retrainer")
    public Retrainer retrainer() throws IOException {
        return new Retrainer(tripletLedger(), new ModelCatalog(blobs.getBlobContainerClient(settings.modelsContainer())),
                blobs.getBlobContainerClient(settings.ownContainer()), new Trainer(settings.training()), settings.margin(),
                settings.keep(), PayloadFormat.load(settings.payloadFormat()).measurementNames(), counters, Clock.systemUTC());
    }

    /** Body: the listed blobs; becomes the names still to read. */
    @BindToRegistry("tripletBlobsToRead")
    public Processor tripletBlobsToRead() {
        return exchange -> {
            List<?> items = exchange.getIn().getBody(List.class);
            List<String> names = items.stream().map(i -> ((BlobItem) i).getName()).filter(n -> n.endsWith(".ndjson")).toList();
            exchange.getIn().setBody(ledger.toRead(names));
        };
    }

    /** Body: one blob's NDJSON, header: its name. */
    @BindToRegistry("consumeTripletBlob")
    public Processor consumeTripletBlob() {
        return exchange -> ledger.consume(exchange.getIn().getHeader(BlobConstants.BLOB_NAME, String.class),
                exchange.getIn().getBody(String.class));
    }

    /** Body becomes whether a training run is due. */
    @BindToRegistry("retrainDue")
    public Processor retrainDue() {
        return exchange -> exchange.getIn().setBody(ledger.due(Clock.systemUTC().instant()));
    }

    /**
     * The edges create the triplet container on their first upload; creating it here lets the first scans list an
     * empty container instead of failing. Storage that is down at start is no reason not to start: the scans retry.
     */
    @Override
    public void configure(CamelContext context) {
        try {
            blobs.getBlobContainerClient(settings.tripletContainer()).createIfNotExists();
            seed(new ModelCatalog(blobs.getBlobContainerClient(settings.modelsContainer())), settings.seedModelDir());
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            LOG.warn("triplet container not reachable at start, the scans will retry: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * A fresh deployment has no model in the models container, so the edges would have nothing to forecast with and
     * no triplets would ever come: the first start publishes the bundled default model.
     */
    private static void seed(ModelCatalog catalog, Path dir) {
        try {
            if (catalog.latest().isPresent() || !Files.exists(dir.resolve("latest.json"))) {
                return;
            }
            LatestModel latest = LatestModel.parse(Files.readAllBytes(dir.resolve("latest.json")));
            byte[] model = Files.readAllBytes(dir.resolve(latest.file()));
            List<String> names = new ArrayList<>();
            new ObjectMapper().readTree(model).path("learner").path("feature_names").forEach(n -> names.add(n.asText()));
            byte[] check = latest.checkFile().isEmpty() ? checkRowsFor(model, names.size())
                    : Files.readAllBytes(dir.resolve(latest.checkFile()));
            catalog.publish(latest.version(), model, check, names, Map.of("seeded_from", dir.toString()), 0, Instant.now());
            LOG.info("models container was empty: published the bundled model {}", latest.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot seed the models container from " + dir, e);
        }
    }

    private static byte[] checkRowsFor(byte[] model, int features) throws IOException {
        try {
            return CheckRows.sampled(model, features, 64, NativeXGBoost.system()).toJson();
        } catch (XGBoostError e) {
            throw new IOException("cannot make the seed model's check rows: " + e.getMessage(), e);
        }
    }

    /** The one error handler of the cloud routes: count and log; the next scan tries again. */
    @BindToRegistry("retrainFailure")
    public Processor retrainFailure() {
        Logger log = LoggerFactory.getLogger("io.smartgrid.retrain");
        return exchange -> {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            counters.increment(Metric.RETRAIN_FAILURES, exchange.getFromRouteId());
            log.warn("route {} failed, the next scan tries again: {}", exchange.getFromRouteId(),
                    cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        };
    }
}
