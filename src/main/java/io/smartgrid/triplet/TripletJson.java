package io.smartgrid.triplet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartgrid.forecast.Evaluation;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * An evaluation as one triplet line: {@code {"sensor_id", "window_start", "horizon_s", "features": {…}, "predicted",
 * "actual", "abs_error", "model_version", "mismatch", "created_at"}}.
 */
public final class TripletJson implements Processor {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.getIn().setBody(line(exchange.getIn().getMandatoryBody(Evaluation.class)));
    }

    public static String line(Evaluation e) throws JsonProcessingException {
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
        o.put("created_at", e.createdAt().toString());
        return JSON.writeValueAsString(o);
    }
}
