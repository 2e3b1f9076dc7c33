package io.smartgrid.edge;

import io.smartgrid.support.Gauges;
import io.smartgrid.support.IngestConnection;
import org.apache.camel.CamelConfiguration;

import java.util.List;

/** An edge process's source-specific beans: its windows and its ingest supervisor, and what health needs of them. */
interface IngestWiring extends CamelConfiguration {
    IngestConnection connection();

    /** Gauges of its own, published with the others. */
    List<Gauges> gauges();
}
