package io.smartgrid.retrain;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import io.smartgrid.forecast.ForecastConfiguration;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.payload.PayloadFormat;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Durations;
import io.smartgrid.support.BlobClients;
import io.smartgrid.support.Secrets;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.azure.storage.blob.BlobConstants;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The retrainer's beans: storage client, ledger, trainer, and the small steps of its routes. */
public final class RetrainConfiguration implements CamelConfiguration {
    private final Counters counters = new Counters();
    private BlobServiceClient blobs;
    private TripletLedger ledger;

    @BindToRegistry("counters")
    public Counters counters() {
        return counters;
    }

    /** The component reaches Azurite or any endpoint only through a client built from the connection string. */
    @BindToRegistry("blobServiceClient")
    public synchronized BlobServiceClient blobServiceClient(
            @PropertyInject("smartgrid.azure.connection-string") String connection,
            @PropertyInject("smartgrid.azure.connection-string-file") String connectionFile) {
        if (blobs == null) {
            blobs = BlobClients.fromConnectionString(
                    Secrets.read("smartgrid.azure.connection-string", connection, connectionFile), 3);
        }
        return blobs;
    }

    @BindToRegistry("tripletLedger")
    public synchronized TripletLedger tripletLedger(
            @PropertyInject("smartgrid.azure.connection-string") String connection,
            @PropertyInject("smartgrid.azure.connection-string-file") String connectionFile,
            @PropertyInject("smartgrid.retrain.container") String container,
            @PropertyInject("smartgrid.retrain.store") String store,
            @PropertyInject("smartgrid.retrain.mismatch-trigger") int trigger,
            @PropertyInject("smartgrid.retrain.period") String period) throws IOException {
        if (ledger == null) {
            var own = blobServiceClient(connection, connectionFile).getBlobContainerClient(container);
            own.createIfNotExists();
            ledger = new TripletLedger(own.getBlobClient("checkpoint.json"), Path.of(store), trigger,
                    Durations.parse("smartgrid.retrain.period", period), counters, Clock.systemUTC().instant());
        }
        return ledger;
    }

    @BindToRegistry("retrainer")
    public Retrainer retrainer(
            @PropertyInject("smartgrid.azure.connection-string") String connection,
            @PropertyInject("smartgrid.azure.connection-string-file") String connectionFile,
            @PropertyInject("smartgrid.retrain.container") String container,
            @PropertyInject("smartgrid.retrain.store") String store,
            @PropertyInject("smartgrid.retrain.mismatch-trigger") int trigger,
            @PropertyInject("smartgrid.retrain.period") String period,
            @PropertyInject("smartgrid.retrain.models-container") String models,
            @PropertyInject("smartgrid.retrain.margin") double margin,
            @PropertyInject("smartgrid.retrain.keep") int keep,
            @PropertyInject("smartgrid.retrain.eta") double eta,
            @PropertyInject("smartgrid.retrain.max-depth") int maxDepth,
            @PropertyInject("smartgrid.retrain.max-rounds") int maxRounds,
            @PropertyInject("smartgrid.payload.format") String format) throws IOException {
        BlobServiceClient client = blobServiceClient(connection, connectionFile);
        Trainer.Params d = Trainer.Params.defaults();
        Trainer.Params params = new Trainer.Params(d.holdout(), d.validation(), maxRounds, d.earlyStopping(), eta, maxDepth,
                d.subsample(), d.colsample(), d.minChildWeight(), d.lambda(), d.threads(), d.seed());
        return new Retrainer(tripletLedger(connection, connectionFile, container, store, trigger, period),
                new ModelCatalog(client.getBlobContainerClient(models)), client.getBlobContainerClient(container),
                new Trainer(params), margin, keep, ForecastConfiguration.fields(PayloadFormat.load(format)), counters,
                Clock.systemUTC());
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
    public void configure(org.apache.camel.CamelContext context) {
        var props = context.getPropertiesComponent();
        try {
            BlobServiceClient client = blobServiceClient(props.resolveProperty("smartgrid.azure.connection-string").orElse(""),
                    props.resolveProperty("smartgrid.azure.connection-string-file").orElse(""));
            client.getBlobContainerClient(props.resolveProperty("smartgrid.triplets.container").orElse("triplets"))
                    .createIfNotExists();
            seed(new ModelCatalog(client.getBlobContainerClient(props.resolveProperty("smartgrid.retrain.models-container")
                    .orElse("models"))), Path.of(props.resolveProperty("smartgrid.retrain.seed-model-dir").orElse("models")));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            org.slf4j.LoggerFactory.getLogger(RetrainConfiguration.class)
                    .warn("triplet container not reachable at start, the scans will retry: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * A fresh deployment has no model in the models container, so the edges would have nothing to forecast with and
     * no triplets would ever come: the first start publishes the bundled default model.
     */
    private static void seed(ModelCatalog catalog, Path dir) {
        try {
            if (catalog.latest().isPresent() || !java.nio.file.Files.exists(dir.resolve("latest.json"))) {
                return;
            }
            var latest = io.smartgrid.model.LatestModel.parse(java.nio.file.Files.readAllBytes(dir.resolve("latest.json")));
            byte[] model = java.nio.file.Files.readAllBytes(dir.resolve(latest.file()));
            List<String> names = new java.util.ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(model).path("learner").path("feature_names")
                    .forEach(n -> names.add(n.asText()));
            byte[] check = latest.checkFile().isEmpty() ? checkRowsFor(model, names.size())
                    : java.nio.file.Files.readAllBytes(dir.resolve(latest.checkFile()));
            catalog.publish(latest.version(), model, check, names, java.util.Map.of("seeded_from", dir.toString()), 0,
                    java.time.Instant.now());
            org.slf4j.LoggerFactory.getLogger(RetrainConfiguration.class)
                    .info("models container was empty: published the bundled model {}", latest.version());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot seed the models container from " + dir, e);
        }
    }

    private static byte[] checkRowsFor(byte[] model, int features) throws java.io.IOException {
        try {
            return io.smartgrid.forecast.CheckRows.sampled(model, features, 64, io.smartgrid.forecast.NativeXGBoost.system()).toJson();
        } catch (ml.dmlc.xgboost4j.java.XGBoostError e) {
            throw new java.io.IOException("cannot make the seed model's check rows: " + e.getMessage(), e);
        }
    }

    /** The one error handler of the cloud routes: count and log; the next scan tries again. */
    @BindToRegistry("retrainFailure")
    public Processor retrainFailure() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("io.smartgrid.retrain");
        return exchange -> {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            counters.increment("retrain_failures{route=" + exchange.getFromRouteId() + "}");
            log.warn("route {} failed, the next scan tries again: {}", exchange.getFromRouteId(),
                    cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        };
    }
}
