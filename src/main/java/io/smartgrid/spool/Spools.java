package io.smartgrid.spool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every store-and-forward queue of the application, drained together by the spool-drain route. */
public final class Spools {
    private final List<SpoolingForwarder> forwarders = new CopyOnWriteArrayList<>();

    public void add(SpoolingForwarder forwarder) {
        forwarders.add(forwarder);
    }

    /** Replays what each spool holds; a destination still down keeps its entries for the next round. */
    public int drainAll() throws Exception {
        int delivered = 0;
        for (SpoolingForwarder f : forwarders) {
            delivered += f.drain();
        }
        return delivered;
    }

    public long bytes() {
        return forwarders.stream().mapToLong(f -> f.spool().bytes()).sum();
    }
}
