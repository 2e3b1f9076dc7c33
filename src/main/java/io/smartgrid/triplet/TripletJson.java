package io.smartgrid.triplet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.forecast.Evaluation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * An evaluation as one triplet line: {@code {"sensor_id", "window_start", "horizon_s", "features": {…}, "predicted",
 * "actual", "abs_error", "model_version", "mismatch", "keep_probability", "created_at"}}. The keep probability is the
 * one {@link TripletSampler} kept it with; 1 when no sampler chose (a route that keeps every forecast).
 */
public final class TripletJson implements Processor {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getIn().setBody(line(exchange.getIn().getMandatoryBody(Evaluation.class),
                exchange.getProperty(TripletSampler.KEEP_PROBABILITY, 1.0, Double.class)));
    }

    /** A triplet kept whatever its outcome: keep probability 1. */
    public static String line(Evaluation e) throws JsonProcessingException {
        return line(e, 1);
    }

    public static String line(Evaluation e, double keepProbability) throws JsonProcessingException {
        ObjectNode o = JSON.createObjectNode();
        o.put("sensor_id", e.sensorId());
        o.put("window_start", e.featureWindowStartMs() / 1000);
        o.put("horizon_s", e.horizonSeconds());
        ObjectNode features = o.putObject("features");
        for (int i = 0; i < e.featureNames().size(); i++) {
            features.put(e.featureNames().get(i), (double) e.features()[i]);
        }
        o.put("predicted", e.predicted());
        o.put("actual", e.actual());
        o.put("abs_error", e.absError());
        o.put("model_version", e.modelVersion());
        o.put("mismatch", e.mismatch());
        o.put("keep_probability", keepProbability);
        o.put("created_at", e.createdAt().toString());
        return JSON.writeValueAsString(o);
    }
}
