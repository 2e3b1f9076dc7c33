package io.smartgrid.retrain;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.forecast.ForecastModel;
import io.smartgrid.model.Canary;
import io.smartgrid.model.LatestModel;
import io.smartgrid.model.ModelCatalog;
import io.smartgrid.support.Counters;
import io.smartgrid.support.Metric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One training run: a challenger trained on every stored triplet, scored against the champion (the model latest.json
 * names) on the same held-out newest slice; published only when its RMSE is lower by the margin. The decision is
 * logged and kept as a blob either way.
 */
public final class Retrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** What a run decided. */
    public record Decision(boolean published, String version, Scores challenger, Scores champion, String championVersion,
                           int samples, String reason) {
    }

    private final TripletLedger ledger;
    private final ModelCatalog catalog;
    private final BlobContainerClient decisions;
    private final Trainer trainer;
    private final double margin;
    /** How good forecasts were sampled by triplets from before they carried their keep probability. */
    private final double legacyGoodFraction;
    private final int keep;
    private final Set<String> fields;
    private final Counters counters;
    private final Clock clock;
    private final CanaryPolicy canary;
    private final LiveScoreBlobs liveScores;

    public Retrainer(TripletLedger ledger, ModelCatalog catalog, BlobContainerClient decisions, Trainer trainer,
                     double margin, double legacyGoodFraction, int keep, Set<String> fields, Counters counters, Clock clock,
                     CanaryPolicy canary, LiveScoreBlobs liveScores) {
        this.canary = canary;
        this.liveScores = liveScores;
        this.ledger = ledger;
        this.catalog = catalog;
        this.decisions = decisions;
        this.trainer = trainer;
        this.margin = margin;
        this.legacyGoodFraction = legacyGoodFraction;
        this.keep = keep;
        this.fields = fields;
        this.counters = counters;
        this.clock = clock;
    }

    public synchronized Decision run() throws Exception {
        Instant now = clock.instant();
        Optional<LatestModel> running = catalog.latestModel();
        if (running.isPresent() && running.get().canary() != null) {
            String version = running.get().canary().model().version();
            LOG.info("retrain: canary {} runs; no new challenger until it is promoted or rolled back", version);
            ledger.trained(now);
            return new Decision(false, null, null, null, running.get().version(), 0, "canary " + version + " runs");
        }
        TrainingSet set;
        try (BufferedReader r = Files.newBufferedReader(ledger.store(), StandardCharsets.UTF_8)) {
            set = TrainingSet.builder(legacyGoodFraction).addLines(r).build();
        }
        Trainer.Result result = trainer.train(set);
        try {
            int from = result.holdoutFrom();
            Scores champion = null;
            String championVersion = running.map(LatestModel::version).orElse(null);
            if (running.isPresent()) {
                champion = score(catalog.read(running.get().file()), championVersion, set, from);
            }
            boolean better = champion == null || result.holdout().rmse() <= champion.rmse() * (1 - margin);
            String version = VERSION.format(now);
            String reason = champion == null ? "no champion to beat"
                    : String.format(Locale.ROOT, "challenger RMSE %.2f vs champion %.2f, needs %.2f or less",
                    result.holdout().rmse(), champion.rmse(), champion.rmse() * (1 - margin));
            Decision d = new Decision(better, better ? version : null, result.holdout(), champion, championVersion,
                    set.size(), reason);
            if (better) {
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("challenger", scores(result.holdout()));
                if (champion != null) {
                    metrics.put("champion", scores(champion));
                    metrics.put("champion_version", championVersion);
                }
                if (result.naiveHoldout() != null) {
                    metrics.put("naive", scores(result.naiveHoldout()));
                }
                List<String> canaryEdges = canary.enabled() && champion != null
                        ? canary.pick(liveScores.devicesSince(now.minus(Duration.ofDays(1)))) : List.of();
                if (!canaryEdges.isEmpty()) {
                    catalog.publishCanary(version, result.modelJson(), result.checkRows(), canary.share(), canaryEdges, now,
                            canary.guardRate(), canary.guardMinForecasts());
                    counters.increment(Metric.CANARIES_STARTED);
                    LOG.info("retrain: model {} published as the canary of {} ({}); {} samples", version, canaryEdges,
                            reason, set.size());
                } else {
                    if (canary.enabled() && champion != null) {
                        LOG.info("retrain: too few edges wrote a live score in the last day for a canary and a control"
                                + " group; model {} goes to every edge", version);
                    }
                    catalog.publish(version, result.modelJson(), result.checkRows(), set.featureNames(), metrics, set.size(), now);
                    counters.increment(Metric.MODELS_PUBLISHED);
                    LOG.info("retrain: published model {} ({}); {} samples; pruned {}", version, reason, set.size(),
                            catalog.prune(keep));
                }
            } else {
                counters.increment(Metric.MODELS_REJECTED);
                LOG.info("retrain: kept model {} ({}); {} samples", championVersion, reason, set.size());
            }
            record(d, now, "");
            ledger.trained(now);
            return d;
        } finally {
            result.booster().dispose();
        }
    }

    /**
     * While latest.json names a canary: judges it on the edges' live scores ({@link CanaryVerdict}) and, once decided,
     * promotes it to every edge or sends its edges back to the champion; the decision and its figures go to
     * {@code decisions/}. Empty when no canary runs, or while it waits.
     */
    public synchronized Optional<CanaryVerdict.Verdict> judgeCanary() throws Exception {
        Optional<LatestModel> latest = catalog.latestModel();
        if (latest.isEmpty() || latest.get().canary() == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Canary running = latest.get().canary();
        String version = running.model().version();
        LiveScoreBlobs.Read read = liveScores.since(running.since());
        CanaryVerdict.Verdict v = canary.verdict().judge(read.scores(), version, latest.get().version(), running.since(),
                read.refusedBy().getOrDefault(version, Set.of()), now);
        if (v.outcome() == CanaryVerdict.Outcome.WAIT) {
            LOG.debug("retrain: canary {} {}", version, v.reason());
            return Optional.empty();
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("canary", version);
        figures.put("champion", latest.get().version());
        figures.put("outcome", v.outcome().name().toLowerCase(Locale.ROOT));
        figures.put("reason", v.reason());
        figures.put("since", running.since().toString());
        if (v.figures() != null) {
            figures.put("live", v.figures());
        }
        if (v.outcome() == CanaryVerdict.Outcome.PROMOTE) {
            catalog.promoteCanary(Map.of("promoted_from_canary", figures), now);
            counters.increment(Metric.MODELS_PUBLISHED);
            counters.increment(Metric.CANARIES_PROMOTED);
            LOG.info("retrain: canary {} promoted to every edge: {}; pruned {}", version, v.reason(), catalog.prune(keep));
        } else {
            catalog.dropCanary();
            counters.increment(Metric.CANARIES_ROLLED_BACK);
            LOG.warn("retrain: canary {} rolled back, its edges return to model {}: {}", version, latest.get().version(), v.reason());
        }
        record(figures, now, "-canary");
        return Optional.of(v);
    }

    /** The champion's scores on the held-out slice, its features taken by name from the triplets; null if it cannot. */
    private Scores score(byte[] model, String version, TrainingSet set, int from) {
        try (ForecastModel m = ForecastModel.load(model, version, fields)) {
            List<String> names = m.plan().names();
            int[] columns = names.stream().mapToInt(set.featureNames()::indexOf).toArray();
            for (int c : columns) {
                if (c < 0) {
                    LOG.warn("retrain: champion {} needs features the triplets lack; it cannot be scored", version);
                    return null;
                }
            }
            int n = set.size() - from;
            float[] predicted = new float[n];
            float[] actual = new float[n];
            float[] row = new float[columns.length];
            for (int i = 0; i < n; i++) {
                TrainingSet.Sample s = set.samples().get(from + i);
                for (int j = 0; j < columns.length; j++) {
                    row[j] = s.features()[columns[j]];
                }
                predicted[i] = m.predict(row);
                actual[i] = s.actual();
            }
            return Scores.of(predicted, actual, set.weights(from, set.size()));
        } catch (Exception e) {
            LOG.warn("retrain: champion {} cannot be scored: {}", version, e.getMessage());
            return null;
        }
    }

    private static Map<String, Object> scores(Scores s) {
        return Map.of("rmse", s.rmse(), "mae", s.mae(), "n", s.n());
    }

    /** Keeps a decision as {@code decisions/<time><suffix>.json}, with when it was made. */
    private void record(Object decision, Instant now, String suffix) throws Exception {
        ObjectNode n = JSON.valueToTree(decision);
        n.put("decided_at", now.toString());
        decisions.createIfNotExists();
        decisions.getBlobClient("decisions/" + VERSION.format(now) + suffix + ".json")
                .upload(BinaryData.fromBytes(JSON.writeValueAsBytes(n)), true);
    }
}
